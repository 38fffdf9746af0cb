import type { KeyObject } from 'node:crypto';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { CheckpointConflictError } from './integrity.errors';
import type { SqliteCheckpointStore, StoredCheckpoint } from './sqlite-checkpoint-store';
import type { SqliteMerkleLog } from './sqlite-merkle-log';

export interface CheckpointPolicy {
  /** Sign once this many new leaves arrived since the last checkpoint. */
  everyEvents: number;
  /** Sign once this many seconds passed since the last checkpoint, if any leaf arrived. */
  everySeconds: number;
}

/**
 * Whether a new checkpoint is due: only when the tree grew, and then after `everyEvents` new
 * leaves or `everySeconds` since the last one. The clock is passed in.
 */
export function checkpointDue(
  treeSize: number,
  last: { treeSize: number; time: string | null } | null,
  now: Date,
  policy: CheckpointPolicy,
): boolean {
  if (last === null) return treeSize > 0;
  if (treeSize <= last.treeSize) return false;
  if (treeSize - last.treeSize >= policy.everyEvents) return true;
  if (last.time === null) return true;
  return now.getTime() - Date.parse(last.time) >= policy.everySeconds * 1000;
}

export interface CheckpointSigner {
  /** The log's origin line, also its key name. */
  origin: string;
  privateKey: KeyObject;
}

/**
 * Signs checkpoints of the Merkle log and keeps them. It refuses to sign when the log no longer
 * reproduces its latest signed root (c2sp.org/tlog-checkpoint: a log must never sign a checkpoint
 * inconsistent with one it signed before), so a rewritten log cannot launder itself.
 */
export class CheckpointIssuer {
  constructor(
    private readonly log: SqliteMerkleLog,
    private readonly store: SqliteCheckpointStore,
    private readonly signer: CheckpointSigner,
    /** Throws when the log must not be signed (it disagrees with the event log). */
    private readonly assertSignable: () => void = () => {},
  ) {}

  /**
   * Sign the current tree head if it grew since the latest checkpoint (on demand, or when
   * `checkpointDue` said so) and return the latest checkpoint. An empty log gets a size-0 one, so
   * there is always a checkpoint to serve.
   */
  issue(now: Date): StoredCheckpoint {
    this.assertSignable();
    const latest = this.store.latest();
    const treeSize = this.log.size();
    if (latest !== null) {
      const root = this.log.rootAt(latest.treeSize);
      if (!root.equals(latest.rootHash)) {
        throw new CheckpointConflictError(
          `the Merkle log no longer reproduces the checkpoint signed at size ${latest.treeSize}; refusing to sign`,
        );
      }
      if (treeSize <= latest.treeSize) return latest;
    }
    const checkpoint: Checkpoint = {
      origin: this.signer.origin,
      treeSize,
      rootHash: this.log.rootAt(treeSize),
      time: now.toISOString(),
      extensions: [],
    };
    return this.store.save(checkpoint, signCheckpoint(checkpoint, this.signer.privateKey));
  }

  /** `issue` when the policy says a checkpoint is due, else the latest one unchanged. */
  issueIfDue(now: Date, policy: CheckpointPolicy): StoredCheckpoint | null {
    const latest = this.store.latest();
    return checkpointDue(this.log.size(), latest, now, policy) ? this.issue(now) : latest;
  }
}

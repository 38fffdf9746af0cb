import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { EventStore, Position, RecordedEvent } from '../event-store/event-store.port';
import { LogFollower } from '../log-follower/log-follower';
import { verifyCheckpoint } from './checkpoint';
import { CheckpointIssuer, type CheckpointPolicy } from './checkpoint-issuer';
import { IntegrityError, IntegrityFileDamagedError, MerkleLogDisagreesError } from './integrity.errors';
import { MerkleLogAudit } from './merkle-log-audit';
import { INTEGRITY_DATABASE_FILE, openIntegrityDatabase, type IntegrityDatabase } from './integrity-database';
import { loadOrCreateSigningKey, publicKeyPem } from './signing-key';
import type { SqliteMerkleLog } from './sqlite-merkle-log';
import type { StoredCheckpoint } from './sqlite-checkpoint-store';

export interface IntegrityProjectorOptions {
  dataDir: string;
  /** Ed25519 PKCS#8 PEM; generated (with a warning) when missing. */
  signingKeyFile: string;
  /** Origin line of the checkpoints, also the signing key's name. */
  origin: string;
  policy: CheckpointPolicy;
  /** Events hashed and appended per transaction while catching up. Default 1000. */
  batchSize?: number;
  /** Delay before following the log again after an error. Default 1000 ms. */
  retryMs?: number;
  onWarning?: (message: string) => void;
  onError?: (error: Error) => void;
  /** The clock checkpoints are stamped with. */
  now?: () => Date;
  /**
   * Set when another thread follows the log into the same file (the service's follower thread):
   * this instance then only answers queries and signs on request, and `waitFor` asks the follower.
   */
  followedElsewhere?: (position: Position, timeoutMs: number) => Promise<boolean>;
  /**
   * How the instance that follows the log audits it against the event log: the last `tailLeaves`
   * at start, then every leaf in the background, `chunkLeaves` at a time, `chunkPauseMs` apart,
   * a full pass every `passPauseMs`. Defaults: 1000 leaves, 1000 leaves, 50 ms, 10 minutes.
   */
  audit?: { tailLeaves?: number; chunkLeaves?: number; chunkPauseMs?: number; passPauseMs?: number };
}

export interface CatchUpProgress {
  /** Leaves appended by this catch-up so far. */
  appended: number;
  /** Tree size reached. */
  treeSize: number;
}

/**
 * Keeps the Merkle log as a projection of the store's global log and signs its checkpoints.
 * It follows the log like any read model, so appends never wait for hashing or signing: a write is
 * committed first and becomes a leaf a moment later. Leaves are appended in batches, one
 * transaction each, resuming after the log's last leaf on every start.
 */
export class IntegrityProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly log: SqliteMerkleLog;
  readonly publicKey: KeyObject;
  private readonly issuer: CheckpointIssuer;
  private readonly now: () => Date;
  private closed = false;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private readonly follower: LogFollower;
  readonly audit: MerkleLogAudit;
  private auditTimer: NodeJS.Timeout | null = null;

  private constructor(
    store: EventStore,
    private readonly database: IntegrityDatabase,
    privateKey: KeyObject,
    publicKey: KeyObject,
    private readonly options: IntegrityProjectorOptions,
  ) {
    this.log = database.log;
    this.publicKey = publicKey;
    this.audit = new MerkleLogAudit(database.db, database.log, store);
    this.issuer = new CheckpointIssuer(database.log, database.checkpoints, { origin: options.origin, privateKey }, () => this.audit.assertAgrees());
    this.now = options.now ?? (() => new Date());
    // Leaves not yet logged are appended under a write lock, so a second process cannot interleave.
    const append = database.db.transaction((events: readonly RecordedEvent[]) => {
      const last = this.log.lastPosition();
      const fresh = last === null ? events : events.filter((event) => event.position > last);
      return fresh.length === 0 ? 0 : (this.log.appendEvents(fresh), fresh.length);
    });
    this.follower = new LogFollower(
      store,
      { position: () => this.log.lastPosition(), commit: (events) => append.immediate(events) },
      {
        batchSize: options.batchSize ?? 1000,
        retryMs: options.retryMs,
        onError: options.onError,
        afterLiveCommit: () => this.issueIfDue(),
        followedElsewhere: options.followedElsewhere,
      },
    );
  }

  /** Opens `<dataDir>/integrity.sqlite` and the signing key; call `start()` to follow the log. */
  static open(store: EventStore, options: IntegrityProjectorOptions): IntegrityProjector {
    const key = loadOrCreateSigningKey(options.signingKeyFile, { onWarning: options.onWarning });
    let database: IntegrityDatabase;
    try {
      database = openIntegrityDatabase(options.dataDir);
    } catch (error) {
      throw damagedFileNamed(join(options.dataDir, INTEGRITY_DATABASE_FILE), error);
    }
    try {
      const projector = new IntegrityProjector(store, database, key.privateKey, key.publicKey, options);
      // Reads the last pages of the file, where a truncation shows.
      projector.log.rootAt();
      projector.warnOnForeignCheckpoint();
      return projector;
    } catch (error) {
      database.close();
      throw damagedFileNamed(database.file, error);
    }
  }

  /** Throws `MerkleLogDisagreesError` when the Merkle log was found to disagree with the event log. */
  assertAgrees(): void {
    this.audit.assertAgrees();
  }

  /**
   * Replaces every leaf with the event log's (stop the service first): the way out of a
   * disagreement. Signed checkpoints stay, and the next signing checks the rebuilt log reproduces them.
   */
  async rebuild(onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    this.database.db.transaction(() => {
      this.log.clear();
      this.audit.clear();
    })();
    return this.catchUp(onProgress);
  }

  /**
   * Checkpoints already signed are served as they are, so after the key or origin changed the
   * latest one would no longer verify with the served public key; say so rather than fail later.
   */
  private warnOnForeignCheckpoint(): void {
    const latest = this.database.checkpoints.latest();
    if (latest === null) return;
    try {
      verifyCheckpoint(latest.note, this.publicKey, { origin: this.options.origin });
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      this.options.onWarning?.(
        `the latest checkpoint in ${this.database.file} (tree size ${latest.treeSize}) does not verify with the signing key ` +
          `${this.options.signingKeyFile} and origin "${this.options.origin}": ${error.message}. ` +
          'Checkpoints signed from now on use the current key; auditors need the key that signed the ones they hold.',
      );
    }
  }

  /** Global position of the last leaf, or null while the log is empty. */
  position(): Position | null {
    return this.log.lastPosition();
  }

  /** Number of leaves: the current tree size. */
  size(): number {
    return this.log.size();
  }

  publicKeyPem(): string {
    return publicKeyPem(this.publicKey);
  }

  /** Resolves true once the Merkle log holds the event at `position`, or false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.follower.waitFor(position, timeoutMs);
  }

  /**
   * The latest signed checkpoint, signing one first when none covers the whole current log (so a
   * caller always gets the newest tree head there is).
   */
  checkpoint(): StoredCheckpoint {
    return this.issuer.issue(this.now());
  }

  /** The latest checkpoint as signed, without signing a new one (null before the first). */
  latestCheckpoint(): StoredCheckpoint | null {
    return this.database.checkpoints.latest();
  }

  /** The checkpoint signed at exactly `treeSize`, or null when none was. */
  checkpointAt(treeSize: number): StoredCheckpoint | null {
    return this.database.checkpoints.atTreeSize(treeSize);
  }

  /** Hashes every event after the log's last leaf, page by page; returns how many were appended. */
  catchUp(onProgress?: (progress: CatchUpProgress) => void): Promise<number> {
    return this.follower.catchUp((appended) => onProgress?.({ appended, treeSize: this.size() }));
  }

  /** Catches up, signs a checkpoint if one is due, then follows the log live. */
  async start(): Promise<void> {
    if (this.closed || !(await this.follower.start())) return;
    if (!this.options.followedElsewhere) await this.auditTail();
    this.issueIfDue();
    // Half the period, so a time-due checkpoint is at most one and a half periods late.
    const tick = Math.max(250, (this.options.policy.everySeconds * 1000) / 2);
    this.checkpointTimer = setInterval(() => this.issueIfDue(), tick);
    this.checkpointTimer.unref();
  }

  /** Stops following the log; what was appended stays. */
  async stop(): Promise<void> {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.auditTimer) clearTimeout(this.auditTimer);
    this.auditTimer = null;
    await this.follower.stop();
  }

  /** Stops and closes the integrity file (the store is the caller's). */
  async close(): Promise<void> {
    await this.stop();
    this.closed = true;
    this.database.close();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  /** Before the store closes, so no batch is cut off half-read. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** The tail first (where a crash or a tampering of recent history shows), then the whole log in the background. */
  private async auditTail(): Promise<void> {
    const recorded = this.audit.disagreement();
    if (recorded !== null) return this.reportDisagreement(recorded);
    const size = this.size();
    const found = await this.audit.check(Math.max(0, size - (this.options.audit?.tailLeaves ?? 1000)), size);
    if (found !== null) return this.reportDisagreement(found);
    this.scheduleAudit(0, this.options.audit?.chunkPauseMs ?? 50);
  }

  private scheduleAudit(from: number, delayMs: number): void {
    if (this.closed) return;
    this.auditTimer = setTimeout(() => void this.auditChunk(from), delayMs);
    this.auditTimer.unref();
  }

  private async auditChunk(from: number): Promise<void> {
    const { chunkLeaves = 1000, chunkPauseMs = 50, passPauseMs = 600_000 } = this.options.audit ?? {};
    try {
      const to = Math.min(this.size(), from + chunkLeaves);
      const found = await this.audit.check(from, to);
      if (found !== null) return this.reportDisagreement(found);
      if (to >= this.size()) this.scheduleAudit(0, passPauseMs);
      else this.scheduleAudit(to, chunkPauseMs);
    } catch (error) {
      if (this.closed) return;
      this.options.onError?.(error as Error);
      this.scheduleAudit(from, this.options.retryMs ?? 1000);
    }
  }

  private reportDisagreement(detail: string): void {
    this.options.onError?.(
      new MerkleLogDisagreesError(`the Merkle log in ${this.database.file} disagrees with the event log: ${detail}. No checkpoint is signed and no proof served until \`ledger integrity rebuild\` (stop the service first)`),
    );
  }

  private issueIfDue(): void {
    if (this.closed) return;
    try {
      this.issuer.issueIfDue(this.now(), this.options.policy);
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }
}

/** The projector's options as the service and the CLI read them from configuration. */
export function integrityOptionsOf(config: {
  dataDir: string;
  signingKeyFile: string;
  checkpointOrigin: string;
  checkpointEveryEvents: number;
  checkpointEverySeconds: number;
}): Pick<IntegrityProjectorOptions, 'dataDir' | 'signingKeyFile' | 'origin' | 'policy'> {
  return {
    dataDir: config.dataDir,
    signingKeyFile: config.signingKeyFile,
    origin: config.checkpointOrigin,
    policy: { everyEvents: config.checkpointEveryEvents, everySeconds: config.checkpointEverySeconds },
  };
}

/** SQLite's own words for a file that is not (or no longer) a database, turned into an error naming it. */
function damagedFileNamed(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    return new IntegrityFileDamagedError(
      `${file} is damaged (${code}: ${(error as Error).message}); stop the service and run \`ledger integrity rebuild\` to rebuild it from the event log`,
    );
  }
  return error;
}

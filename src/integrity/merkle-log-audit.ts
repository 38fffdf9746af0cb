import type { Database, Statement } from 'better-sqlite3';
import type { EventStore, Position } from '../event-store/event-store.port';
import { MerkleLogDisagreesError } from './integrity.errors';
import { leafHashOfEvent } from './log-entry';
import { hashChildren } from './merkle';
import type { SqliteMerkleLog } from './sqlite-merkle-log';

/** Events read from the store per page while checking leaves. */
const PAGE = 1000;

/**
 * Checks the Merkle log against the event log it projects: each leaf names the event at its place
 * in the global order and hashes that event's entry, and each stored subtree hashes its two
 * children. A disagreement is recorded in the integrity file itself, so every process that signs
 * or proves from that file (the service's threads, the CLI) refuses until the log is rebuilt.
 */
export class MerkleLogAudit {
  private readonly selectFinding: Statement;
  private readonly putFinding: Statement;
  private readonly deleteFinding: Statement;

  constructor(
    db: Database,
    private readonly log: SqliteMerkleLog,
    private readonly store: EventStore,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS integrity_audit_finding (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      found_at TEXT NOT NULL,
      detail TEXT NOT NULL
    )`);
    this.selectFinding = db.prepare('SELECT found_at, detail FROM integrity_audit_finding WHERE id = 1');
    this.putFinding = db.prepare('INSERT OR IGNORE INTO integrity_audit_finding (id, found_at, detail) VALUES (1, ?, ?)');
    this.deleteFinding = db.prepare('DELETE FROM integrity_audit_finding');
  }

  /** The recorded disagreement (the first one found), or null while the logs agree. */
  disagreement(): string | null {
    const row = this.selectFinding.get() as { found_at: string; detail: string } | undefined;
    return row ? `${row.detail} (found ${row.found_at})` : null;
  }

  /** Throws `MerkleLogDisagreesError` when a disagreement is on record. */
  assertAgrees(): void {
    const found = this.disagreement();
    if (found !== null) throw new MerkleLogDisagreesError(`the Merkle log disagrees with the event log: ${found}; nothing is signed or proved until \`ledger integrity rebuild\``);
  }

  /** Forgets the finding: only for a rebuild, which replaces every leaf. */
  clear(): void {
    this.deleteFinding.run();
  }

  /**
   * Compares leaves [from, to) with the events at their places in the global log, then the stored
   * subtrees over them; records and returns the first disagreement, or null.
   */
  async check(from: number, to: number): Promise<string | null> {
    const size = this.log.size();
    const end = Math.min(to, size);
    if (from >= end) return null;
    let cursor: Position | null = from === 0 ? null : (this.log.leaf(from - 1)?.position ?? null);
    let index = from;
    while (index < end) {
      const events = await this.store.readAll({ after: cursor, limit: Math.min(PAGE, end - index) });
      if (events.length === 0) {
        const leaf = this.log.leaf(index);
        return this.record(`leaf ${index} stands for event ${leaf?.eventId} at position ${leaf?.position}, past the end of the event log`);
      }
      for (const event of events) {
        const leaf = this.log.leaf(index);
        if (!leaf || leaf.eventId !== event.eventId || leaf.position !== event.position) {
          return this.record(`leaf ${index} stands for event ${leaf?.eventId} at position ${leaf?.position}, where the event log holds event ${event.eventId} at position ${event.position}`);
        }
        if (!leaf.leafHash.equals(leafHashOfEvent(event))) {
          return this.record(`leaf ${index} (event ${event.eventId} at position ${event.position}) does not hash that event as the event log holds it: integrity.sqlite or the event store was altered`);
        }
        index += 1;
        cursor = event.position;
      }
    }
    for (let level = 1, width = 2; width <= size; level += 1, width *= 2) {
      const last = Math.min(Math.floor(size / width), Math.ceil(end / width));
      for (let node = Math.floor(from / width); node < last; node += 1) {
        const expected = hashChildren(this.log.nodeHash(level - 1, 2 * node), this.log.nodeHash(level - 1, 2 * node + 1));
        if (!expected.equals(this.log.nodeHash(level, node))) {
          return this.record(`the subtree of leaves ${node * width}-${(node + 1) * width - 1} (level ${level}) does not hash its two halves: integrity.sqlite was altered`);
        }
      }
    }
    return null;
  }

  private record(detail: string): string {
    this.putFinding.run(new Date().toISOString(), detail);
    return detail;
  }
}

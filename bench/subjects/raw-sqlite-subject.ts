import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { BENCH_EVENT_TYPE } from '../bench-payload';
import type { BatchingSubject, StreamTarget } from './write-subject';

/**
 * The raw limit of the database: plain better-sqlite3 inserts into a minimal events table at the
 * ledger's durability (WAL, synchronous=FULL). The UNIQUE (stream_id, stream_revision) index is
 * the whole concurrency check, so an append at a stale revision still fails.
 */
export class RawSqliteSubject implements BatchingSubject {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly writeBatch: Database.Transaction<(appends: { targets: StreamTarget[]; payload: Record<string, unknown> }[]) => void>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL,
      stream_revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      UNIQUE (stream_id, stream_revision))`);
    this.insert = this.db.prepare(
      'INSERT INTO events (event_id, stream_id, stream_revision, type, data) VALUES (?, ?, ?, ?, ?)',
    );
    this.writeBatch = this.db.transaction((appends) => {
      for (const { targets, payload } of appends) {
        const data = JSON.stringify(payload);
        for (const target of targets) {
          const revision = target.expected === 'no-stream' ? 0 : target.expected + 1;
          this.insert.run(randomUUID(), target.streamId, revision, BENCH_EVENT_TYPE, data);
        }
      }
    });
  }

  appendBatch(appends: { targets: StreamTarget[]; payload: Record<string, unknown> }[]): void {
    this.writeBatch.immediate(appends);
  }

  /** The raw table, for read workloads. */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  notes(): string[] {
    return [];
  }
}

import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { PendingRows } from './pending-writes';
import { CLOCK_INSERT } from './read-model-schema';

/**
 * The times of the log beside the read models, so `asOf` may be an instant. Only the last
 * position of each recorded instant can answer `positionAt` (the newest instant at or before the
 * one asked, then its last position), so the clock keeps one row per instant, written at the end
 * of each batch.
 */
export class SqliteEventClock {
  private readonly rows: PendingRows;
  /** recorded_at → last position recorded then, for the current batch. */
  private readonly pending = new Map<string, Position>();
  private readonly positionAtStatement: Database.Statement;

  constructor(db: Database.Database) {
    this.rows = new PendingRows(db, CLOCK_INSERT);
    this.positionAtStatement = db
      .prepare('SELECT position FROM event_clock WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1')
      .safeIntegers(true);
  }

  record(position: Position, recordedAt: string): void {
    // Positions only grow within a batch: the last one set for an instant is its largest.
    this.pending.set(recordedAt, position);
  }

  positionAt(instant: string): Position | null {
    const row = this.positionAtStatement.get(instant) as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  flush(): void {
    this.stage();
    this.rows.flush();
  }

  /** The batch's rows (`CLOCK_INSERT`), taken away for the rebuild thread to write. */
  take(): unknown[] {
    this.stage();
    return this.rows.take();
  }

  private stage(): void {
    for (const [recordedAt, position] of this.pending) this.rows.add(recordedAt, position);
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
    this.rows.discard();
  }
}

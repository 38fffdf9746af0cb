import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { PendingRows } from './pending-writes';
import { closedSpanTable, entryTable, openSpanTable, termCountTable } from './read-model-schema';

/**
 * What one batch of a fold changed in one search index, as plain data: the fold's connection
 * writes it at the end of the batch, or the rebuild thread writes it on its own connection in
 * the batch's commit (it crosses a thread boundary, so it holds no statements and no classes).
 */
export interface IndexBatch {
  /** Open spans written by earlier batches that this batch ends: `[to, term, key]`. */
  ended: [Position, string, string][];
  /** Spans this batch opened, `[term, key, from, to, time]`, `to` null while still open. */
  opened: [string, string, Position, Position | null, string][];
  /** Each key's entry after this batch: `[key, entry as JSON]`. */
  entries: [string, string][];
  /** How many more (or fewer) keys hold each term after this batch. */
  counts: [string, number][];
}

/**
 * Writes the batches of one search index to a connection, in batch order: ending a span moves
 * the one open span of its term and key (written by an earlier batch) to the closed spans, so
 * each batch must find the rows of the batches before it in the file.
 */
export class IndexBatchWriter {
  private readonly insertOpen: PendingRows;
  private readonly insertClosed: PendingRows;
  private readonly insertEntries: PendingRows;
  private readonly endOpen: Database.Statement;
  private readonly addCount: Database.Statement;

  constructor(db: Database.Database, index: string) {
    this.insertOpen = new PendingRows(db, { head: `INSERT INTO ${openSpanTable(index)} (term, key, valid_from, time) VALUES`, columns: 4, tail: '' });
    this.insertClosed = new PendingRows(db, {
      head: `INSERT INTO ${closedSpanTable(index)} (term, key, valid_from, valid_to, time) VALUES`,
      columns: 5,
      tail: '',
    });
    this.insertEntries = new PendingRows(db, {
      head: `INSERT INTO ${entryTable(index)} (key, entry) VALUES`,
      columns: 2,
      tail: 'ON CONFLICT (key) DO UPDATE SET entry = excluded.entry',
    });
    this.endOpen = db.prepare(`DELETE FROM ${openSpanTable(index)} WHERE term = ? AND key = ? RETURNING valid_from, time`).safeIntegers(true);
    this.addCount = db.prepare(`INSERT INTO ${termCountTable(index)} (term, keys) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET keys = keys + excluded.keys`);
  }

  /** Writes one batch; the caller's transaction holds it. */
  write(batch: IndexBatch): void {
    // Ends first: they move the one open span of a term and key that earlier batches wrote to
    // the closed spans, before this batch's rows may open another span of the same term and key.
    for (const [to, term, key] of batch.ended) {
      const ended = this.endOpen.get(term, key) as { valid_from: bigint; time: string } | undefined;
      if (!ended) throw new Error(`the search index has no open span of "${term}" for "${key}" to end`);
      this.insertClosed.add(term, key, ended.valid_from, to, ended.time);
    }
    for (const [term, key, from, to, time] of batch.opened) {
      if (to === null) this.insertOpen.add(term, key, from, time);
      else this.insertClosed.add(term, key, from, to, time);
    }
    this.insertOpen.flush();
    this.insertClosed.flush();
    for (const [key, entry] of batch.entries) this.insertEntries.add(key, entry);
    this.insertEntries.flush();
    for (const [term, change] of batch.counts) if (change !== 0) this.addCount.run(term, change);
  }
}

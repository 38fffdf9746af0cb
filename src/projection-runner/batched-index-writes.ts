import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import type { IndexEntry } from '../../projections/projection';
import { PendingRows } from './pending-writes';
import { closedSpanTable, declared, entryTable, openSpanTable, termCountTable } from './read-model-schema';

/** Current entries kept from one batch to the next, as `BatchedDocuments` keeps documents. */
const CACHED_ENTRIES = 128;

/**
 * A key's current entry: each of its terms with the position its open span started at when that
 * span is among this batch's pending rows, or null when an earlier batch wrote it (the file has
 * exactly one open span of that term and key then, so it is closed by `valid_to IS NULL`).
 */
interface Current {
  time: string;
  since: Map<string, Position | null>;
  memo: IndexEntry['memo'];
}

/** A span opened in this batch, not yet written. */
interface OpenedSpan {
  term: string;
  key: string;
  from: Position;
  to: Position | null;
  time: string;
}

interface IndexWrites {
  /** `term \0 key \0 from` → the span, so a span opened and closed within a batch is written once. */
  opened: Map<string, OpenedSpan>;
  /** Open spans written by earlier batches that this batch ends: `[to, term, key]`. */
  closed: [Position, string, string][];
  /** Entries written in this batch, by key (serialised once, at the end of the batch). */
  entries: Map<string, Current>;
  /** How many more (or fewer) keys hold each term after this batch. */
  counts: Map<string, number>;
  cache: Map<string, Current | null>;
  insertOpen: PendingRows;
  insertClosed: PendingRows;
  insertEntries: PendingRows;
  addCount: Database.Statement;
  /** Ends the open span of a term and key written by an earlier batch, answering what it held. */
  endOpen: Database.Statement;
  readEntry: Database.Statement;
}

/**
 * The fold's side of the search indexes: an entry replacing a key's previous one ends the spans
 * of the terms it lost and opens spans for the terms it gained, held to the end of the batch like
 * the documents, so only the terms that changed cost a row (a span opened and ended within one
 * batch goes straight to the closed spans).
 */
export class BatchedIndexes {
  private readonly tables = new Map<string, IndexWrites>();

  constructor(db: Database.Database, indexes: readonly string[]) {
    for (const index of indexes) {
      const entries = entryTable(index);
      this.tables.set(index, {
        opened: new Map(),
        closed: [],
        entries: new Map(),
        counts: new Map(),
        cache: new Map(),
        insertOpen: new PendingRows(db, { head: `INSERT INTO ${openSpanTable(index)} (term, key, valid_from, time) VALUES`, columns: 4, tail: '' }),
        insertClosed: new PendingRows(db, { head: `INSERT INTO ${closedSpanTable(index)} (term, key, valid_from, valid_to, time) VALUES`, columns: 5, tail: '' }),
        insertEntries: new PendingRows(db, { head: `INSERT INTO ${entries} (key, entry) VALUES`, columns: 2, tail: 'ON CONFLICT (key) DO UPDATE SET entry = excluded.entry' }),
        endOpen: db.prepare(`DELETE FROM ${openSpanTable(index)} WHERE term = ? AND key = ? RETURNING valid_from, time`).safeIntegers(true),
        addCount: db.prepare(`INSERT INTO ${termCountTable(index)} (term, keys) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET keys = keys + excluded.keys`),
        readEntry: db.prepare(`SELECT entry FROM ${entries} WHERE key = ?`),
      });
    }
  }

  indexed(index: string, key: string, inBatch: boolean): IndexEntry | undefined {
    const current = this.current(declared(this.tables, 'index', index), key, inBatch);
    return current ? { terms: [...current.since.keys()].sort(), time: current.time, ...(current.memo ? { memo: current.memo } : {}) } : undefined;
  }

  index(index: string, key: string, entry: IndexEntry, at: Position): void {
    const table = declared(this.tables, 'index', index);
    const previous = this.current(table, key, true);
    const wanted = new Set(entry.terms);
    const since = new Map<string, Position | null>();
    for (const [term, from] of previous?.since ?? []) {
      if (wanted.has(term) && previous!.time === entry.time) since.set(term, from);
      else close(table, term, key, from, at);
    }
    for (const term of wanted) {
      if (since.has(term)) continue;
      open(table, term, key, at, entry.time);
      since.set(term, at);
    }
    const memo = entry.memo && (JSON.parse(JSON.stringify(entry.memo)) as IndexEntry['memo']);
    const current: Current = { time: entry.time, since, memo };
    table.cache.delete(key);
    table.cache.set(key, current);
    table.entries.set(key, current);
  }

  flush(): void {
    for (const table of this.tables.values()) {
      // Ends first: they move the one open span of a term and key that earlier batches wrote to
      // the closed spans, before this batch's rows may open another span of the same term and key.
      for (const [to, term, key] of table.closed) {
        const ended = table.endOpen.get(term, key) as { valid_from: bigint; time: string };
        table.insertClosed.add(term, key, ended.valid_from, to, ended.time);
      }
      for (const span of table.opened.values()) {
        if (span.to === null) table.insertOpen.add(span.term, span.key, span.from, span.time);
        else table.insertClosed.add(span.term, span.key, span.from, span.to, span.time);
      }
      table.insertOpen.flush();
      table.insertClosed.flush();
      for (const [key, current] of table.entries) {
        table.insertEntries.add(key, JSON.stringify({ time: current.time, terms: [...current.since.keys()], memo: current.memo }));
        // Written: its open spans are in the file now.
        for (const term of current.since.keys()) current.since.set(term, null);
      }
      table.insertEntries.flush();
      for (const [term, change] of table.counts) if (change !== 0) table.addCount.run(term, change);
      table.opened.clear();
      table.closed = [];
      table.entries.clear();
      table.counts.clear();
      if (table.cache.size > CACHED_ENTRIES) {
        for (const key of table.cache.keys()) {
          table.cache.delete(key);
          if (table.cache.size <= CACHED_ENTRIES) break;
        }
      }
    }
  }

  discard(): void {
    for (const table of this.tables.values()) {
      table.opened.clear();
      table.closed = [];
      table.entries.clear();
      table.counts.clear();
    }
  }

  forgetCache(): void {
    for (const table of this.tables.values()) table.cache.clear();
  }

  private current(table: IndexWrites, key: string, inBatch: boolean): Current | null {
    const cached = inBatch ? table.cache.get(key) : undefined;
    if (cached !== undefined) return cached;
    const row = table.readEntry.get(key) as { entry: string } | undefined;
    const parsed = row ? (JSON.parse(row.entry) as { time: string; terms: string[]; memo?: IndexEntry['memo'] }) : null;
    const current = parsed && { time: parsed.time, since: new Map<string, Position | null>(parsed.terms.map((t) => [t, null])), memo: parsed.memo };
    if (inBatch) table.cache.set(key, current);
    return current;
  }
}

function close(table: IndexWrites, term: string, key: string, from: Position | null, at: Position): void {
  table.counts.set(term, (table.counts.get(term) ?? 0) - 1);
  const pending = from === null ? undefined : table.opened.get(spanId(term, key, from));
  if (pending) pending.to = at;
  else table.closed.push([at, term, key]);
}

function open(table: IndexWrites, term: string, key: string, at: Position, time: string): void {
  table.counts.set(term, (table.counts.get(term) ?? 0) + 1);
  const id = spanId(term, key, at);
  const pending = table.opened.get(id);
  if (pending) {
    // Dropped and taken again at the same position: the span goes on as if never closed.
    pending.to = null;
    pending.time = time;
  } else table.opened.set(id, { term, key, from: at, to: null, time });
}

function spanId(term: string, key: string, from: Position): string {
  return `${term}\u0000${key}\u0000${from}`;
}

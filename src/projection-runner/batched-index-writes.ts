import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import type { IndexEntry } from '../../projections/projection';
import { PendingRows } from './pending-writes';
import { declared, entryTable, termCountTable, termTable } from './read-model-schema';

/** Current entries kept from one batch to the next, as `BatchedDocuments` keeps documents. */
const CACHED_ENTRIES = 128;

/** A key's current entry with the position each of its terms has held since. */
interface Current {
  time: string;
  since: Map<string, Position>;
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
  /** Spans written by earlier batches that this batch ends: `[to, term, key, from]`. */
  closed: [Position, string, string, Position][];
  /** Entries written in this batch, by key, as JSON. */
  entries: Map<string, string>;
  /** How many more (or fewer) keys hold each term after this batch. */
  counts: Map<string, number>;
  cache: Map<string, Current | null>;
  insertSpans: PendingRows;
  insertEntries: PendingRows;
  addCount: Database.Statement;
  closeSpan: Database.Statement;
  readEntry: Database.Statement;
}

/**
 * The fold's side of the search indexes: an entry replacing a key's previous one closes the spans
 * of the terms it lost and opens spans for the terms it gained, held to the end of the batch like
 * the documents, so only the terms that changed cost a row.
 */
export class BatchedIndexes {
  private readonly tables = new Map<string, IndexWrites>();

  constructor(db: Database.Database, indexes: readonly string[]) {
    for (const index of indexes) {
      const terms = termTable(index);
      const entries = entryTable(index);
      this.tables.set(index, {
        opened: new Map(),
        closed: [],
        entries: new Map(),
        counts: new Map(),
        cache: new Map(),
        insertSpans: new PendingRows(db, `INSERT INTO ${terms} (term, key, valid_from, valid_to, time) VALUES`, 5, ''),
        insertEntries: new PendingRows(db, `INSERT INTO ${entries} (key, entry) VALUES`, 2, 'ON CONFLICT (key) DO UPDATE SET entry = excluded.entry'),
        closeSpan: db.prepare(`UPDATE ${terms} SET valid_to = ? WHERE term = ? AND key = ? AND valid_from = ?`),
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
    const since = new Map<string, Position>();
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
    table.entries.set(key, JSON.stringify({ time: entry.time, since: Object.fromEntries([...since].map(([t, p]) => [t, p.toString()])), memo }));
  }

  flush(): void {
    for (const table of this.tables.values()) {
      for (const span of table.opened.values()) table.insertSpans.add(span.term, span.key, span.from, span.to, span.time);
      table.insertSpans.flush();
      for (const row of table.closed) table.closeSpan.run(row);
      for (const [key, json] of table.entries) table.insertEntries.add(key, json);
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
    const parsed = row ? (JSON.parse(row.entry) as { time: string; since: Record<string, string>; memo?: IndexEntry['memo'] }) : null;
    const current = parsed && { time: parsed.time, since: new Map(Object.entries(parsed.since).map(([t, p]) => [t, BigInt(p)])), memo: parsed.memo };
    if (inBatch) table.cache.set(key, current);
    return current;
  }
}

function close(table: IndexWrites, term: string, key: string, from: Position, at: Position): void {
  table.counts.set(term, (table.counts.get(term) ?? 0) - 1);
  const pending = table.opened.get(spanId(term, key, from));
  if (pending) pending.to = at;
  else table.closed.push([at, term, key, from]);
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

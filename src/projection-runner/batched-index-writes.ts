import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import type { IndexEntry } from '../../projections/projection';
import { trimCache } from './batched-writes';
import { IndexBatchWriter, type IndexBatch } from './index-batch-writes';
import { declared, entryTable } from './read-model-schema';

/** Current entries kept from one batch to the next, as `BatchedDocuments` keeps documents. */
const CACHED_ENTRIES = 128;

/**
 * A key's current entry: each of its terms with the position its open span started at when that
 * span is among this batch's pending rows, or null when an earlier batch wrote it or handed it
 * over (the file has, or is about to have, exactly one open span of that term and key then, so it
 * is ended by term and key).
 */
interface Current {
  time: string;
  since: Map<string, Position | null>;
  memo: IndexEntry['memo'];
  /**
   * The batch whose commit on the rebuild thread writes this entry, 0 once it is in the file:
   * until then it stays cached, since the file cannot answer for it.
   */
  unsettled: number;
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
  writer: IndexBatchWriter;
  readEntry: Database.Statement;
}

/**
 * The fold's side of the search indexes: an entry replacing a key's previous one ends the spans
 * of the terms it lost and opens spans for the terms it gained, held to the end of the batch like
 * the documents, so only the terms that changed cost a row (a span opened and ended within one
 * batch goes straight to the closed spans). During a rebuild a batch's changes may be taken away
 * as an `IndexBatch` for the rebuild thread to write instead (`take`); its entries stay cached
 * until that batch is committed (`settle`).
 */
export class BatchedIndexes {
  private readonly tables = new Map<string, IndexWrites>();
  /** Entries handed over per batch, until the rebuild thread says it committed them. */
  private readonly handedOver = new Map<number, Current[]>();

  constructor(db: Database.Database, indexes: readonly string[]) {
    for (const index of indexes) {
      this.tables.set(index, {
        opened: new Map(),
        closed: [],
        entries: new Map(),
        counts: new Map(),
        cache: new Map(),
        writer: new IndexBatchWriter(db, index),
        readEntry: db.prepare(`SELECT entry FROM ${entryTable(index)} WHERE key = ?`),
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
    const current: Current = { time: entry.time, since, memo, unsettled: 0 };
    table.cache.delete(key);
    table.cache.set(key, current);
    table.entries.set(key, current);
  }

  /** Writes this batch's changes to every index and trims each cache to its size between batches. */
  flush(): void {
    for (const table of this.tables.values()) {
      table.writer.write(describe(table));
      trimCache(table.cache, CACHED_ENTRIES, isSettled);
    }
  }

  /**
   * This batch's changes to each index (in constructor order), taken away for the rebuild thread
   * to write as `batch`; its entries stay cached until `settle(batch)`.
   */
  take(batch: number): IndexBatch[] {
    const handedOver: Current[] = [];
    const batches: IndexBatch[] = [];
    for (const table of this.tables.values()) {
      for (const current of table.entries.values()) {
        current.unsettled = batch;
        handedOver.push(current);
      }
      batches.push(describe(table));
      trimCache(table.cache, CACHED_ENTRIES, isSettled);
    }
    this.handedOver.set(batch, handedOver);
    return batches;
  }

  /** The rebuild thread committed `batch`: the file answers for its entries now. */
  settle(batch: number): void {
    for (const current of this.handedOver.get(batch) ?? []) {
      // A later batch may have written the key again; that entry stays pinned.
      if (current.unsettled === batch) current.unsettled = 0;
    }
    this.handedOver.delete(batch);
  }

  discard(): void {
    for (const table of this.tables.values()) reset(table);
  }

  /** Forgets the cached entries: someone else may have written the file since, or the rebuild was given up. */
  forgetCache(): void {
    for (const table of this.tables.values()) table.cache.clear();
    this.handedOver.clear();
  }

  private current(table: IndexWrites, key: string, inBatch: boolean): Current | null {
    const cached = inBatch ? table.cache.get(key) : undefined;
    if (cached !== undefined) return cached;
    const row = table.readEntry.get(key) as { entry: string } | undefined;
    const parsed = row ? (JSON.parse(row.entry) as { time: string; terms: string[]; memo?: IndexEntry['memo'] }) : null;
    const current = parsed && { time: parsed.time, since: new Map<string, Position | null>(parsed.terms.map((t) => [t, null])), memo: parsed.memo, unsettled: 0 };
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

/**
 * This batch's changes, to be written by whichever connection commits the batch; the batch is
 * emptied, and its entries' open spans count as written from here on (they are, or will be
 * before the next batch's, since batches are written in order).
 */
function describe(table: IndexWrites): IndexBatch {
  const batch: IndexBatch = {
    ended: table.closed,
    opened: [...table.opened.values()].map((span) => [span.term, span.key, span.from, span.to, span.time]),
    entries: [],
    counts: [...table.counts],
  };
  for (const [key, current] of table.entries) {
    batch.entries.push([key, JSON.stringify({ time: current.time, terms: [...current.since.keys()], memo: current.memo })]);
    for (const term of current.since.keys()) current.since.set(term, null);
  }
  reset(table);
  return batch;
}

function reset(table: IndexWrites): void {
  table.opened.clear();
  table.closed = [];
  table.entries.clear();
  table.counts.clear();
}

function isSettled(current: Current | null): boolean {
  return current === null || current.unsettled === 0;
}

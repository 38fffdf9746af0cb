import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { PendingRows } from './pending-writes';
import { declared, documentInsert, documentTable, linkInsert } from './read-model-schema';

/**
 * Documents per collection kept from one batch to the next (within a batch every document read
 * or written stays). A few hundred catch a live fold's neighbouring events; 1,024 measured no
 * faster on a rebuild and cost some 50 MB of heap, as large documents outlive the young generation.
 */
const CACHED_DOCUMENTS = 128;

/** The latest version of a document as the fold knows it (`doc` undefined: there is none). */
interface Latest {
  doc: unknown;
  at: Position | null;
  /** Its row among the table's pending rows, -1 once written or handed over. */
  row: number;
  /**
   * The batch whose rows the rebuild thread is writing with this version, 0 once it is in the
   * file: until then the version stays cached, since the file cannot answer for it.
   */
  unsettled: number;
}

interface DocumentWrites {
  pending: PendingRows;
  /** Latest versions of recently read or written documents, oldest write first. */
  cache: Map<string, Latest>;
  /** Entries whose version is among the pending rows. */
  written: Latest[];
  latest: Database.Statement;
}

/**
 * The fold's side of the document collections: new versions are held until the end of a batch
 * and written table by table with multi-row INSERTs (each version still its own row, so history
 * stays exact), and the latest version of recently written documents is kept parsed, so `get`,
 * which every fold step asks, seldom reaches SQLite. During a rebuild the rows of a batch may be
 * taken away for the rebuild thread to write instead (`take`), and its versions stay cached until
 * that batch is committed (`settle`).
 */
export class BatchedDocuments {
  private readonly tables = new Map<string, DocumentWrites>();
  /** Versions handed over per batch, until the rebuild thread says it committed them. */
  private readonly handedOver = new Map<number, Latest[]>();

  constructor(db: Database.Database, collections: readonly string[]) {
    for (const collection of collections) {
      this.tables.set(collection, {
        pending: new PendingRows(db, documentInsert(collection)),
        cache: new Map(),
        written: [],
        latest: db.prepare(`SELECT doc FROM ${documentTable(collection)} WHERE key = ? ORDER BY valid_from DESC LIMIT 1`),
      });
    }
  }

  /** The latest version, pending writes included; within a batch it stays cached for the batch. */
  get<T>(collection: string, key: string, inBatch: boolean): T | undefined {
    const table = declared(this.tables, 'collection', collection);
    if (!inBatch) return readLatest<T>(table, key);
    const cached = table.cache.get(key);
    if (cached) return cached.doc as T | undefined;
    const doc = readLatest<T>(table, key);
    table.cache.set(key, { doc, at: null, row: -1, unsettled: 0 });
    return doc;
  }

  put<T>(collection: string, key: string, doc: T, at: Position): void {
    const table = declared(this.tables, 'collection', collection);
    const json = JSON.stringify(doc);
    const cached = table.cache.get(key);
    if (cached && cached.row >= 0 && cached.at === at) {
      // A second put at the same position replaces the version, not adds one.
      table.pending.set(cached.row, 2, json);
      cached.doc = doc;
    } else {
      const latest: Latest = { doc, at, row: table.pending.add(key, at, json), unsettled: 0 };
      // Re-inserted so the Map's order is the order of last writes: the oldest are evicted first.
      table.cache.delete(key);
      table.cache.set(key, latest);
      table.written.push(latest);
    }
  }

  /** Writes the pending versions and trims each cache to its size between batches. */
  flush(): void {
    for (const table of this.tables.values()) {
      table.pending.flush();
      for (const latest of table.written) latest.row = -1;
      table.written = [];
      trim(table.cache);
    }
  }

  /**
   * The pending rows of each collection (in constructor order, as `documentInsert` describes
   * them), taken away for the rebuild thread to write as `batch`; their versions stay cached
   * until `settle(batch)`.
   */
  take(batch: number): unknown[][] {
    const handedOver: Latest[] = [];
    const rows: unknown[][] = [];
    for (const table of this.tables.values()) {
      rows.push(table.pending.take());
      for (const latest of table.written) {
        latest.row = -1;
        latest.unsettled = batch;
        handedOver.push(latest);
      }
      table.written = [];
      trim(table.cache);
    }
    this.handedOver.set(batch, handedOver);
    return rows;
  }

  /** The rebuild thread committed `batch`: the file answers for its versions now. */
  settle(batch: number): void {
    for (const latest of this.handedOver.get(batch) ?? []) {
      // A later batch may have written the document again; that version stays pinned.
      if (latest.unsettled === batch) latest.unsettled = 0;
    }
    this.handedOver.delete(batch);
  }

  /** Forgets the pending versions (the batch rolled back). */
  discard(): void {
    for (const table of this.tables.values()) {
      table.pending.discard();
      table.written = [];
    }
  }

  /** Forgets the cached versions: someone else may have written the file since, or the rebuild was given up. */
  forgetCache(): void {
    for (const table of this.tables.values()) table.cache.clear();
    this.handedOver.clear();
  }
}

/** The fold's side of the relations: edges held until the end of a batch, then written in bulk. */
export class BatchedLinks {
  private readonly tables = new Map<string, PendingRows>();

  constructor(db: Database.Database, relations: readonly string[]) {
    for (const relation of relations) this.tables.set(relation, new PendingRows(db, linkInsert(relation)));
  }

  link(relation: string, source: string, target: string, at: Position): void {
    declared(this.tables, 'relation', relation).add(source, target, at);
  }

  flush(): void {
    for (const pending of this.tables.values()) pending.flush();
  }

  /** The pending edges of each relation (in constructor order, as `linkInsert` describes them), taken away. */
  take(): unknown[][] {
    return [...this.tables.values()].map((pending) => pending.take());
  }

  discard(): void {
    for (const pending of this.tables.values()) pending.discard();
  }
}

function readLatest<T>(table: DocumentWrites, key: string): T | undefined {
  const row = table.latest.get(key) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as T) : undefined;
}

/** Evicts the oldest versions down to the cache's size, keeping those the file cannot answer for yet. */
function trim(cache: Map<string, Latest>): void {
  if (cache.size <= CACHED_DOCUMENTS) return;
  for (const [key, latest] of cache) {
    if (latest.unsettled === 0 && latest.row < 0) cache.delete(key);
    if (cache.size <= CACHED_DOCUMENTS) return;
  }
}

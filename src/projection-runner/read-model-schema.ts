import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The tables of a read-model file: one table of versions `(key, valid_from, doc)` per document
 * collection, one table of edges `(source, target, position)` per relation, two per search index
 * (its term spans `(term, key, valid_from, valid_to, time)` and each key's current entry), and
 * beside them the checkpoint, the event clock and the version of the projections that wrote the file.
 */

/** Bump when the tables change shape: files of another layout are rebuilt from zero. */
export const STORAGE_LAYOUT = 2;

/** The collections and relations a file holds a table for. */
export interface ReadModelTables {
  collections: readonly string[];
  relations: readonly string[];
  indexes: readonly string[];
}

/** Opens (creating when missing) a read-model file with the tables every file has. */
export function openReadModelDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // The read models can always be rebuilt from the log, and documents and checkpoint commit
  // together, so NORMAL keeps them consistent after any crash; FULL would only slow the fold.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS read_model_meta (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS event_clock (recorded_at TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
  `);
  return db;
}

export function documentTable(collection: string): string {
  return `"doc_${tableName(collection)}"`;
}

export function linkTable(relation: string): string {
  return `"link_${tableName(relation)}"`;
}

/** The spans of a search index still open: term, key, the position it is held from, its time. */
export function openSpanTable(index: string): string {
  return `"open_terms_${tableName(index)}"`;
}

/** The spans of a search index that ended: term, key, the positions it was held from and until, its time. */
export function closedSpanTable(index: string): string {
  return `"closed_terms_${tableName(index)}"`;
}

/** How many keys hold each term of a search index now: what a query walks the rarest of its terms by. */
export function termCountTable(index: string): string {
  return `"term_counts_${tableName(index)}"`;
}

/** The current entry of each key of a search index: what the fold replaces on its next write. */
export function entryTable(index: string): string {
  return `"entries_${tableName(index)}"`;
}

/**
 * A multi-row INSERT into one table: `${head} (?, ?, ?), (?, ?, ?) … ${tail}`. Described here once,
 * so a fold writing in its own transaction and the rebuild thread write exactly the same rows.
 */
export interface RowInsert {
  /** `INSERT INTO t (a, b, c) VALUES` */
  head: string;
  columns: number;
  /** `ON CONFLICT …`, appended after the values. */
  tail: string;
}

/** A new version of a document; a second put at the same position replaces it. */
export function documentInsert(collection: string): RowInsert {
  return {
    head: `INSERT INTO ${documentTable(collection)} (key, valid_from, doc) VALUES`,
    columns: 3,
    tail: 'ON CONFLICT (key, valid_from) DO UPDATE SET doc = excluded.doc',
  };
}

/** An edge; the first time it is linked wins. */
export function linkInsert(relation: string): RowInsert {
  return { head: `INSERT INTO ${linkTable(relation)} (source, target, position) VALUES`, columns: 3, tail: 'ON CONFLICT DO NOTHING' };
}

/** The last position recorded at an instant (`SqliteEventClock`). */
export const CLOCK_INSERT: RowInsert = {
  head: 'INSERT INTO event_clock (recorded_at, position) VALUES',
  columns: 2,
  tail: 'ON CONFLICT (recorded_at) DO UPDATE SET position = max(position, excluded.position)',
};

export const READ_CHECKPOINT = 'SELECT position FROM checkpoint WHERE id = 1';
export const WRITE_CHECKPOINT = 'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position';

/** Creates the tables of every collection and relation that are missing. */
export function createTables(db: Database.Database, tables: ReadModelTables): void {
  for (const collection of tables.collections) db.exec(createDocumentTable(collection));
  for (const relation of tables.relations) db.exec(createLinkTable(relation));
  for (const index of tables.indexes) db.exec(createIndexTables(index));
}

/** Drops the tables of every collection and relation (those of an older layout too). */
export function dropTables(db: Database.Database, tables: ReadModelTables): void {
  for (const collection of tables.collections) db.exec(`DROP TABLE IF EXISTS ${documentTable(collection)}`);
  for (const relation of tables.relations) db.exec(`DROP TABLE IF EXISTS ${linkTable(relation)}`);
  for (const index of tables.indexes) {
    for (const table of [openSpanTable(index), closedSpanTable(index), termCountTable(index), entryTable(index)]) db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * Empties every read model, the clock and the checkpoint for a fold from zero. Tables are dropped
 * and created again rather than emptied: faster, and an older layout is replaced too.
 */
export function emptyTables(db: Database.Database, tables: ReadModelTables): void {
  dropTables(db, tables);
  createTables(db, tables);
  // event_times: the clock of files laid out before STORAGE_LAYOUT 2.
  db.exec('DELETE FROM event_clock; DELETE FROM checkpoint; DROP TABLE IF EXISTS event_times;');
}

/** The table of a collection or relation, or a clear error when no projection declares it. */
export function declared<T>(tables: ReadonlyMap<string, T>, kind: 'collection' | 'relation' | 'index', name: string): T {
  const table = tables.get(name);
  if (!table) throw new Error(`no projection declares the ${kind} "${name}"`);
  return table;
}

function createDocumentTable(collection: string): string {
  const t = documentTable(collection);
  // Versions are appended to a rowid table and found through a small index: documents are far
  // too large for a WITHOUT ROWID B-tree, whose leaves they would split on every insert.
  return `CREATE TABLE IF NOT EXISTS ${t} (key TEXT NOT NULL, valid_from INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS "versions_${tableName(collection)}" ON ${t} (key, valid_from)`;
}

function createLinkTable(relation: string): string {
  return `CREATE TABLE IF NOT EXISTS ${linkTable(relation)} (
    source TEXT NOT NULL, target TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (source, target)
  ) WITHOUT ROWID`;
}

function createIndexTables(index: string): string {
  // Both keyed by term then key: a query walks one term's keys in key order, the page it needs and
  // no more, and checks each other term with one lookup. A query at the head reads the open spans
  // alone (a term most keys once held, status:active, costs what the keys holding it now cost); a
  // span that ends moves to the closed table, where valid_from ends the key so a term a key held
  // twice (active, in transit, active again) keeps both spans.
  return `CREATE TABLE IF NOT EXISTS ${openSpanTable(index)} (
      term TEXT NOT NULL, key TEXT NOT NULL, valid_from INTEGER NOT NULL, time TEXT NOT NULL, PRIMARY KEY (term, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${closedSpanTable(index)} (
      term TEXT NOT NULL, key TEXT NOT NULL, valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, time TEXT NOT NULL,
      PRIMARY KEY (term, key, valid_from)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${termCountTable(index)} (term TEXT PRIMARY KEY, keys INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${entryTable(index)} (key TEXT PRIMARY KEY, entry TEXT NOT NULL) WITHOUT ROWID`;
}

function tableName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

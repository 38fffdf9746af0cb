import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Position, RecordedEvent } from '../event-store/event-store.port';
import { byDepthThenKey } from '../../projections/memory-documents';
import type { DocumentReader, DocumentState, EventClock, Projection, Reached } from '../../projections/projection';
import { applyEvent, PROVENANCE_PROJECTIONS_VERSION } from '../../projections/provenance-projections';
import { PendingRows } from './pending-writes';

/**
 * The provenance read models in their own SQLite file. Each document collection is a table of
 * versions `(key, valid_from, doc)` and each relation a table of edges `(source, target, position)`,
 * so an `asOf` read is one indexed lookup per key, and upstream or downstream traces are one
 * recursive query. The checkpoint lives in the same file and moves in the same transaction as
 * the documents it covers: after a crash, both or neither are there.
 *
 * Writes of a batch are held in memory and written at its end, table by table, with multi-row
 * INSERTs; each version is still its own row, so history stays exact. The latest version of
 * recently written documents is kept parsed in memory (`get` is what every fold step asks),
 * and dropped whenever the checkpoint shows that someone else wrote the file.
 */
export class SqliteReadModel implements DocumentState, DocumentReader, EventClock {
  private readonly db: Database.Database;
  private readonly docTables = new Map<string, DocStatements>();
  private readonly linkTables = new Map<string, LinkStatements>();
  private readonly clock: PendingRows;
  /** recorded_at → last position recorded then, for the current batch. */
  private readonly pendingTimes = new Map<string, Position>();
  private inBatch = false;
  /** The checkpoint this instance last committed: the cache is only valid while it is still the file's. */
  private committed: Position | null | undefined = undefined;
  private rebuildingFingerprint: string | null = null;
  private readonly fingerprint: string;
  private readonly statements: {
    positionAt: Database.Statement;
    readCheckpoint: Database.Statement;
    writeCheckpoint: Database.Statement;
  };
  private storedFingerprint: string;

  constructor(
    readonly file: string,
    private readonly projections: readonly Projection[],
    /** Bump when a projection's evolve changes meaning, so existing files are rebuilt. */
    version = PROVENANCE_PROJECTIONS_VERSION,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // The read models can always be rebuilt from the log, and documents and checkpoint commit
    // together, so NORMAL keeps them consistent after any crash; FULL would only slow the fold.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS read_model_meta (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS event_clock (recorded_at TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
    `);
    const fingerprint = JSON.stringify({
      version,
      layout: STORAGE_LAYOUT,
      projections: projections.map((p) => ({ name: p.name, collections: p.collections, relations: p.relations })),
    });
    this.fingerprint = fingerprint;
    const stored = this.db.prepare('SELECT fingerprint FROM read_model_meta WHERE id = 1').get() as { fingerprint: string } | undefined;
    // A stale file keeps its fingerprint until it is emptied, so a crash before then leaves it stale.
    this.storedFingerprint = stored?.fingerprint ?? fingerprint;
    if (stored === undefined) this.writeFingerprint(fingerprint);
    // Tables of an older layout go before anything is prepared against them (indexing them first
    // would cost a pass over a file about to be rebuilt anyway).
    if (layoutOf(this.storedFingerprint) !== STORAGE_LAYOUT) this.dropTables(projections);
    for (const projection of projections) {
      for (const collection of projection.collections) this.docTables.set(collection, this.docTable(collection));
      for (const relation of projection.relations) this.linkTables.set(relation, this.linkTable(relation));
    }
    // Only the last position of each recorded instant can answer `positionAt` (the newest instant
    // at or before the one asked, then its last position), so the clock keeps one row per instant.
    this.clock = new PendingRows(
      this.db,
      'INSERT INTO event_clock (recorded_at, position) VALUES',
      2,
      'ON CONFLICT (recorded_at) DO UPDATE SET position = max(position, excluded.position)',
    );
    this.statements = {
      positionAt: this.db
        .prepare('SELECT position FROM event_clock WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1')
        .safeIntegers(true),
      readCheckpoint: this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').safeIntegers(true),
      writeCheckpoint: this.db.prepare(
        'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
      ),
    };
  }

  /** Opens (creating when missing) `<dataDir>/read-models.sqlite`. */
  static open(dataDir: string, projections: readonly Projection[], version?: number): SqliteReadModel {
    return new SqliteReadModel(join(dataDir, 'read-models.sqlite'), projections, version);
  }

  /**
   * Folds a page of the log into every projection and moves the checkpoint, in one transaction.
   * Events at or before the checkpoint were applied already and are skipped, so redelivery after
   * a restart never applies an event twice. Returns how many events were applied.
   */
  applyBatch(events: readonly RecordedEvent[]): number {
    // IMMEDIATE: the checkpoint read here cannot move under us before the commit.
    try {
      const applied = this.db.transaction(() => {
        let checkpoint = this.lastPosition();
        if (checkpoint !== this.committed) this.forgetCache();
        let applied = 0;
        this.inBatch = true;
        for (const event of events) {
          if (checkpoint !== null && event.position <= checkpoint) continue;
          applyEvent(this, event, this.projections);
          checkpoint = event.position;
          applied++;
        }
        this.inBatch = false;
        this.writePending();
        if (applied > 0) this.statements.writeCheckpoint.run(checkpoint);
        this.committed = checkpoint;
        return applied;
      }).immediate();
      return applied;
    } catch (error) {
      // Rolled back: what the cache learnt from this batch never reached the file.
      this.inBatch = false;
      this.discardPending();
      this.forgetCache();
      this.committed = undefined;
      throw error;
    }
  }

  /**
   * True when the file was built by another set of projections, or by a rebuild that never
   * finished: it must be rebuilt from zero.
   */
  get stale(): boolean {
    return this.storedFingerprint !== this.fingerprint;
  }

  /** Empties every read model and the checkpoint, in one transaction, for a rebuild from zero. */
  reset(): void {
    this.db.transaction(() => {
      this.clearTables();
      this.writeFingerprint(this.fingerprint);
    })();
    this.forgetCache();
    this.committed = null;
  }

  /**
   * Empties the read models for a fold from zero that trades durability for speed: checkpoints
   * of the write-ahead log skip fsync. Until `endRebuild`, the file says it is being rebuilt, so a
   * crash (even one that loses unsynced pages) leaves a file that is rebuilt again on open, never
   * one that looks complete.
   */
  beginRebuild(): void {
    this.rebuildingFingerprint = `${REBUILDING}${this.fingerprint}`;
    this.db.transaction(() => {
      this.clearTables();
      this.writeFingerprint(this.rebuildingFingerprint!);
    })();
    this.forgetCache();
    this.committed = null;
    // Durable before anything is written unsynced: the mark must outlive whatever follows it.
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.db.pragma('synchronous = OFF');
  }

  /**
   * Back to durable commits. When the fold `finished`, makes everything folded since
   * `beginRebuild` durable and then marks the file complete; otherwise it stays stale.
   */
  endRebuild(finished = true): void {
    if (this.rebuildingFingerprint === null) return;
    this.rebuildingFingerprint = null;
    this.db.pragma('synchronous = NORMAL');
    if (!finished) return;
    // The checkpoint fsyncs the log and then the database file, pages written unsynced included.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.writeFingerprint(this.fingerprint);
  }

  /**
   * Position of the last event folded in (the checkpoint), or null before the first. Read from the
   * file, so a process that only queries sees what another process's runner committed.
   */
  lastPosition(): Position | null {
    const row = this.statements.readCheckpoint.get() as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  recordEventTime(position: Position, recordedAt: string): void {
    // Positions only grow within a batch: the last one set for an instant is its largest.
    this.pendingTimes.set(recordedAt, position);
    if (!this.inBatch) this.writePending();
  }

  positionAt(instant: string): Position | null {
    const row = this.statements.positionAt.get(instant) as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  get<T>(collection: string, key: string): T | undefined {
    const table = this.docs(collection);
    if (!this.inBatch) return this.readLatest<T>(table, key);
    const cached = table.cache.get(key);
    if (cached) return cached.doc as T | undefined;
    const doc = this.readLatest<T>(table, key);
    table.cache.set(key, { doc, at: null, row: -1 });
    return doc;
  }

  put<T>(collection: string, key: string, doc: T, at: Position): void {
    const table = this.docs(collection);
    const json = JSON.stringify(doc);
    const cached = table.cache.get(key);
    if (cached && cached.row >= 0 && cached.at === at) {
      // A second put at the same position replaces the version, not adds one.
      table.pending.set(cached.row, 2, json);
      cached.doc = doc;
    } else {
      const latest: Latest = { doc, at, row: table.pending.add(key, at, json) };
      // Re-inserted so the Map's order is the order of last writes: the oldest are evicted first.
      table.cache.delete(key);
      table.cache.set(key, latest);
      table.written.push(latest);
    }
    if (!this.inBatch) this.writePending();
  }

  link(relation: string, source: string, target: string, at: Position): void {
    this.links(relation).pending.add(source, target, at);
    if (!this.inBatch) this.writePending();
  }

  getAt<T>(collection: string, key: string, asOf: Position): T | undefined {
    const row = this.docs(collection).at.get(key, asOf) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  getManyAt<T>(collection: string, keys: readonly string[], asOf: Position): Map<string, T> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    const rows = this.docs(collection).manyAt.all({ keys: JSON.stringify([...new Set(keys)]), asOf }) as { key: string; doc: string }[];
    for (const row of rows) found.set(row.key, JSON.parse(row.doc) as T);
    return found;
  }

  linkedAt(relation: string, source: string, asOf: Position): string[] {
    return (this.links(relation).targetsAt.all(source, asOf) as { target: string }[]).map((r) => r.target);
  }

  linkedManyAt(relation: string, sources: readonly string[], asOf: Position): Map<string, string[]> {
    const found = new Map<string, string[]>();
    if (sources.length === 0) return found;
    const rows = this.links(relation).targetsManyAt.all({ sources: JSON.stringify([...new Set(sources)]), asOf }) as { source: string; target: string }[];
    for (const row of rows) {
      const targets = found.get(row.source) ?? [];
      targets.push(row.target);
      found.set(row.source, targets);
    }
    return found;
  }

  reachableAt(relation: string, sources: readonly string[], asOf: Position, maxDepth?: number): Reached[] {
    if (sources.length === 0 || maxDepth === 0) return [];
    const rows = this.links(relation).reachableAt.all({
      sources: JSON.stringify([...new Set(sources)]),
      asOf,
      maxDepth: maxDepth ?? UNBOUNDED_DEPTH,
    }) as Reached[];
    return rows.map((r) => ({ key: r.key, depth: Number(r.depth) })).sort(byDepthThenKey);
  }

  /** Every document version and link in the same canonical form as `MemoryDocuments.dump()`. */
  dump(): { documents: string[]; links: string[] } {
    const documents: string[] = [];
    for (const [collection, table] of this.docTables) {
      for (const row of table.all.all() as { key: string; valid_from: bigint; doc: string }[]) {
        documents.push(`${collection}\u0000${row.key}@${row.valid_from}=${row.doc}`);
      }
    }
    const links: string[] = [];
    for (const [relation, table] of this.linkTables) {
      for (const row of table.all.all() as { source: string; target: string; position: bigint }[]) {
        links.push(`${relation}:${row.source}->${row.target}@${row.position}`);
      }
    }
    return { documents: documents.sort(), links: links.sort() };
  }

  close(): void {
    this.db.close();
  }

  private readLatest<T>(table: DocStatements, key: string): T | undefined {
    const row = table.latest.get(key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private writePending(): void {
    for (const table of this.docTables.values()) {
      table.pending.flush();
      for (const latest of table.written) latest.row = -1;
      table.written = [];
      if (table.cache.size > CACHED_DOCUMENTS) {
        for (const key of table.cache.keys()) {
          table.cache.delete(key);
          if (table.cache.size <= CACHED_DOCUMENTS) break;
        }
      }
    }
    for (const table of this.linkTables.values()) table.pending.flush();
    for (const [recordedAt, position] of this.pendingTimes) this.clock.add(recordedAt, position);
    this.pendingTimes.clear();
    this.clock.flush();
  }

  private discardPending(): void {
    for (const table of this.docTables.values()) {
      table.pending.discard();
      table.written = [];
    }
    for (const table of this.linkTables.values()) table.pending.discard();
    this.pendingTimes.clear();
    this.clock.discard();
  }

  private forgetCache(): void {
    for (const table of this.docTables.values()) table.cache.clear();
  }

  /** Dropped and created again rather than emptied: faster, and an older layout is replaced too. */
  private clearTables(): void {
    for (const table of [...this.docTables.values(), ...this.linkTables.values()]) this.db.exec(`${table.drop}; ${table.create}`);
    // event_times: the clock of files laid out before STORAGE_LAYOUT 2.
    this.db.exec('DELETE FROM event_clock; DELETE FROM checkpoint; DROP TABLE IF EXISTS event_times;');
  }

  private dropTables(projections: readonly Projection[]): void {
    for (const projection of projections) {
      for (const collection of projection.collections) this.db.exec(`DROP TABLE IF EXISTS "doc_${tableName(collection)}"`);
      for (const relation of projection.relations) this.db.exec(`DROP TABLE IF EXISTS "link_${tableName(relation)}"`);
    }
  }

  private writeFingerprint(fingerprint: string): void {
    this.storedFingerprint = fingerprint;
    this.db
      .prepare('INSERT INTO read_model_meta (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint')
      .run(fingerprint);
  }

  private docs(collection: string): DocStatements {
    const table = this.docTables.get(collection);
    if (!table) throw new Error(`no projection declares the collection "${collection}"`);
    return table;
  }

  private links(relation: string): LinkStatements {
    const table = this.linkTables.get(relation);
    if (!table) throw new Error(`no projection declares the relation "${relation}"`);
    return table;
  }

  private docTable(collection: string): DocStatements {
    const t = `"doc_${tableName(collection)}"`;
    // Versions are appended to a rowid table and found through a small index: documents are far
    // too large for a WITHOUT ROWID B-tree, whose leaves they would split on every insert.
    const create = `CREATE TABLE IF NOT EXISTS ${t} (key TEXT NOT NULL, valid_from INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS "versions_${tableName(collection)}" ON ${t} (key, valid_from)`;
    this.db.exec(create);
    return {
      create,
      drop: `DROP TABLE IF EXISTS ${t}`,
      pending: new PendingRows(
        this.db,
        `INSERT INTO ${t} (key, valid_from, doc) VALUES`,
        3,
        'ON CONFLICT (key, valid_from) DO UPDATE SET doc = excluded.doc',
      ),
      cache: new Map(),
      written: [],
      latest: this.db.prepare(`SELECT doc FROM ${t} WHERE key = ? ORDER BY valid_from DESC LIMIT 1`),
      at: this.db.prepare(`SELECT doc FROM ${t} WHERE key = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`),
      // One statement for a batch of keys: each key's newest version at or before the position.
      manyAt: this.db.prepare(
        `SELECT k.value AS key, (SELECT d.doc FROM ${t} d WHERE d.key = k.value AND d.valid_from <= @asOf
           ORDER BY d.valid_from DESC LIMIT 1) AS doc
         FROM json_each(@keys) k WHERE doc IS NOT NULL`,
      ),
      all: this.db.prepare(`SELECT key, valid_from, doc FROM ${t}`).safeIntegers(true),
    };
  }

  private linkTable(relation: string): LinkStatements {
    const t = `"link_${tableName(relation)}"`;
    const create = `CREATE TABLE IF NOT EXISTS ${t} (
      source TEXT NOT NULL, target TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (source, target)
    ) WITHOUT ROWID`;
    this.db.exec(create);
    return {
      create,
      drop: `DROP TABLE IF EXISTS ${t}`,
      pending: new PendingRows(this.db, `INSERT INTO ${t} (source, target, position) VALUES`, 3, 'ON CONFLICT DO NOTHING'),
      targetsAt: this.db.prepare(`SELECT target FROM ${t} WHERE source = ? AND position <= ? ORDER BY target`),
      targetsManyAt: this.db.prepare(
        `SELECT l.source, l.target FROM json_each(@sources) s JOIN ${t} l ON l.source = s.value
         WHERE l.position <= @asOf ORDER BY l.source, l.target`,
      ),
      // UNION drops repeated (node, depth) pairs, so diamonds in the DAG do not multiply rows.
      reachableAt: this.db.prepare(
        `WITH RECURSIVE reach(key, depth) AS (
           SELECT l.target, 1 FROM ${t} l WHERE l.source IN (SELECT value FROM json_each(@sources)) AND l.position <= @asOf
           UNION
           SELECT l.target, r.depth + 1 FROM reach r JOIN ${t} l ON l.source = r.key
           WHERE l.position <= @asOf AND r.depth < @maxDepth
         )
         SELECT key, MIN(depth) AS depth FROM reach GROUP BY key`,
      ),
      all: this.db.prepare(`SELECT source, target, position FROM ${t}`).safeIntegers(true),
    };
  }
}

/** The latest version of a document as the fold knows it (`doc` undefined: there is none). */
interface Latest {
  doc: unknown;
  at: Position | null;
  /** Its row among the table's pending rows, -1 once written. */
  row: number;
}

interface DocStatements {
  pending: PendingRows;
  /** Latest versions of recently read or written documents, oldest write first. */
  cache: Map<string, Latest>;
  /** Entries whose version is among the pending rows. */
  written: Latest[];
  latest: Database.Statement;
  at: Database.Statement;
  manyAt: Database.Statement;
  all: Database.Statement;
  create: string;
  drop: string;
}

interface LinkStatements {
  pending: PendingRows;
  targetsAt: Database.Statement;
  targetsManyAt: Database.Statement;
  reachableAt: Database.Statement;
  all: Database.Statement;
  create: string;
  drop: string;
}

/** Bump when the tables change shape: files of another layout are rebuilt from zero. */
const STORAGE_LAYOUT = 2;
/** Prefix of the stored fingerprint while a rebuild is under way: such a file is stale on open. */
const REBUILDING = 'rebuilding ';
/**
 * Documents per collection kept from one batch to the next (within a batch every document read
 * or written stays). A few hundred catch a live fold's neighbouring events; 1,024 measured no
 * faster on a rebuild and cost some 50 MB of heap, as large documents outlive the young generation.
 */
const CACHED_DOCUMENTS = 128;

/** Provenance is a DAG; the bound only keeps a corrupt, cyclic log from recursing forever. */
const UNBOUNDED_DEPTH = 10_000;

function layoutOf(fingerprint: string): number | undefined {
  try {
    return (JSON.parse(fingerprint.startsWith(REBUILDING) ? fingerprint.slice(REBUILDING.length) : fingerprint) as { layout?: number }).layout;
  } catch {
    return undefined;
  }
}

function tableName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

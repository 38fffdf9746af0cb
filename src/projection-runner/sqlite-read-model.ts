import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Position, RecordedEvent } from '../event-store/event-store.port';
import { byDepthThenKey } from '../../projections/memory-documents';
import type { DocumentReader, DocumentState, EventClock, Projection, Reached } from '../../projections/projection';
import { applyEvent, PROVENANCE_PROJECTIONS_VERSION } from '../../projections/provenance-projections';

/**
 * The provenance read models in their own SQLite file. Each document collection is a table of
 * versions `(key, valid_from, doc)` and each relation a table of edges `(source, target, position)`,
 * so an `asOf` read is one indexed lookup per key, and upstream or downstream traces are one
 * recursive query. The checkpoint lives in the same file and moves in the same transaction as
 * the documents it covers: after a crash, both or neither are there.
 */
export class SqliteReadModel implements DocumentState, DocumentReader, EventClock {
  private readonly db: Database.Database;
  private readonly docTables = new Map<string, DocStatements>();
  private readonly linkTables = new Map<string, LinkStatements>();
  private readonly statements: {
    recordTime: Database.Statement;
    positionAt: Database.Statement;
    readCheckpoint: Database.Statement;
    writeCheckpoint: Database.Statement;
  };
  /** True when the file was built by another set of projections: it must be rebuilt from zero. */
  readonly stale: boolean;

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
      CREATE TABLE IF NOT EXISTS event_times (position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS event_times_by_time ON event_times (recorded_at, position);
    `);
    const fingerprint = JSON.stringify({
      version,
      projections: projections.map((p) => ({ name: p.name, collections: p.collections, relations: p.relations })),
    });
    const stored = this.db.prepare('SELECT fingerprint FROM read_model_meta WHERE id = 1').get() as { fingerprint: string } | undefined;
    this.stale = stored !== undefined && stored.fingerprint !== fingerprint;
    if (stored === undefined || this.stale) {
      this.db.prepare('INSERT INTO read_model_meta (id, fingerprint) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint').run(fingerprint);
    }
    for (const projection of projections) {
      for (const collection of projection.collections) this.docTables.set(collection, this.docTable(collection));
      for (const relation of projection.relations) this.linkTables.set(relation, this.linkTable(relation));
    }
    this.statements = {
      recordTime: this.db.prepare('INSERT OR REPLACE INTO event_times (position, recorded_at) VALUES (?, ?)'),
      positionAt: this.db
        .prepare('SELECT position FROM event_times WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1')
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
    return this.db.transaction(() => {
      let checkpoint = this.lastPosition();
      let applied = 0;
      for (const event of events) {
        if (checkpoint !== null && event.position <= checkpoint) continue;
        applyEvent(this, event, this.projections);
        checkpoint = event.position;
        applied++;
      }
      if (applied > 0) this.statements.writeCheckpoint.run(checkpoint);
      return applied;
    }).immediate();
  }

  /** Empties every read model and the checkpoint, in one transaction, for a rebuild from zero. */
  reset(): void {
    this.db.transaction(() => {
      for (const table of [...this.docTables.values(), ...this.linkTables.values()]) table.clear.run();
      this.db.exec('DELETE FROM event_times; DELETE FROM checkpoint;');
    })();
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
    this.statements.recordTime.run(position, recordedAt);
  }

  positionAt(instant: string): Position | null {
    const row = this.statements.positionAt.get(instant) as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.docs(collection).latest.get(key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  put<T>(collection: string, key: string, doc: T, at: Position): void {
    this.docs(collection).put.run(key, at, JSON.stringify(doc));
  }

  link(relation: string, source: string, target: string, at: Position): void {
    this.links(relation).insert.run(source, target, at);
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
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${t} (
      key TEXT NOT NULL, valid_from INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (key, valid_from)
    ) WITHOUT ROWID`);
    return {
      put: this.db.prepare(
        `INSERT INTO ${t} (key, valid_from, doc) VALUES (?, ?, ?) ON CONFLICT (key, valid_from) DO UPDATE SET doc = excluded.doc`,
      ),
      latest: this.db.prepare(`SELECT doc FROM ${t} WHERE key = ? ORDER BY valid_from DESC LIMIT 1`),
      at: this.db.prepare(`SELECT doc FROM ${t} WHERE key = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`),
      // One statement for a batch of keys: each key's newest version at or before the position.
      manyAt: this.db.prepare(
        `SELECT k.value AS key, (SELECT d.doc FROM ${t} d WHERE d.key = k.value AND d.valid_from <= @asOf
           ORDER BY d.valid_from DESC LIMIT 1) AS doc
         FROM json_each(@keys) k WHERE doc IS NOT NULL`,
      ),
      all: this.db.prepare(`SELECT key, valid_from, doc FROM ${t}`).safeIntegers(true),
      clear: this.db.prepare(`DELETE FROM ${t}`),
    };
  }

  private linkTable(relation: string): LinkStatements {
    const t = `"link_${tableName(relation)}"`;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${t} (
      source TEXT NOT NULL, target TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (source, target)
    ) WITHOUT ROWID`);
    return {
      insert: this.db.prepare(`INSERT INTO ${t} (source, target, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
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
      clear: this.db.prepare(`DELETE FROM ${t}`),
    };
  }
}

interface DocStatements {
  put: Database.Statement;
  latest: Database.Statement;
  at: Database.Statement;
  manyAt: Database.Statement;
  all: Database.Statement;
  clear: Database.Statement;
}

interface LinkStatements {
  insert: Database.Statement;
  targetsAt: Database.Statement;
  targetsManyAt: Database.Statement;
  reachableAt: Database.Statement;
  all: Database.Statement;
  clear: Database.Statement;
}

/** Provenance is a DAG; the bound only keeps a corrupt, cyclic log from recursing forever. */
const UNBOUNDED_DEPTH = 10_000;

function tableName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

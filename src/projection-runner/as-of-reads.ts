import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { byDepthThenKey } from '../../projections/memory-documents';
import type { Reached } from '../../projections/projection';
import { declared, documentTable, linkTable, type ReadModelTables } from './read-model-schema';

/** Provenance is a DAG; the bound only keeps a corrupt, cyclic log from recursing forever. */
const UNBOUNDED_DEPTH = 10_000;

interface DocumentReads {
  at: Database.Statement;
  manyAt: Database.Statement;
  latest: Database.Statement;
  all: Database.Statement;
}

interface LinkReads {
  targetsAt: Database.Statement;
  targetsManyAt: Database.Statement;
  reachableAt: Database.Statement;
  all: Database.Statement;
}

/**
 * The query side of the read-model tables: every read is as of a position, so an `asOf` read is
 * one indexed lookup per key, and an upstream or downstream trace is one recursive query.
 */
export class AsOfReads {
  private readonly documents = new Map<string, DocumentReads>();
  private readonly links = new Map<string, LinkReads>();

  constructor(db: Database.Database, tables: ReadModelTables) {
    for (const collection of tables.collections) {
      const t = documentTable(collection);
      this.documents.set(collection, {
        at: db.prepare(`SELECT doc FROM ${t} WHERE key = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`),
        // One statement for a batch of keys: each key's newest version at or before the position.
        manyAt: db.prepare(
          `SELECT k.value AS key, (SELECT d.doc FROM ${t} d WHERE d.key = k.value AND d.valid_from <= @asOf
             ORDER BY d.valid_from DESC LIMIT 1) AS doc
           FROM json_each(@keys) k WHERE doc IS NOT NULL`,
        ),
        // The newest version of every key, one key after the other along the version index.
        latest: db.prepare(`SELECT key, doc FROM ${t} d WHERE valid_from = (SELECT MAX(valid_from) FROM ${t} WHERE key = d.key)`),
        all: db.prepare(`SELECT key, valid_from, doc FROM ${t}`).safeIntegers(true),
      });
    }
    for (const relation of tables.relations) {
      const t = linkTable(relation);
      this.links.set(relation, {
        targetsAt: db.prepare(`SELECT target FROM ${t} WHERE source = ? AND position <= ? ORDER BY target`),
        targetsManyAt: db.prepare(
          `SELECT l.source, l.target FROM json_each(@sources) s JOIN ${t} l ON l.source = s.value
           WHERE l.position <= @asOf ORDER BY l.source, l.target`,
        ),
        // UNION drops repeated (node, depth) pairs, so diamonds in the DAG do not multiply rows.
        reachableAt: db.prepare(
          `WITH RECURSIVE reach(key, depth) AS (
             SELECT l.target, 1 FROM ${t} l WHERE l.source IN (SELECT value FROM json_each(@sources)) AND l.position <= @asOf
             UNION
             SELECT l.target, r.depth + 1 FROM reach r JOIN ${t} l ON l.source = r.key
             WHERE l.position <= @asOf AND r.depth < @maxDepth
           )
           SELECT key, MIN(depth) AS depth FROM reach GROUP BY key`,
        ),
        all: db.prepare(`SELECT source, target, position FROM ${t}`).safeIntegers(true),
      });
    }
  }

  getAt<T>(collection: string, key: string, asOf: Position): T | undefined {
    const row = declared(this.documents, 'collection', collection).at.get(key, asOf) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  getManyAt<T>(collection: string, keys: readonly string[], asOf: Position): Map<string, T> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    const statement = declared(this.documents, 'collection', collection).manyAt;
    const rows = statement.all({ keys: JSON.stringify([...new Set(keys)]), asOf }) as { key: string; doc: string }[];
    for (const row of rows) found.set(row.key, JSON.parse(row.doc) as T);
    return found;
  }

  /** The latest version of every document of a collection, streamed (in no particular order). */
  *latest<T>(collection: string): IterableIterator<[key: string, doc: T]> {
    for (const row of declared(this.documents, 'collection', collection).latest.iterate() as IterableIterator<{ key: string; doc: string }>) {
      yield [row.key, JSON.parse(row.doc) as T];
    }
  }

  linkedAt(relation: string, source: string, asOf: Position): string[] {
    return (declared(this.links, 'relation', relation).targetsAt.all(source, asOf) as { target: string }[]).map((r) => r.target);
  }

  linkedManyAt(relation: string, sources: readonly string[], asOf: Position): Map<string, string[]> {
    const found = new Map<string, string[]>();
    if (sources.length === 0) return found;
    const statement = declared(this.links, 'relation', relation).targetsManyAt;
    const rows = statement.all({ sources: JSON.stringify([...new Set(sources)]), asOf }) as { source: string; target: string }[];
    for (const row of rows) {
      const targets = found.get(row.source) ?? [];
      targets.push(row.target);
      found.set(row.source, targets);
    }
    return found;
  }

  reachableAt(relation: string, sources: readonly string[], asOf: Position, maxDepth?: number): Reached[] {
    if (sources.length === 0 || maxDepth === 0) return [];
    const rows = declared(this.links, 'relation', relation).reachableAt.all({
      sources: JSON.stringify([...new Set(sources)]),
      asOf,
      maxDepth: maxDepth ?? UNBOUNDED_DEPTH,
    }) as Reached[];
    return rows.map((r) => ({ key: r.key, depth: Number(r.depth) })).sort(byDepthThenKey);
  }

  /** Every document version and link in the same canonical form as `MemoryDocuments.dump()`. */
  dump(): { documents: string[]; links: string[] } {
    const documents: string[] = [];
    for (const [collection, reads] of this.documents) {
      for (const row of reads.all.all() as { key: string; valid_from: bigint; doc: string }[]) {
        documents.push(`${collection}\u0000${row.key}@${row.valid_from}=${row.doc}`);
      }
    }
    const links: string[] = [];
    for (const [relation, reads] of this.links) {
      for (const row of reads.all.all() as { source: string; target: string; position: bigint }[]) {
        links.push(`${relation}:${row.source}->${row.target}@${row.position}`);
      }
    }
    return { documents: documents.sort(), links: links.sort() };
  }
}

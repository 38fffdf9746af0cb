import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { indexTermDump } from '../../projections/memory-documents';
import type { IndexQuery } from '../../projections/projection';
import { declared, termTable } from './read-model-schema';

/**
 * How many of a term's current keys are counted to tell which term of a query to walk: enough to
 * tell a rare term from a common one, few enough that counting stays well under a millisecond.
 */
const COUNT_CAP = 2_000;

/** Held at the position: opened at or before it, not closed at or before it. */
const HELD = (alias: string) => `${alias}.valid_from <= @asOf AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > @asOf)`;

interface IndexTable {
  table: string;
  count: Database.Statement;
  /** One statement per shape of query (number of terms, which bounds), prepared on first use. */
  finds: Map<string, Database.Statement>;
  all: Database.Statement;
  db: Database.Database;
}

/**
 * The query side of the search indexes. A query walks the rarest of its terms in key order from
 * the cursor and checks every other term of each key with one primary-key lookup, so a page costs
 * about `limit` lookups per term when the terms go together, whatever the size of the index.
 */
export class IndexReads {
  private readonly indexes = new Map<string, IndexTable>();

  constructor(db: Database.Database, indexes: readonly string[]) {
    for (const index of indexes) {
      const table = termTable(index);
      this.indexes.set(index, {
        table,
        db,
        count: db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE term = ? AND valid_to IS NULL LIMIT ${COUNT_CAP})`),
        finds: new Map(),
        all: db.prepare(`SELECT term, key, valid_from, valid_to, time FROM ${table}`).safeIntegers(true),
      });
    }
  }

  findAt(index: string, query: IndexQuery, asOf: Position): string[] {
    const table = declared(this.indexes, 'index', index);
    const terms = [...new Set(query.terms)];
    if (terms.length === 0 || query.limit < 1) return [];
    const [walked, ...checked] = terms.length === 1 ? terms : this.rarestFirst(table, terms);
    // The lower bound is the later of the cursor and the prefix; the prefix bounds it above too (ids are ASCII).
    const lower =
      query.after !== undefined && (query.keyPrefix === undefined || query.after >= query.keyPrefix)
        ? { op: '>', value: query.after }
        : query.keyPrefix !== undefined
          ? { op: '>=', value: query.keyPrefix }
          : null;
    const without = [...new Set(query.without ?? [])];
    const shape = [checked.length, without.length, lower?.op ?? '', query.keyPrefix !== undefined, query.from !== undefined, query.to !== undefined].join('|');
    let find = table.finds.get(shape);
    if (!find) {
      const where = [`d.term = @t0`, HELD('d')];
      if (lower) where.push(`d.key ${lower.op} @lower`);
      if (query.keyPrefix !== undefined) where.push(`d.key < @upper`);
      if (query.from !== undefined) where.push(`d.time >= @from`);
      if (query.to !== undefined) where.push(`d.time < @to`);
      checked.forEach((_, i) => where.push(`EXISTS (SELECT 1 FROM ${table.table} x${i} WHERE x${i}.term = @t${i + 1} AND x${i}.key = d.key AND ${HELD(`x${i}`)})`));
      without.forEach((_, i) => where.push(`NOT EXISTS (SELECT 1 FROM ${table.table} n${i} WHERE n${i}.term = @n${i} AND n${i}.key = d.key AND ${HELD(`n${i}`)})`));
      find = table.db.prepare(`SELECT d.key FROM ${table.table} d WHERE ${where.join(' AND ')} ORDER BY d.key LIMIT @limit`).pluck();
      table.finds.set(shape, find);
    }
    const params: Record<string, unknown> = { t0: walked, asOf, limit: query.limit };
    checked.forEach((term, i) => (params[`t${i + 1}`] = term));
    without.forEach((term, i) => (params[`n${i}`] = term));
    if (lower) params.lower = lower.value;
    if (query.keyPrefix !== undefined) params.upper = `${query.keyPrefix}\uffff`;
    if (query.from !== undefined) params.from = query.from;
    if (query.to !== undefined) params.to = query.to;
    return find.all(params) as string[];
  }

  /** Every span in the canonical form of `MemoryDocuments.dump()`. */
  dump(): string[] {
    const rows: string[] = [];
    for (const [index, table] of this.indexes) {
      for (const r of table.all.all() as { term: string; key: string; valid_from: bigint; valid_to: bigint | null; time: string }[]) {
        rows.push(indexTermDump(index, r.term, r.key, r.valid_from, r.valid_to, r.time));
      }
    }
    return rows;
  }

  /** The terms ordered by how many keys hold them now (counted up to a cap), rarest first. */
  private rarestFirst(table: IndexTable, terms: string[]): string[] {
    const counts = new Map(terms.map((term) => [term, (table.count.get(term) as { n: number }).n]));
    return [...terms].sort((a, b) => counts.get(a)! - counts.get(b)!);
  }
}

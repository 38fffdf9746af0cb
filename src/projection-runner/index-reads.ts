import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { indexTermDump } from '../../projections/memory-documents';
import type { IndexQuery } from '../../projections/projection';
import { closedSpanTable, declared, openSpanTable, termCountTable } from './read-model-schema';

interface IndexTable {
  open: string;
  closed: string;
  /** How many keys hold a term now (kept by the fold). */
  count: Database.Statement;
  /** One statement per shape of query (head or past, number of terms, which bounds), prepared on first use. */
  finds: Map<string, Database.Statement>;
  all: Database.Statement;
  db: Database.Database;
}

/** The bounds of a query, the same in every arm of it. */
interface Bounds {
  lower: { op: '>' | '>='; value: string } | null;
  prefix: boolean;
  from: boolean;
  to: boolean;
}

/**
 * The query side of the search indexes. A query walks the rarest of its terms (by the counts the
 * fold keeps) in key order from the cursor and checks every other term of each key with one
 * primary-key lookup, so a page costs about `limit` lookups per term when the terms go together,
 * whatever the size of the index. At the head it reads the open spans alone; as of a past
 * position, the open spans that had started and the closed spans held then.
 */
export class IndexReads {
  private readonly indexes = new Map<string, IndexTable>();
  private readonly snapshot: <T>(read: () => T) => T;

  constructor(
    db: Database.Database,
    indexes: readonly string[],
    /** The position the read models are at, read from the same connection. */
    private readonly head: () => Position | null,
  ) {
    // One read transaction: the head and the keys come from one snapshot of the file, so a
    // query at the head may read the open spans alone while the fold goes on in another thread.
    this.snapshot = (read) => db.transaction(read)();
    for (const index of indexes) {
      const open = openSpanTable(index);
      const closed = closedSpanTable(index);
      this.indexes.set(index, {
        open,
        closed,
        db,
        count: db.prepare(`SELECT keys FROM ${termCountTable(index)} WHERE term = ?`).pluck(),
        finds: new Map(),
        all: db
          .prepare(`SELECT term, key, valid_from, NULL AS valid_to, time FROM ${open} UNION ALL SELECT term, key, valid_from, valid_to, time FROM ${closed}`)
          .safeIntegers(true),
      });
    }
  }

  findAt(index: string, query: IndexQuery, asOf: Position): string[] {
    const table = declared(this.indexes, 'index', index);
    if (query.terms.length === 0 || query.limit < 1) return [];
    return this.snapshot(() => {
      const head = this.head();
      return this.find(table, query, asOf, head !== null && asOf >= head);
    });
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

  private find(table: IndexTable, query: IndexQuery, asOf: Position, atHead: boolean): string[] {
    const terms = [...new Set(query.terms)];
    const [walked, ...checked] = terms.length === 1 ? terms : this.rarestFirst(table, terms);
    const without = [...new Set(query.without ?? [])];
    // The lower bound is the later of the cursor and the prefix; the prefix bounds it above too (ids are ASCII).
    const lower =
      query.after !== undefined && (query.keyPrefix === undefined || query.after >= query.keyPrefix)
        ? ({ op: '>', value: query.after } as const)
        : query.keyPrefix !== undefined
          ? ({ op: '>=', value: query.keyPrefix } as const)
          : null;
    const bounds: Bounds = { lower, prefix: query.keyPrefix !== undefined, from: query.from !== undefined, to: query.to !== undefined };
    const shape = [checked.length, without.length, lower?.op ?? '', bounds.prefix, bounds.from, bounds.to].join('|');
    const params: Record<string, unknown> = { t0: walked, limit: query.limit };
    checked.forEach((term, i) => (params[`t${i + 1}`] = term));
    without.forEach((term, i) => (params[`n${i}`] = term));
    if (lower) params.lower = lower.value;
    if (query.keyPrefix !== undefined) params.upper = `${query.keyPrefix}\uffff`;
    if (query.from !== undefined) params.from = query.from;
    if (query.to !== undefined) params.to = query.to;
    if (atHead) return this.statement(table, `head|${shape}`, () => this.atHeadSql(table, checked.length, without.length, bounds)).all(params) as string[];
    // As of a past position: the open spans that had started, then the closed spans held then,
    // each in key order. The second walk stops at the last key of a full first page: spans that
    // ended are the bulk of a busy term, and a merge of the two would walk them all for a term
    // held by few keys then.
    params.asOf = asOf;
    const open = this.statement(table, `open|${shape}`, () => this.asOfSql(table, 'open', checked.length, without.length, bounds, false)).all(params) as string[];
    const full = open.length === query.limit;
    const closedParams = full ? { ...params, before: open[open.length - 1] } : params;
    const closed = this.statement(table, `closed|${full}|${shape}`, () => this.asOfSql(table, 'closed', checked.length, without.length, bounds, full)).all(closedParams) as string[];
    return [...open, ...closed].sort().slice(0, query.limit);
  }

  private statement(table: IndexTable, shape: string, sql: () => string): Database.Statement {
    let statement = table.finds.get(shape);
    if (!statement) {
      statement = table.db.prepare(sql()).pluck();
      table.finds.set(shape, statement);
    }
    return statement;
  }

  private atHeadSql(table: IndexTable, checked: number, without: number, bounds: Bounds): string {
    const heldNow = (alias: string, param: string) => `SELECT 1 FROM ${table.open} ${alias} WHERE ${alias}.term = @${param} AND ${alias}.key = d.key`;
    const where = [`d.term = @t0`, ...boundsOf('d', bounds)];
    for (let i = 0; i < checked; i++) where.push(`EXISTS (${heldNow(`x${i}`, `t${i + 1}`)})`);
    for (let i = 0; i < without; i++) where.push(`NOT EXISTS (${heldNow(`n${i}`, `n${i}`)})`);
    return `SELECT d.key FROM ${table.open} d WHERE ${where.join(' AND ')} ORDER BY d.key LIMIT @limit`;
  }

  private asOfSql(table: IndexTable, arm: 'open' | 'closed', checked: number, without: number, bounds: Bounds, before: boolean): string {
    const heldThen = (alias: string, param: string) =>
      `(EXISTS (SELECT 1 FROM ${table.open} ${alias} WHERE ${alias}.term = @${param} AND ${alias}.key = d.key AND ${alias}.valid_from <= @asOf)` +
      ` OR EXISTS (SELECT 1 FROM ${table.closed} ${alias} WHERE ${alias}.term = @${param} AND ${alias}.key = d.key AND ${alias}.valid_from <= @asOf AND ${alias}.valid_to > @asOf))`;
    const where = [`d.term = @t0`, arm === 'open' ? 'd.valid_from <= @asOf' : 'd.valid_from <= @asOf AND d.valid_to > @asOf', ...boundsOf('d', bounds)];
    if (before) where.push('d.key < @before');
    for (let i = 0; i < checked; i++) where.push(heldThen(`x${i}`, `t${i + 1}`));
    for (let i = 0; i < without; i++) where.push(`NOT ${heldThen(`n${i}`, `n${i}`)}`);
    return `SELECT d.key FROM ${arm === 'open' ? table.open : table.closed} d WHERE ${where.join(' AND ')} ORDER BY d.key LIMIT @limit`;
  }

  /**
   * The terms ordered by how many keys hold them now, rarest first (as of a past position, the
   * counts of now are the estimate).
   */
  private rarestFirst(table: IndexTable, terms: string[]): string[] {
    const counts = new Map(terms.map((term) => [term, (table.count.get(term) as number | undefined) ?? 0]));
    return [...terms].sort((a, b) => counts.get(a)! - counts.get(b)!);
  }
}

function boundsOf(alias: string, bounds: Bounds): string[] {
  const where: string[] = [];
  if (bounds.lower) where.push(`${alias}.key ${bounds.lower.op} @lower`);
  if (bounds.prefix) where.push(`${alias}.key < @upper`);
  if (bounds.from) where.push(`${alias}.time >= @from`);
  if (bounds.to) where.push(`${alias}.time < @to`);
  return where;
}

import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { indexTermDump } from '../../projections/memory-documents';
import type { IndexQuery } from '../../projections/projection';
import { declared, openTermIndex, termCountTable, termTable } from './read-model-schema';

/** Held at the position: opened at or before it, not closed at or before it. */
const HELD_AT = (alias: string) => `${alias}.valid_from <= @asOf AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > @asOf)`;
/** Held now: the span is still open (the read is then at the head, in the same snapshot). */
const HELD_NOW = (alias: string) => `${alias}.valid_to IS NULL`;

interface IndexTable {
  table: string;
  openIndex: string;
  /** How many keys hold a term now (kept by the fold). */
  count: Database.Statement;
  /** One statement per shape of query (number of terms, which bounds), prepared on first use. */
  finds: Map<string, Database.Statement>;
  all: Database.Statement;
  db: Database.Database;
}

/**
 * The query side of the search indexes. A query walks the rarest of its terms (by the counts the
 * fold keeps) in key order from the cursor and checks every other term of each key with one
 * primary-key lookup, so a page costs about `limit` lookups per term when the terms go together,
 * whatever the size of the index.
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
      const table = termTable(index);
      this.indexes.set(index, {
        table,
        openIndex: openTermIndex(index),
        db,
        count: db.prepare(`SELECT keys FROM ${termCountTable(index)} WHERE term = ?`).pluck(),
        finds: new Map(),
        all: db.prepare(`SELECT term, key, valid_from, valid_to, time FROM ${table}`).safeIntegers(true),
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

  private find(table: IndexTable, query: IndexQuery, asOf: Position, atHead: boolean): string[] {
    const terms = [...new Set(query.terms)];
    const [walked, ...checked] = terms.length === 1 ? terms : this.rarestFirst(table, terms);
    const held = atHead ? HELD_NOW : HELD_AT;
    // The lower bound is the later of the cursor and the prefix; the prefix bounds it above too (ids are ASCII).
    const lower =
      query.after !== undefined && (query.keyPrefix === undefined || query.after >= query.keyPrefix)
        ? { op: '>', value: query.after }
        : query.keyPrefix !== undefined
          ? { op: '>=', value: query.keyPrefix }
          : null;
    const without = [...new Set(query.without ?? [])];
    const shape = [atHead, checked.length, without.length, lower?.op ?? '', query.keyPrefix !== undefined, query.from !== undefined, query.to !== undefined].join('|');
    let find = table.finds.get(shape);
    if (!find) {
      const where = [`d.term = @t0`, held('d')];
      if (lower) where.push(`d.key ${lower.op} @lower`);
      if (query.keyPrefix !== undefined) where.push(`d.key < @upper`);
      if (query.from !== undefined) where.push(`d.time >= @from`);
      if (query.to !== undefined) where.push(`d.time < @to`);
      checked.forEach((_, i) => where.push(`EXISTS (SELECT 1 FROM ${table.table} x${i} WHERE x${i}.term = @t${i + 1} AND x${i}.key = d.key AND ${held(`x${i}`)})`));
      without.forEach((_, i) => where.push(`NOT EXISTS (SELECT 1 FROM ${table.table} n${i} WHERE n${i}.term = @n${i} AND n${i}.key = d.key AND ${held(`n${i}`)})`));
      // At the head, the open spans' own index: the planner would otherwise walk every span the term ever had.
      const from = atHead ? `${table.table} d INDEXED BY ${table.openIndex}` : `${table.table} d`;
      find = table.db.prepare(`SELECT d.key FROM ${from} WHERE ${where.join(' AND ')} ORDER BY d.key LIMIT @limit`).pluck();
      table.finds.set(shape, find);
    }
    const params: Record<string, unknown> = { t0: walked, limit: query.limit };
    if (!atHead) params.asOf = asOf;
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

  /**
   * The terms ordered by how many keys hold them now, rarest first (as of a past position, the
   * counts of now are the estimate).
   */
  private rarestFirst(table: IndexTable, terms: string[]): string[] {
    const counts = new Map(terms.map((term) => [term, (table.count.get(term) as number | undefined) ?? 0]));
    return [...terms].sort((a, b) => counts.get(a)! - counts.get(b)!);
  }
}

import type Database from 'better-sqlite3';
import type { RowInsert } from './read-model-schema';

/**
 * Rows of one table waiting for the end of a batch, written with multi-row INSERTs: one statement
 * per `ROWS_PER_STATEMENT` rows costs far less than one per row (each `run` crosses into native
 * code, binds and steps once). Rows keep the order they were added in, so "the first link wins"
 * and "a later put at the same position replaces" hold exactly as row by row.
 */
export class PendingRows {
  private values: unknown[] = [];
  private chunk: unknown[] | null = null;
  private row: unknown[] | null = null;
  private readonly single: Database.Statement;
  private readonly many: Database.Statement;

  private readonly columns: number;

  constructor(db: Database.Database, { head, columns, tail }: RowInsert) {
    this.columns = columns;
    const row = `(${Array(columns).fill('?').join(', ')})`;
    this.single = db.prepare(`${head} ${row} ${tail}`);
    this.many = db.prepare(`${head} ${Array(ROWS_PER_STATEMENT).fill(row).join(', ')} ${tail}`);
  }

  get size(): number {
    return this.values.length / this.columns;
  }

  add(...row: unknown[]): number {
    const index = this.size;
    for (const value of row) this.values.push(value);
    return index;
  }

  /** Overwrites one column of a row added in this batch. */
  set(index: number, column: number, value: unknown): void {
    this.values[index * this.columns + column] = value;
  }

  /** The values of the rows added so far, row after row, taken away to be written elsewhere. */
  take(): unknown[] {
    const values = this.values;
    this.values = [];
    return values;
  }

  /** Writes rows taken from another `PendingRows` of the same insert (the rebuild thread's side). */
  write(values: readonly unknown[]): void {
    this.values = values as unknown[];
    this.flush();
  }

  flush(): void {
    const values = this.values;
    this.values = [];
    // The statements bind from these arrays, refilled rather than sliced: a rebuild binds millions of rows.
    const chunk = (this.chunk ??= new Array<unknown>(ROWS_PER_STATEMENT * this.columns));
    const row = (this.row ??= new Array<unknown>(this.columns));
    let at = 0;
    for (; at + chunk.length <= values.length; at += chunk.length) {
      for (let i = 0; i < chunk.length; i++) chunk[i] = values[at + i];
      this.many.run(chunk);
    }
    for (; at < values.length; at += row.length) {
      for (let i = 0; i < row.length; i++) row[i] = values[at + i];
      this.single.run(row);
    }
    chunk.fill(undefined);
    row.fill(undefined);
  }

  discard(): void {
    this.values = [];
  }
}

/** SQLite allows 32,766 bound values per statement; 64 rows of 3 stays far below and measured best. */
const ROWS_PER_STATEMENT = 64;

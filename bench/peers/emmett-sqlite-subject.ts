import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  appendToStream,
  getSQLiteEventStore,
  sqliteConnection,
  type SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';
import { BENCH_EVENT_TYPE } from '../bench-payload';
import type { StreamTarget, WriteSubject } from '../subjects/write-subject';

const MAX_ATTEMPTS = 5;

/** Emmett counts events (1-based); our revisions are 0-based indexes of the last event. */
export function emmettExpectedVersion(expected: number | 'no-stream') {
  return expected === 'no-stream' ? STREAM_DOES_NOT_EXIST : BigInt(expected + 1);
}

/**
 * `@event-driven-io/emmett-sqlite` in its default configuration (a connection per operation, WAL,
 * SQLite's default synchronous=FULL). Its EventStore API appends to one stream at a time; for a
 * five-stream transformation we open one connection, begin its transaction and call the exported
 * schema-level `appendToStream` once per stream inside it: the nesting counter of its connection
 * makes those one atomic transaction.
 *
 * With its connection-per-operation default, concurrent writers fail fast with SQLITE_BUSY (the
 * connections it opens carry no busy timeout we could set), so appends are queued behind an
 * in-process lock: the way an application would have to use it under concurrent load.
 *
 * Even one writer at a time now and then gets `SQLITE_BUSY: cannot commit transaction - SQL
 * statements in progress`: node-sqlite3 runs a connection's statements in parallel mode and the
 * finalize of an `INSERT … RETURNING` read with `get` can still be queued when COMMIT runs. Emmett
 * rolls the transaction back, so such an append is retried, and the retries are counted.
 */
export class EmmettSqliteSubject implements WriteSubject {
  private readonly store: SQLiteEventStore;
  private usedMultiStream = false;
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private retries = 0;
  private mostWaiting = 0;

  constructor(private readonly fileName: string) {
    this.store = getSQLiteEventStore({ fileName });
  }

  async open(): Promise<void> {
    await this.store.schema.migrate();
  }

  append(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void> {
    this.waiting++;
    this.mostWaiting = Math.max(this.mostWaiting, this.waiting);
    const turn = this.tail.then(() => {
      this.waiting--;
      return this.appendWithRetry(targets, payload);
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async appendWithRetry(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendNow(targets, payload);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        this.retries++;
      }
    }
  }

  private async appendNow(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void> {
    const event = { type: BENCH_EVENT_TYPE, data: payload };
    if (targets.length === 1) {
      await this.store.appendToStream(targets[0].streamId, [event], {
        expectedStreamVersion: emmettExpectedVersion(targets[0].expected),
      });
      return;
    }
    this.usedMultiStream = true;
    const connection = sqliteConnection({ fileName: this.fileName });
    try {
      await connection.withTransaction(async () => {
        for (const target of targets) {
          const result = await appendToStream(connection, target.streamId, 'lot', [event], {
            expectedStreamVersion: emmettExpectedVersion(target.expected),
          });
          if (!result.success) throw new Error(`emmett-sqlite: conflict on ${target.streamId}`);
        }
      });
    } finally {
      connection.close();
    }
  }

  async close(): Promise<void> {
    // The default pool opens and closes a connection per operation: nothing is left open.
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.retries > 0) notes.push(`${this.retries} appends retried after SQLITE_BUSY at COMMIT`);
    if (this.mostWaiting > 1) notes.push('appends serialized in-process (64 concurrent connections: SQLITE_BUSY)');
    if (this.usedMultiStream) {
      notes.push('no multi-stream append in its EventStore API: 5x exported appendToStream in one connection.withTransaction');
    }
    return notes;
  }
}

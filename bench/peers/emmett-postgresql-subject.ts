import { dumbo, type NodePostgresPool } from '@event-driven-io/dumbo';
import {
  appendToStream,
  getPostgreSQLEventStore,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import { BENCH_EVENT_TYPE } from '../bench-payload';
import { emmettExpectedVersion } from './emmett-sqlite-subject';
import type { StreamTarget, WriteSubject } from '../subjects/write-subject';

type Transaction = Parameters<Parameters<NodePostgresPool['withTransaction']>[0]>[0];

/**
 * `@event-driven-io/emmett-postgresql` with its default pool (pg, 10 connections) against a
 * PostgreSQL 15 with fsync and synchronous_commit on. Its EventStore API appends to one stream at
 * a time and each call is its own transaction; for a five-stream transformation we open one
 * transaction on its dumbo pool and run the exported `appendToStream` (its stored-procedure call)
 * once per stream inside it, through a pool facade that hands out that open transaction.
 */
export class EmmettPostgresqlSubject implements WriteSubject {
  private readonly pool: NodePostgresPool;
  private readonly store: PostgresEventStore;
  private usedMultiStream = false;

  constructor(connectionString: string) {
    this.pool = dumbo({ connectionString });
    this.store = getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: this.pool } });
  }

  async open(): Promise<void> {
    await this.store.schema.migrate();
  }

  async append(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void> {
    const event = { type: BENCH_EVENT_TYPE, data: payload };
    if (targets.length === 1) {
      await this.store.appendToStream(targets[0].streamId, [event], {
        expectedStreamVersion: emmettExpectedVersion(targets[0].expected),
      });
      return;
    }
    this.usedMultiStream = true;
    await this.pool.withTransaction(async (transaction) => {
      const inTransaction = openTransactionAsPool(transaction);
      for (const target of targets) {
        const result = await appendToStream(inTransaction, target.streamId, 'lot', [event], {
          expectedStreamVersion: emmettExpectedVersion(target.expected),
        });
        if (!result.success) throw new Error(`emmett-postgresql: conflict on ${target.streamId}`);
      }
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  notes(): string[] {
    return this.usedMultiStream
      ? ['no multi-stream append in its EventStore API: 5x exported appendToStream in one dumbo transaction']
      : [];
  }
}

/** `appendToStream` only calls `withTransaction` and then uses the transaction's `execute`. */
function openTransactionAsPool(transaction: Transaction): NodePostgresPool {
  const facade = {
    withTransaction: async (handle: (tx: Transaction) => Promise<unknown>) => {
      const outcome = await handle(transaction);
      return outcome !== null && typeof outcome === 'object' && 'success' in outcome && 'result' in outcome
        ? (outcome as { result: unknown }).result
        : outcome;
    },
  };
  return facade as unknown as NodePostgresPool;
}

import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { BENCH_EVENT_TYPE } from '../bench-payload';
import type { StreamTarget, WriteSubject } from './write-subject';

/** Our own embedded store, used exactly as the command handlers use it: through the port. */
export class LedgerSubject implements WriteSubject {
  private readonly store: SqliteEventStore;

  constructor(file: string) {
    this.store = SqliteEventStore.open({ file, synchronous: 'FULL' });
  }

  async append(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void> {
    await this.store.append(
      targets.map((target) => ({
        streamId: target.streamId,
        expectedRevision: target.expected,
        events: [newEvent(payload)],
      })),
    );
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  notes(): string[] {
    const stats = this.store.stats();
    if (stats.transactionsCommitted === 0) return [];
    const perTransaction = stats.appendsStored / stats.transactionsCommitted;
    return [`group commit: ${perTransaction.toFixed(1)} appends/txn avg, ${stats.largestBatch} max`];
  }
}

function newEvent(payload: Record<string, unknown>): NewEvent {
  return {
    eventId: randomUUID(),
    type: BENCH_EVENT_TYPE,
    data: payload,
    metadata: { occurredAt: '2026-11-28T06:00:00.000Z', actorPartyId: 'party-kamoto-copper', schemaVersion: 1 },
  };
}

import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from '../../src/domain/events';
import type { EventStore, Position } from '../../src/event-store/event-store.port';
import type { LedgerLogBuilder } from './ledger-log-builder';

/** Appends the builder's writes (from the `from`-th on) to a real store, one atomic append each. */
export async function replayIntoStore(log: LedgerLogBuilder, store: EventStore, from = 0): Promise<Position | null> {
  let position: Position | null = null;
  for (const write of log.writes.slice(from)) {
    const result = await store.append(
      write.map(({ streamId, event, occurredAt, actorPartyId }) => ({
        streamId,
        expectedRevision: 'any' as const,
        events: [
          {
            eventId: randomUUID(),
            type: event.type,
            data: event.data as unknown as Record<string, unknown>,
            metadata: { occurredAt, actorPartyId, idempotencyKey: null, schemaVersion: SCHEMA_VERSION },
          },
        ],
      })),
    );
    position = result.position;
  }
  return position;
}

import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from '../../src/domain/events';
import type { EventStore } from '../../src/event-store/event-store.port';
import { syntheticLedger, type SyntheticAppend } from './synthetic-ledger';

const IN_FLIGHT = 512;

/** Business time of every synthetic event: the fold reads it, so every store gets the same. */
export const BENCH_OCCURRED_AT = '2026-06-01T00:00:00.000Z';

/**
 * Writes the first `events` events of the synthetic ledger through the store port (not timed: it
 * only builds the ledger a read workload runs on). Appends are issued in log order without
 * waiting, so group commit takes them hundreds at a time; the store's FIFO queue keeps each
 * stream's events in order, so 'any' revisions are safe here.
 */
export async function loadSyntheticLedger(store: EventStore, events: number, skipEvents = 0): Promise<number> {
  let written = 0;
  let inFlight: Promise<unknown>[] = [];
  for (const append of cut(syntheticLedger(), skipEvents, events)) {
    inFlight.push(store.append(toWrites(append)));
    written += append.writes.length;
    if (inFlight.length >= IN_FLIGHT) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  return written;
}

/**
 * The appends whose events fall in [from, to), whole appends only: a transformation is never cut,
 * so the ledger ends on the last append that fits.
 */
export function* cut(appends: Generator<SyntheticAppend>, from: number, to: number): Generator<SyntheticAppend> {
  let seen = 0;
  for (const append of appends) {
    if (seen + append.writes.length > to) return;
    if (seen >= from) yield append;
    seen += append.writes.length;
  }
}

function toWrites(append: SyntheticAppend) {
  const occurredAt = BENCH_OCCURRED_AT;
  return append.writes.map(({ streamId, event }) => ({
    streamId,
    expectedRevision: 'any' as const,
    events: [
      {
        eventId: randomUUID(),
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: { occurredAt, actorPartyId: append.actorPartyId, idempotencyKey: null, schemaVersion: SCHEMA_VERSION },
      },
    ],
  }));
}

import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { payloadSha256 } from '../../src/event-store/payload-hash';

/**
 * A deterministic run of recorded events, shaped like the ledger's own (lot extractions with
 * compositions in integer grams), with positions 1, 2, 3 … as the SQLite store assigns them.
 */
export function recordedEvents(count: number, options: { firstPosition?: bigint; seed?: string } = {}): RecordedEvent[] {
  const first = options.firstPosition ?? 1n;
  const seed = options.seed ?? 'a';
  return Array.from({ length: count }, (_, i) => {
    const lotId = `lot-${seed}-${String(i).padStart(5, '0')}`;
    const data = {
      lotId,
      form: 'concentrate',
      grossMassG: 1_000_000 + i * 7,
      composition: { cobalt: 120_000 + i, nickel: 30_000 + (i % 13) },
      facilityId: 'fac-kolwezi-1',
      country: 'CD',
      custodianId: 'party-miner-1',
    };
    const second = String(i % 60).padStart(2, '0');
    return {
      eventId: `00000000-0000-4000-8000-${seed.charCodeAt(0).toString(16).padStart(4, '0')}${String(i).padStart(8, '0')}`,
      type: 'LotExtracted',
      streamId: `lot-${lotId}`,
      streamRevision: 0,
      position: first + BigInt(i),
      recordedAt: `2026-11-28T06:00:${second}.000Z`,
      occurredAt: `2026-11-27T12:00:${second}.000Z`,
      actorPartyId: 'party-miner-1',
      idempotencyKey: i % 3 === 0 ? `party-miner-1:key-${i}` : null,
      schemaVersion: 1,
      data,
      payloadSha256: payloadSha256(data),
    };
  });
}

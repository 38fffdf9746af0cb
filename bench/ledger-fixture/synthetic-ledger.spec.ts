import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { ProvenanceQueries } from '../../src/provenance/provenance-queries';
import { projectInMemory } from '../../projections/provenance-projections';
import { cut } from './load-synthetic-ledger';
import { DEPTH, FAN_IN, TARGET_LOT, syntheticLedger } from './synthetic-ledger';

/** The synthetic ledger as the store would record it, folded by the real projections in memory. */
function recorded(events: number): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  for (const append of cut(syntheticLedger(), 0, events)) {
    for (const { streamId, event } of append.writes) {
      const streamRevision = (revisions.get(streamId) ?? -1) + 1;
      revisions.set(streamId, streamRevision);
      log.push({
        eventId: `e${log.length + 1}`,
        type: event.type,
        streamId,
        streamRevision,
        position: BigInt(log.length + 1),
        recordedAt: '2026-06-01T00:00:00.000Z',
        occurredAt: '2026-06-01T00:00:00.000Z',
        actorPartyId: append.actorPartyId,
        idempotencyKey: null,
        schemaVersion: 1,
        data: event.data as unknown as Record<string, unknown>,
        payloadSha256: '',
      });
    }
  }
  return log;
}

describe('synthetic ledger of the W5–W7 benchmarks', () => {
  const log = recorded(10_000);
  const queries = new ProvenanceQueries(projectInMemory(log));

  it('is cut at whole appends and never past the asked size', () => {
    expect(log.length).toBeLessThanOrEqual(10_000);
    expect(log.length).toBeGreaterThan(10_000 - 2 * (FAN_IN + 1));
  });

  it('holds a lot 8 transformations deep whose every transformation has 20 inputs', () => {
    const graph = queries.provenance(TARGET_LOT);
    const transformations = graph.nodes.filter((n) => n.kind === 'transformation');
    expect(transformations).toHaveLength(DEPTH);
    for (const transformation of transformations) {
      const inputs = graph.edges.filter((e) => e.kind === 'input' && e.to === transformation.id);
      expect(inputs).toHaveLength(FAN_IN);
    }
  });

  it('attributes the target lot to the mines of its own chain only', () => {
    const origins = queries.origins(TARGET_LOT);
    const mines = new Set(origins.minerals.cobalt.origins.map((o) => o.facilityId));
    expect(mines.size).toBeGreaterThan(1);
    expect(origins.minerals.cobalt.origins.every((o) => o.facilityId.startsWith('mine-'))).toBe(true);
  });
});

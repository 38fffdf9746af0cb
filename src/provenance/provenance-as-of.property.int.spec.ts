import fc from 'fast-check';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { buildSupplyChain, supplyChainSteps } from '../../projections/testing/supply-chain.arbitrary';
import { SqliteReadModel } from '../projection-runner/sqlite-read-model';
import { ProvenanceQueries } from './provenance-queries';

/** Every answer the queries give about every lot and facility, as of a position when given. */
function allAnswers(queries: ProvenanceQueries, lotIds: string[], facilityIds: string[], asOf?: bigint) {
  const answers: Record<string, unknown> = {};
  const attempt = (key: string, answer: () => unknown) => {
    try {
      answers[key] = answer();
    } catch (error) {
      answers[key] = { error: (error as { code?: string }).code ?? String(error) };
    }
  };
  for (const lotId of lotIds) {
    attempt(`state ${lotId}`, () => queries.lotState(lotId, { asOf }));
    attempt(`origins ${lotId}`, () => queries.origins(lotId, { asOf }));
    attempt(`provenance ${lotId}`, () => queries.provenance(lotId, { asOf }));
    attempt(`provenance depth 1 ${lotId}`, () => queries.provenance(lotId, { asOf, depth: 1 }));
    attempt(`descendants ${lotId}`, () => queries.descendants(lotId, { asOf }));
  }
  for (const facilityId of facilityIds) attempt(`downstream ${facilityId}`, () => queries.facilityDownstream(facilityId, { asOf }));
  for (const partyId of ['miner-au', 'recycler-us', 'refiner-jp', 'maker-us']) attempt(`party ${partyId}`, () => queries.partyDownstream(partyId, { asOf }));
  return answers;
}

describe('provenance read models in SQLite over random supply chains', () => {
  it('fold incrementally, in any batching and with redelivery, to what a rebuild from zero gives', () => {
    fc.assert(
      fc.property(supplyChainSteps, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (steps, batchSizes) => {
        const events = buildSupplyChain(steps).events;
        const readModel = new SqliteReadModel(':memory:', provenanceProjections);
        try {
          let from = 0;
          for (let i = 0; from < events.length; i++) {
            const size = batchSizes[i % batchSizes.length];
            // Each batch also hands back the tail of the previous one, as a resumed subscription may.
            readModel.applyBatch(events.slice(Math.max(0, from - 2), from + size));
            from += size;
          }
          const incremental = readModel.dump();

          readModel.reset();
          readModel.applyBatch(events);

          expect(readModel.dump()).toEqual(incremental);
          expect(incremental).toEqual(projectInMemory(events).dump());
        } finally {
          readModel.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answer as of a position exactly what a fresh projection of the log up to it answers', () => {
    fc.assert(
      fc.property(supplyChainSteps, fc.double({ min: 0, max: 1, noNaN: true }), (steps, cut) => {
        const log = buildSupplyChain(steps);
        const events = log.events;
        const readModel = new SqliteReadModel(':memory:', provenanceProjections);
        try {
          readModel.applyBatch(events);
          const at = BigInt(Math.max(1, Math.ceil(cut * events.length)));
          const prefix = events.filter((e) => e.position <= at);
          const lotIds = [...new Set(events.filter((e) => e.streamId.startsWith('lot-')).map((e) => e.streamId.slice(4)))];
          const facilityIds = [...new Set(events.filter((e) => e.streamId.startsWith('facility-')).map((e) => e.streamId.slice(9)))];

          const then = allAnswers(new ProvenanceQueries(readModel), lotIds, facilityIds, at);
          const fresh = allAnswers(new ProvenanceQueries(projectInMemory(prefix)), lotIds, facilityIds);

          expect(then).toEqual(fresh);
          const instant = log.recordedAtOf(at);
          const lastAtThatInstant = events.filter((e) => e.recordedAt <= instant).at(-1)!.position;
          expect(new ProvenanceQueries(readModel).positionFor(instant)).toBe(lastAtThatInstant);
        } finally {
          readModel.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});

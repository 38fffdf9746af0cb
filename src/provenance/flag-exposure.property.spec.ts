import fc from 'fast-check';
import { streams } from '../domain/events';
import { ATTRIBUTIONS } from '../../projections/origin-composition.projection';
import type { Attribution } from '../../projections/origin-attribution';
import { projectInMemory } from '../../projections/provenance-projections';
import { buildSupplyChain, supplyChainSteps } from '../../projections/testing/supply-chain.arbitrary';
import { ProvenanceQueries } from './provenance-queries';

const mine = { kind: 'facility' as const, facilityId: 'mine-au' };

describe('flagged exposure over random supply chains', () => {
  it('a flag on a mine shows in every lot holding its material, and resolving it restores the earlier answers', () => {
    fc.assert(
      fc.property(supplyChainSteps, (steps) => {
        const log = buildSupplyChain(steps);
        const before = log.head;
        const raised = log.record(streams.facility('mine-au'), {
          type: 'FlagRaised',
          data: { flagId: 'PROP-F', subject: mine, category: 'child-labor', severity: 'high', description: 'property', automatic: false },
        });
        log.record(streams.facility('mine-au'), { type: 'FlagResolved', data: { flagId: 'PROP-F', subject: mine, outcome: 'cleared', note: 'property' } });
        const state = projectInMemory(log.events);
        const queries = new ProvenanceQueries(state);
        const lotIds = [...new Set(log.events.filter((e) => e.streamId.startsWith('lot-')).map((e) => e.streamId.slice(4)))];

        for (const lotId of lotIds) {
          const attribution = state.get<Attribution>(ATTRIBUTIONS, lotId) ?? {};
          const whileOpen = queries.origins(lotId, { asOf: raised }).minerals;
          const earlier = queries.origins(lotId, { asOf: before }).minerals;
          const now = queries.origins(lotId).minerals;
          for (const [mineral, parts] of Object.entries(attribution)) {
            if (parts.some((p) => p.facilityId === 'mine-au')) expect(whileOpen[mineral].flaggedShare).toBeGreaterThan(0);
            expect(whileOpen[mineral].flaggedShare).toBeGreaterThanOrEqual(earlier[mineral].flaggedShare);
            expect(now[mineral].flaggedShare).toBe(earlier[mineral].flaggedShare);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

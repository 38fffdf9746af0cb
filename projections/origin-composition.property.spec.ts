import fc from 'fast-check';
import { LOTS, PARENTS, type LotDoc } from './custody-graph.projection';
import { ATTRIBUTIONS } from './origin-composition.projection';
import type { Attribution } from './origin-attribution';
import { projectInMemory } from './provenance-projections';
import { buildSupplyChain, supplyChainSteps } from './testing/supply-chain.arbitrary';

describe('origin composition over random supply chains', () => {
  it('attributes every gram of every mineral, exactly, to an upstream origin lot at its own facility', () => {
    fc.assert(
      fc.property(supplyChainSteps, (steps) => {
        const log = buildSupplyChain(steps);
        const state = projectInMemory(log.events);
        const head = log.head;
        const lotIds = [...new Set(log.events.filter((e) => e.streamId.startsWith('lot-')).map((e) => e.streamId.slice(4)))];
        for (const lotId of lotIds) {
          const lot = state.get<LotDoc>(LOTS, lotId)!;
          const attribution = state.get<Attribution>(ATTRIBUTIONS, lotId) ?? {};
          const attributed = Object.fromEntries(
            Object.entries(attribution).map(([mineral, parts]) => [mineral, parts.reduce((sum, p) => sum + p.massG, 0)]),
          );
          expect(attributed).toEqual(lot.composition);

          const upstream = new Set([lotId, ...state.reachableAt(PARENTS, [lotId], head).map((r) => r.key)]);
          for (const part of Object.values(attribution).flat()) {
            expect(upstream.has(part.originLotId)).toBe(true);
            const origin = state.get<LotDoc>(LOTS, part.originLotId)!.origin;
            expect(origin).not.toBeNull();
            expect(part.facilityId).toBe(origin!.facilityId);
            expect(part.country).toBe(origin!.country);
            expect(part.recycled).toBe(origin!.kind === 'recycling');
            expect(part.massG).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

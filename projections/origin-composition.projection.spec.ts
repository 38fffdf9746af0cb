import { streams } from '../src/domain/events';
import { ATTRIBUTIONS } from './origin-composition.projection';
import type { Attribution } from './origin-attribution';
import { LOTS, type LotDoc } from './custody-graph.projection';
import { projectInMemory } from './provenance-projections';
import { workedExampleLog } from './testing/worked-example';

const grams = (attribution: Attribution | undefined, mineral: string) =>
  Object.fromEntries((attribution?.[mineral] ?? []).map((p) => [p.country, p.massG]));

describe('origin composition by mass balance', () => {
  it('attributes the lithium of JP-LIOH-1 exactly as the worked example says', () => {
    const state = projectInMemory(workedExampleLog().events);

    expect(grams(state.get<Attribution>(ATTRIBUTIONS, 'JP-LIOH-1'), 'lithium')).toEqual({
      AU: 13_213_115,
      CL: 11_366_120,
      US: 1_420_765,
    });
  });

  it('leaves AU-SPOD-1 with half its gross mass and 13,950 kg of its own lithium', () => {
    const state = projectInMemory(workedExampleLog().events);

    expect(state.get<LotDoc>(LOTS, 'AU-SPOD-1')).toMatchObject({ grossMassG: 500_000_000, composition: { lithium: 13_950_000 }, status: 'active' });
    expect(grams(state.get<Attribution>(ATTRIBUTIONS, 'AU-SPOD-1'), 'lithium')).toEqual({ AU: 13_950_000 });
    expect(state.get<LotDoc>(LOTS, 'US-BM-3')).toMatchObject({ status: 'consumed', grossMassG: 0, composition: {} });
  });

  it('applies a transformation once although the log holds one copy per lot stream', () => {
    const log = workedExampleLog();
    const copies = log.events.filter((e) => e.type === 'LotTransformed');
    expect(copies).toHaveLength(4);

    const state = projectInMemory(log.events);

    expect(state.get<LotDoc>(LOTS, 'AU-SPOD-1')?.consumedBy).toEqual(['JP-REFINE-1']);
  });

  it('scales the origins down with a receipt shortfall so they still sum to the contained mass', () => {
    const log = workedExampleLog();
    log.record(streams.lot('JP-LIOH-1'), {
      type: 'LotShipped',
      data: { lotId: 'JP-LIOH-1', shipmentId: 'S1', fromPartyId: 'jp-refiner', toPartyId: 'us-cathode', destinationCountry: 'US', grossMassG: 150_000_000 },
    });
    log.record(streams.lot('JP-LIOH-1'), {
      type: 'LotReceived',
      data: {
        lotId: 'JP-LIOH-1',
        shipmentId: 'S1',
        receiverId: 'us-cathode',
        facilityId: 'us-plant',
        country: 'US',
        shippedMassG: 150_000_000,
        receivedMassG: 140_000_000,
        composition: { lithium: 24_266_666 },
      },
    });

    const parts = projectInMemory(log.events).get<Attribution>(ATTRIBUTIONS, 'JP-LIOH-1')!.lithium;

    expect(parts.reduce((s, p) => s + p.massG, 0)).toBe(24_266_666);
    expect(parts.map((p) => p.country)).toEqual(['AU', 'CL', 'US']);
  });
});

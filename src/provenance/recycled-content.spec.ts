import { streams, type Composition } from '../domain/events';
import { projectInMemory } from '../../projections/provenance-projections';
import { LedgerLogBuilder } from '../../projections/testing/ledger-log-builder';
import { ProvenanceQueries } from './provenance-queries';
import { FacilityNotFoundError } from './provenance.errors';

const kg = (n: number) => Math.round(n * 1000);
/** Decimal kilograms with three decimals as whole grams, zero included. */
const grams = (text: string) => Number(text.replace('.', ''));

/**
 * A converter in DE making lithium and nickel lots over two years from mined concentrate, pre-consumer
 * scrap and post-consumer black mass, with masses that do not divide evenly.
 */
function twoYearPlant() {
  const log = new LedgerLogBuilder('2025-02-01T00:00:00.000Z');
  log.record(streams.facility('de-plant'), { type: 'FacilityRegistered', data: { facilityId: 'de-plant', operatorId: 'de-co', name: 'Plant', kind: 'converter', country: 'DE' } });
  const origin = (lotId: string, composition: Composition, feedstock?: 'pre-consumer' | 'post-consumer') =>
    log.record(streams.lot(lotId), feedstock
      ? { type: 'LotRecovered', data: { lotId, form: 'black-mass', grossMassG: kg(10_000), composition, facilityId: 'de-recycler', country: 'DE', custodianId: 'de-co', feedstock } }
      : { type: 'LotExtracted', data: { lotId, form: 'concentrate', grossMassG: kg(10_000), composition, facilityId: 'au-mine', country: 'AU', custodianId: 'de-co' } });
  origin('MINED-1', { lithium: kg(700.001), nickel: kg(900) });
  origin('PRE-1', { lithium: kg(100.003), nickel: kg(333.333) }, 'pre-consumer');
  origin('POST-1', { lithium: kg(200.007), nickel: kg(111.111) }, 'post-consumer');
  const inputs = (share: number) => [
    { lotId: 'MINED-1', consumedMassG: kg(10_000 * share), givenUp: { lithium: Math.floor(kg(700.001) * share), nickel: Math.floor(kg(900) * share) } },
    { lotId: 'PRE-1', consumedMassG: kg(10_000 * share), givenUp: { lithium: Math.floor(kg(100.003) * share), nickel: Math.floor(kg(333.333) * share) } },
    { lotId: 'POST-1', consumedMassG: kg(10_000 * share), givenUp: { lithium: Math.floor(kg(200.007) * share), nickel: Math.floor(kg(111.111) * share) } },
  ];
  log.transform({
    transformationId: 'T-2025', facilityId: 'de-plant', country: 'DE', process: 'conversion', custodianId: 'de-co',
    inputs: inputs(1 / 3),
    outputs: [
      { lotId: 'OUT-2025-A', form: 'hydroxide', grossMassG: kg(1_000), composition: { lithium: kg(200.001) } },
      { lotId: 'OUT-2025-B', form: 'sulfate', grossMassG: kg(1_000), composition: { nickel: kg(444.443), lithium: kg(99.999) } },
    ],
  });
  log.advanceTo('2026-03-01T00:00:00.000Z');
  log.transform({
    transformationId: 'T-2026', facilityId: 'de-plant', country: 'DE', process: 'conversion', custodianId: 'de-co',
    inputs: inputs(1 / 2),
    outputs: [{ lotId: 'OUT-2026', form: 'sulfate', grossMassG: kg(2_000), composition: { lithium: kg(500.004), nickel: kg(672.221) } }],
  });
  return log;
}

describe('recycled content per plant and year (Battery Regulation Art. 8)', () => {
  const queries = new ProvenanceQueries(projectInMemory(twoYearPlant().events));

  it('sums the years, to the gram, to what the lots the plant made contain, split pre- and post-consumer', () => {
    const years = [2025, 2026].map((year) => queries.recycledContent('de-plant', year));
    expect(years[0].minerals.lithium.lots).toEqual(['OUT-2025-A', 'OUT-2025-B']);
    expect(years[1].minerals.nickel.lots).toEqual(['OUT-2026']);

    for (const mineral of ['lithium', 'nickel']) {
      const made = ['OUT-2025-A', 'OUT-2025-B', 'OUT-2026'].reduce((sum, lotId) => sum + grams(queries.lotState(lotId).composition[mineral] ?? '0.000'), 0);
      expect(years.reduce((sum, y) => sum + grams(y.minerals[mineral].massKg), 0)).toBe(made);
      for (const year of years) {
        // Every gram of a lot is attributed to exactly one origin: each lot's recycled grams, summed.
        const recycled = year.minerals[mineral].lots.flatMap((lotId) => queries.origins(lotId).minerals[mineral].origins.filter((o) => o.recycled));
        expect(grams(year.minerals[mineral].preConsumerKg) + grams(year.minerals[mineral].postConsumerKg)).toBe(recycled.reduce((sum, o) => sum + grams(o.massKg), 0));
      }
    }
  });

  it('splits by the feedstock each origin was recovered from', () => {
    // Hand check, 2026: lithium given up 350.000 + 50.001 + 100.003 = 500.004 kg, all of it made into OUT-2026.
    const lithium = queries.recycledContent('de-plant', 2026).minerals.lithium;
    expect(lithium).toMatchObject({ massKg: '500.004', preConsumerKg: '50.001', postConsumerKg: '100.003', lots: ['OUT-2026'] });
    expect(lithium.preConsumerShare).toBeCloseTo(50.001 / 500.004, 12);
    const origins = queries.origins('OUT-2026').minerals.lithium;
    expect(origins.preConsumerShare + origins.postConsumerShare).toBeCloseTo(origins.recycledShare, 12);
    expect(origins.preConsumerShare).toBeCloseTo(50.001 / 500.004, 12);
  });

  it('keeps what a year made after its lots are consumed, and answers as of a past position', () => {
    const log = twoYearPlant();
    const before = log.head;
    log.transform({
      transformationId: 'T-LATER', facilityId: 'elsewhere', country: 'JP', process: 'cathode production', custodianId: 'jp-co',
      inputs: [{ lotId: 'OUT-2026', consumedMassG: kg(2_000), givenUp: { lithium: kg(500.004), nickel: kg(672.221) } }],
      outputs: [{ lotId: 'CAM-1', form: 'cathode-material', grossMassG: kg(2_000), composition: { lithium: kg(500), nickel: kg(672) } }],
    });
    const later = new ProvenanceQueries(projectInMemory(log.events));
    expect(later.recycledContent('de-plant', 2026).minerals).toEqual(queries.recycledContent('de-plant', 2026).minerals);
    expect(later.recycledContent('de-plant', 2026, { asOf: before }).position).toBe(before.toString());
    expect(later.recycledContent('de-plant', 2024).minerals).toEqual({});
  });

  it('refuses a facility the ledger does not know', () => {
    expect(() => queries.recycledContent('nowhere', 2026)).toThrow(FacilityNotFoundError);
  });
});

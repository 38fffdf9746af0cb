import { projectInMemory } from '../../projections/provenance-projections';
import { exposureExampleLog } from '../../projections/testing/exposure-example';
import { ExposureQueries } from './exposure-queries';
import { ProvenanceQueries } from './provenance-queries';
import { WatchlistNotFoundError } from './provenance.errors';

const NOW = '2026-06-01T00:00:00.000Z';

function queriesOver(events: Parameters<typeof projectInMemory>[0]) {
  const documents = projectInMemory(events);
  const provenance = new ProvenanceQueries(documents);
  return { provenance, exposure: new ExposureQueries(documents, provenance) };
}

/**
 * Acceptance 1, by hand. XJ is listed from 2025-06-01. BLEND-1 (nickel 777.777 kg, cobalt 44.444 kg)
 * is blended from NI-A (gave up nickel 480 kg, cobalt 45 kg; made at XJ's smelter in March, before
 * the listing) and NI-B (gave up nickel 320 kg, no cobalt; made there in August, after it).
 *  - event-time: nickel 320 / (480 + 320) = 0.4 of 777,777 g = 311,110.8 g → 311.111 kg; cobalt 0;
 *  - current (XJ listed on 2026-06-01): everything passed through XJ → nickel 777.777, cobalt 44.444;
 *  - basis 2025-01-01 (before the listing): nothing → 0.000;
 *  - after XJ is delisted from 2026-01-01: current is 0, event-time still 311.111 kg.
 */
describe('exposure to a watch list, hand-computed to the gram (acceptance 1)', () => {
  const example = exposureExampleLog();
  const { exposure } = queriesOver(example.log.events);
  const ask = (basis: Parameters<ExposureQueries['lotExposure']>[2]['basis']) => exposure.lotExposure('BLEND-1', 'uflpa', { basis, now: NOW });

  it('event-time counts only material that passed through XJ while it was listed', () => {
    const answer = ask({ kind: 'event-time' });
    expect(answer.minerals.nickel).toMatchObject({ massKg: '777.777', exposedMassKg: '311.111', exposedShare: 0.4 });
    expect(answer.minerals.cobalt).toMatchObject({ massKg: '44.444', exposedMassKg: '0.000', exposedShare: 0, paths: [] });
    expect(answer.minerals.nickel.paths).toEqual([
      {
        lotId: 'ORE-1',
        entryId: 'UFLPA-144',
        partyId: 'xj',
        facilityId: 'xj-smelter',
        listed: 'party',
        stage: 'smelter',
        activity: 'receipt',
        from: '2025-01-25T00:00:00Z',
        to: '2025-08-01T00:00:00Z',
        amendmentId: 'FR-2025-06',
      },
      {
        lotId: 'NI-B',
        entryId: 'UFLPA-144',
        partyId: 'xj',
        facilityId: 'xj-smelter',
        listed: 'party',
        stage: 'smelter',
        activity: 'transformation',
        from: '2025-08-01T00:00:00Z',
        to: '2025-08-15T00:00:00Z',
        amendmentId: 'FR-2025-06',
      },
    ]);
    expect(answer).toMatchObject({ lotId: 'BLEND-1', listId: 'uflpa', basis: 'event-time', at: NOW });
  });

  it("current counts today's list whatever the time: all of it", () => {
    const answer = ask({ kind: 'current' });
    expect(answer.minerals.nickel).toMatchObject({ exposedMassKg: '777.777', exposedShare: 1 });
    expect(answer.minerals.cobalt).toMatchObject({ exposedMassKg: '44.444', exposedShare: 1 });
    expect(answer.minerals.cobalt.paths.map((p) => p.lotId)).toEqual(['ORE-1', 'NI-A']);
  });

  it('a past basis uses the list in force then: before the listing, nothing', () => {
    const answer = ask({ kind: 'date', at: '2025-01-01T00:00:00Z' });
    expect(answer.minerals.nickel).toMatchObject({ exposedMassKg: '0.000', exposedShare: 0 });
    expect(ask({ kind: 'date', at: '2025-09-01T00:00:00Z' }).minerals.nickel.exposedMassKg).toBe('777.777');
  });

  it('delisting changes current but not event-time', () => {
    const delisted = exposureExampleLog();
    delisted.delist();
    const { exposure: after } = queriesOver(delisted.log.events);
    const at = (basis: Parameters<ExposureQueries['lotExposure']>[2]['basis']) => after.lotExposure('BLEND-1', 'uflpa', { basis, now: NOW }).minerals.nickel.exposedMassKg;
    expect(at({ kind: 'current' })).toBe('0.000');
    expect(at({ kind: 'event-time' })).toBe('311.111');
    expect(at({ kind: 'date', at: '2025-09-01T00:00:00Z' })).toBe('777.777');
  });

  it('asOf a position before the listing was recorded, the ledger knew of no listing', () => {
    const answer = exposure.lotExposure('NI-A', 'uflpa', { asOf: example.listedAt - 1n, basis: { kind: 'current' }, now: NOW });
    expect(answer.minerals.nickel.exposedShare).toBe(0);
  });

  it('a manufacturer asks which of the lots it holds are exposed', () => {
    expect(exposure.holderExposure('us-maker', 'uflpa', { now: NOW })).toMatchObject({
      items: [{ lotId: 'BLEND-1', minerals: { nickel: { exposedShare: 0.4, exposedMassKg: '311.111' } } }],
      next: null,
    });
    expect(exposure.holderExposure('cn-miner', 'uflpa', { now: NOW }).items).toEqual([]);
  });

  it('an unknown list is not found', () => {
    expect(() => exposure.lotExposure('BLEND-1', 'nope', { now: NOW })).toThrow(WatchlistNotFoundError);
  });
});

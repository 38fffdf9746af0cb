import { streams } from '../src/domain/events';
import { projectInMemory } from './provenance-projections';
import { FACILITY_SEARCH, LOT_SEARCH, PARTY_SEARCH, TERMS } from './search-index.projection';
import { workedExampleLog } from './testing/worked-example';

const kg = (n: number) => n * 1000;

/** The worked example, then JP-LIOH-1 shipped to a cathode maker, received short, flagged and cleared. */
function exampleWithHops() {
  const log = workedExampleLog();
  const refined = log.head;
  const shipped = log.record(streams.lot('JP-LIOH-1'), {
    type: 'LotShipped',
    data: { lotId: 'JP-LIOH-1', shipmentId: 'S1', fromPartyId: 'jp-refiner', toPartyId: 'us-cathode', destinationCountry: 'US', grossMassG: kg(150_000) },
  });
  const received = log.record(streams.lot('JP-LIOH-1'), {
    type: 'LotReceived',
    data: { lotId: 'JP-LIOH-1', shipmentId: 'S1', receiverId: 'us-cathode', facilityId: 'us-plant', country: 'US', shippedMassG: kg(150_000), receivedMassG: kg(149_000), composition: { lithium: kg(25_826) } },
  });
  const flagged = log.record(streams.lot('JP-LIOH-1'), {
    type: 'FlagRaised',
    data: { flagId: 'F1', subject: { kind: 'lot', lotId: 'JP-LIOH-1' }, category: 'mass-discrepancy', severity: 'low', description: 'short', automatic: true },
  });
  log.record(streams.lot('JP-LIOH-1'), {
    type: 'FlagRaised',
    data: { flagId: 'F2', subject: { kind: 'lot', lotId: 'JP-LIOH-1' }, category: 'other', severity: 'medium', description: 'paperwork', automatic: false },
  });
  const firstCleared = log.record(streams.lot('JP-LIOH-1'), {
    type: 'FlagResolved',
    data: { flagId: 'F1', subject: { kind: 'lot', lotId: 'JP-LIOH-1' }, outcome: 'cleared', note: 'weighed again' },
  });
  const bothCleared = log.record(streams.lot('JP-LIOH-1'), {
    type: 'FlagResolved',
    data: { flagId: 'F2', subject: { kind: 'lot', lotId: 'JP-LIOH-1' }, outcome: 'cleared', note: 'found' },
  });
  return { log, refined, shipped, received, flagged, firstCleared, bothCleared };
}

describe('search index: what lots, parties and facilities are found by', () => {
  const { log, refined, shipped, received, flagged, firstCleared, bothCleared } = exampleWithHops();
  const read = projectInMemory(log.events);
  const lots = (terms: string[], at = log.head, more: { without?: string[]; from?: string; to?: string } = {}) =>
    read.findAt(LOT_SEARCH, { terms, limit: 100, ...more }, at);

  it('a transformation consumes inputs used up and leaves the rest active', () => {
    expect(lots([TERMS.status('consumed')])).toEqual(['CL-BRINE-7', 'US-BM-3']);
    expect(lots([TERMS.status('active')])).toEqual(['AU-SPOD-1', 'JP-LIOH-1']);
  });

  it('an output inherits the origin countries of the inputs that gave up minerals to it, and contains only its own minerals', () => {
    expect(lots([TERMS.originCountry('US')])).toEqual(['JP-LIOH-1', 'US-BM-3']);
    expect(lots([TERMS.originCountry('AU'), TERMS.originCountry('CL')])).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.mineral('nickel')])).toEqual(['US-BM-3']);
  });

  it('a shipment puts the lot in transit and lets the consignee find it; the receipt moves custody and the facility', () => {
    expect(lots([TERMS.status('in-transit')], shipped)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.holder('us-cathode')], shipped)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.custodian('jp-refiner')], shipped)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.custodian('us-cathode')], received)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.custodian('jp-refiner')], received)).toEqual([]);
    expect(lots([TERMS.holder('jp-refiner')], received)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.facility('us-plant')], received)).toEqual(['JP-LIOH-1']);
  });

  it('a lot is flagged while any flag on it is open', () => {
    expect(lots([TERMS.FLAGGED], received)).toEqual([]);
    expect(lots([TERMS.FLAGGED], flagged)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.FLAGGED], firstCleared)).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.FLAGGED], bothCleared)).toEqual([]);
    expect(lots([TERMS.ALL], flagged, { without: [TERMS.FLAGGED] })).toEqual(['AU-SPOD-1', 'CL-BRINE-7', 'US-BM-3']);
  });

  it('as of a past position, a lot is found by the terms it held then, and not before it was made', () => {
    // The refining is written on four lot streams; the log before its first copy:
    const beforeRefining = refined - 4n;
    expect(lots([TERMS.ALL], beforeRefining)).toEqual(['AU-SPOD-1', 'CL-BRINE-7', 'US-BM-3']);
    expect(lots([TERMS.status('active')], beforeRefining)).toEqual(['AU-SPOD-1', 'CL-BRINE-7', 'US-BM-3']);
  });

  it('the time bounds are the business time the lot was made, [from, to)', () => {
    const madeAt = log.events[Number(refined) - 1].occurredAt;
    expect(lots([TERMS.ALL], log.head, { from: madeAt })).toEqual(['JP-LIOH-1']);
    expect(lots([TERMS.ALL], log.head, { to: madeAt })).toEqual(['AU-SPOD-1', 'CL-BRINE-7', 'US-BM-3']);
  });

  it('parties by role and country, facilities by kind, country and operator', () => {
    expect(read.findAt(PARTY_SEARCH, { terms: [TERMS.role('processor')], limit: 10 }, log.head)).toEqual(['jp-refiner']);
    expect(read.findAt(FACILITY_SEARCH, { terms: [TERMS.kind('mine')], limit: 10 }, log.head)).toEqual(['au-mine', 'cl-brine']);
    expect(read.findAt(FACILITY_SEARCH, { terms: [TERMS.operator('jp-refiner'), TERMS.country('JP')], limit: 10 }, log.head)).toEqual(['jp-refinery']);
  });
});

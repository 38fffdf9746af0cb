import type { RecordLotOrigin } from './commands';
import {
  ContainedExceedsGross,
  EmptyComposition,
  InvalidMass,
  LotAlreadyExists,
  MineralNotOnAnnex,
  MissingRole,
  NotFacilityOperator,
  OccurredInFuture,
  UnknownFacility,
  WrongFacilityKind,
} from './errors';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, facilities, kg, parties } from './testing/fixtures';

const extract = (overrides: Partial<RecordLotOrigin> = {}): RecordLotOrigin => ({
  type: 'RecordLotOrigin',
  actor: actors.auMiner,
  lotId: 'AU-SPOD-1',
  form: 'concentrate',
  grossMassG: kg(1_000_000),
  composition: { lithium: kg(27_900) },
  occurredAt: '2026-02-01T00:00:00Z',
  origin: { type: 'extraction', facilityId: 'au-mine' },
  ...overrides,
});

const recover = (overrides: Partial<RecordLotOrigin> = {}): RecordLotOrigin =>
  extract({
    actor: actors.usRecycler,
    lotId: 'US-BM-3',
    form: 'black-mass',
    grossMassG: kg(50_000),
    composition: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
    origin: { type: 'recycling', facilityId: 'us-recycling-plant', feedstock: 'post-consumer' },
    ...overrides,
  });

const world = [...parties, ...facilities];

describe('lot origins', () => {
  it('a producer records an extraction at a mine it operates; the lot starts in its custody there', () => {
    given(...world)
      .when(extract())
      .then([auSpodumene]);
  });

  it('a recycler records a recovery at a recycler it operates, with its feedstock', () => {
    given(...world)
      .when(recover())
      .then([
        {
          type: 'LotRecovered',
          data: {
            lotId: 'US-BM-3',
            form: 'black-mass',
            grossMassG: kg(50_000),
            composition: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
            facilityId: 'us-recycling-plant',
            country: 'US',
            custodianId: 'us-recycler',
            feedstock: 'post-consumer',
          },
        },
      ]);
  });

  it('rule 1: every mineral is on the Annex in force at occurred-at', () => {
    given(...world)
      .when(extract({ composition: { lithium: kg(1), copper: kg(1) } }))
      .thenThrows(MineralNotOnAnnex, (e) => expect(e).toMatchObject({ mineral: 'copper', field: 'composition.copper' }));
  });

  it('rule 1: the Annex as in force at the business time, not today (nothing before 2023-03-28)', () => {
    given(...world)
      .when(extract({ occurredAt: '2023-03-27T23:59:59Z' }))
      .thenThrows(MineralNotOnAnnex);
  });

  it('rule 1: a mineral added to the Annex counts from its effective date', () => {
    const addCopper = {
      type: 'AnnexAmended' as const,
      data: { amendmentId: 'a-1', add: ['copper'], remove: [], effectiveFrom: '2026-01-15T00:00:00Z', reference: 'test' },
    };
    given(...world, addCopper)
      .when(extract({ composition: { copper: kg(1) }, occurredAt: '2026-01-14T00:00:00Z' }))
      .thenThrows(MineralNotOnAnnex);
    given(...world, addCopper)
      .when(extract({ composition: { copper: kg(1) }, occurredAt: '2026-01-15T00:00:00Z' }))
      .thenEvents(([event]) => expect(event.type).toBe('LotExtracted'));
  });

  it('rule 2: contained mass ≤ gross mass (all minerals together)', () => {
    given(...world)
      .when(extract({ grossMassG: kg(10), composition: { lithium: kg(6), nickel: kg(5) } }))
      .thenThrows(ContainedExceedsGross);
  });

  it('rule 2: masses are positive whole grams', () => {
    given(...world)
      .when(extract({ grossMassG: 0 }))
      .thenThrows(InvalidMass, (e) => expect(e).toMatchObject({ reason: 'not-positive', field: 'grossMassKg' }));
    given(...world)
      .when(extract({ composition: { lithium: 0.5 } }))
      .thenThrows(InvalidMass, (e) => expect(e.field).toBe('composition.lithium'));
  });

  it('an origin lot contains at least one critical mineral', () => {
    given(...world).when(extract({ composition: {} })).thenThrows(EmptyComposition);
  });

  it('rule 3: a lot id is unique', () => {
    given(...world, auSpodumene).when(extract()).thenThrows(LotAlreadyExists);
  });

  it('rule 3: extraction names a mine or concentrator, recycling a recycler', () => {
    given(...world)
      .when(extract({ origin: { type: 'extraction', facilityId: 'jp-refinery' }, actor: actors.jpRefiner }))
      .thenThrows(MissingRole);
    given(...world)
      .when(extract({ actor: { partyId: 'jp-refiner', roles: ['producer', 'processor'] }, origin: { type: 'extraction', facilityId: 'jp-refinery' } }))
      .thenThrows(WrongFacilityKind, (e) => expect(e).toMatchObject({ actualKind: 'refinery', expectedKinds: ['mine', 'concentrator'] }));
    given(...world)
      .when(recover({ actor: { partyId: 'au-miner', roles: ['producer', 'recycler'] }, origin: { type: 'recycling', facilityId: 'au-mine', feedstock: 'pre-consumer' } }))
      .thenThrows(WrongFacilityKind);
  });

  it('rule 3: the facility is operated by the poster', () => {
    given(...world)
      .when(extract({ actor: actors.clBrine }))
      .thenThrows(NotFacilityOperator, (e) => expect(e.field).toBe('origin.facilityId'));
    given(...world)
      .when(extract({ origin: { type: 'extraction', facilityId: 'nowhere' } }))
      .thenThrows(UnknownFacility);
  });

  it('rule 3: extraction needs the producer role, recycling the recycler role', () => {
    given(...world).when(extract({ actor: { partyId: 'au-miner', roles: ['trader'] } })).thenThrows(MissingRole);
    given(...world).when(recover({ actor: { partyId: 'us-recycler', roles: ['producer'] } })).thenThrows(MissingRole);
  });

  it('occurred-at may be at most five minutes after the server clock', () => {
    given(...world).at('2026-02-01T00:00:00Z').when(extract({ occurredAt: '2026-02-01T00:05:00Z' })).thenEvents(() => {});
    given(...world).at('2026-02-01T00:00:00Z').when(extract({ occurredAt: '2026-02-01T00:05:00.001Z' })).thenThrows(OccurredInFuture);
    given(...world).at('2026-02-01T00:00:00Z').when(extract({ occurredAt: '2026-02-01T09:05:01+09:00' })).thenThrows(OccurredInFuture);
  });
});

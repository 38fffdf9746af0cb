import type { ReceiveLot, ShipLot } from './commands';
import {
  CannotShipToSelf,
  ConsigneeNotOperator,
  DestinationCountryMismatch,
  FacilityNotOperatedByConsignee,
  LotNotAvailable,
  LotNotFound,
  NotConsignee,
  NotCustodian,
  NotFacilityOperator,
  OccurredBeforeLotHistory,
  ShipmentAlreadyExists,
  ShipmentAlreadyReceived,
  UnknownParty,
  UnknownShipment,
} from './errors';
import type { LotShipped } from './events';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, facilities, hop, kg, parties } from './testing/fixtures';
import { lotOf } from './testing/world';

const ship = (overrides: Partial<ShipLot> = {}): ShipLot => ({
  type: 'ShipLot',
  actor: actors.auMiner,
  lotId: 'AU-SPOD-1',
  shipmentId: 'S-1',
  toPartyId: 'jp-refiner',
  toFacilityId: 'jp-refinery',
  destinationCountry: 'JP',
  occurredAt: '2026-02-01T00:00:00Z',
  ...overrides,
});

const receive = (overrides: Partial<ReceiveLot> = {}): ReceiveLot => ({
  type: 'ReceiveLot',
  actor: actors.jpRefiner,
  lotId: 'AU-SPOD-1',
  shipmentId: 'S-1',
  facilityId: 'jp-refinery',
  receivedMassG: kg(1_000_000),
  occurredAt: '2026-03-01T00:00:00Z',
  ...overrides,
});

const shipped: LotShipped = {
  type: 'LotShipped',
  data: {
    lotId: 'AU-SPOD-1',
    shipmentId: 'S-1',
    fromPartyId: 'au-miner',
    toPartyId: 'jp-refiner',
    toFacilityId: 'jp-refinery',
    destinationCountry: 'JP',
    grossMassG: kg(1_000_000),
  },
};

const extracted = [...parties, ...facilities, auSpodumene];
const inTransit = [...extracted, { ...shipped, occurredAt: '2026-02-01T00:00:00Z' }];

describe('rule 4: custody hops', () => {
  it('the custodian ships the whole lot to another operator', () => {
    const after = given(...extracted).when(ship()).then([shipped]);
    expect(lotOf(after, 'AU-SPOD-1')).toMatchObject({
      status: 'in-transit',
      custodianId: 'au-miner',
      locationFacilityId: null,
      pendingShipment: { shipmentId: 'S-1', toPartyId: 'jp-refiner', grossMassG: kg(1_000_000) },
    });
  });

  it('only the custodian may ship', () => {
    given(...extracted).when(ship({ actor: actors.trader, toPartyId: 'jp-refiner' })).thenThrows(NotCustodian);
  });

  it('a lot in transit cannot be shipped again', () => {
    given(...inTransit)
      .when(ship({ shipmentId: 'S-2' }))
      .thenThrows(LotNotAvailable, (e) => expect(e.status).toBe('in-transit'));
  });

  it('a retired lot cannot be shipped', () => {
    given(...extracted, { type: 'LotRetired', data: { lotId: 'AU-SPOD-1', reason: 'lost' } })
      .when(ship())
      .thenThrows(LotNotAvailable, (e) => expect(e.status).toBe('retired'));
  });

  it('an unknown lot is not found', () => {
    given(...extracted).when(ship({ lotId: 'NOPE' })).thenThrows(LotNotFound, (e) => expect(e.kind).toBe('not-found'));
  });

  it('a lot cannot be shipped to its own custodian', () => {
    given(...extracted).when(ship({ toPartyId: 'au-miner', toFacilityId: undefined, destinationCountry: 'AU' })).thenThrows(CannotShipToSelf);
  });

  it('the consignee must exist and hold an operator role', () => {
    given(...extracted).when(ship({ toPartyId: 'ghost', toFacilityId: undefined })).thenThrows(UnknownParty);
    given(...extracted).when(ship({ toPartyId: 'auditor', toFacilityId: undefined })).thenThrows(ConsigneeNotOperator);
  });

  it('a named destination facility is operated by the consignee, in the destination country', () => {
    given(...extracted).when(ship({ toFacilityId: 'sg-port' })).thenThrows(FacilityNotOperatedByConsignee);
    given(...extracted).when(ship({ destinationCountry: 'KR' })).thenThrows(DestinationCountryMismatch);
  });

  it('a shipment id is used once per lot', () => {
    given(...extracted, ...hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.trader, 'sg-port', 'SG', 'S-1'))
      .when(ship({ actor: actors.trader }))
      .thenThrows(ShipmentAlreadyExists);
  });

  it("nothing is recorded on a lot before its last event's business time", () => {
    given(...extracted.slice(0, -1), { ...auSpodumene, occurredAt: '2026-02-01T00:00:00Z' })
      .when(ship({ occurredAt: '2026-01-31T23:59:59Z' }))
      .thenThrows(OccurredBeforeLotHistory);
  });

  it('the consignee receives at a facility it operates, becoming custodian there', () => {
    const after = given(...inTransit)
      .when(receive())
      .then([
        {
          type: 'LotReceived',
          data: {
            lotId: 'AU-SPOD-1',
            shipmentId: 'S-1',
            receiverId: 'jp-refiner',
            facilityId: 'jp-refinery',
            country: 'JP',
            shippedMassG: kg(1_000_000),
            receivedMassG: kg(1_000_000),
            composition: { lithium: kg(27_900) },
          },
        },
      ]);
    expect(lotOf(after, 'AU-SPOD-1')).toMatchObject({
      status: 'active',
      custodianId: 'jp-refiner',
      locationFacilityId: 'jp-refinery',
      pendingShipment: null,
      holders: ['au-miner', 'jp-refiner'],
    });
  });

  it('only the consignee may receive', () => {
    given(...inTransit).when(receive({ actor: actors.trader, facilityId: 'sg-port' })).thenThrows(NotConsignee);
  });

  it('the consignee receives only at a facility it operates', () => {
    given(...inTransit).when(receive({ facilityId: 'sg-port' })).thenThrows(NotFacilityOperator);
  });

  it('a shipment is received once', () => {
    given(...extracted, ...hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.jpRefiner, 'jp-refinery', 'JP', 'S-1'))
      .when(receive())
      .thenThrows(ShipmentAlreadyReceived, (e) => expect(e.kind).toBe('conflict'));
  });

  it('only a pending shipment can be received', () => {
    given(...inTransit).when(receive({ shipmentId: 'S-9' })).thenThrows(UnknownShipment);
    given(...extracted).when(receive()).thenThrows(UnknownShipment);
  });
});

describe('rule 5: a received mass more than 0.5 % off the shipped mass raises a mass-discrepancy flag', () => {
  it('a shortfall of exactly 0.5 % is recorded without a flag', () => {
    given(...inTransit)
      .when(receive({ receivedMassG: kg(995_000) }))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['LotReceived']));
  });

  it('a shortfall beyond 0.5 % is recorded, scales the composition down, and raises an automatic flag', () => {
    const after = given(...inTransit)
      .when(receive({ receivedMassG: kg(994_999) }))
      .then([
        {
          type: 'LotReceived',
          data: {
            lotId: 'AU-SPOD-1',
            shipmentId: 'S-1',
            receiverId: 'jp-refiner',
            facilityId: 'jp-refinery',
            country: 'JP',
            shippedMassG: kg(1_000_000),
            receivedMassG: kg(994_999),
            // floor(27,900,000 × 994,999,000 / 1,000,000,000)
            composition: { lithium: 27_760_472 },
          },
        },
        {
          type: 'FlagRaised',
          data: {
            flagId: 'mass-discrepancy-S-1',
            subject: { kind: 'lot', lotId: 'AU-SPOD-1' },
            category: 'mass-discrepancy',
            severity: 'medium',
            description: 'Shipment S-1: 994999.000 kg received against 1000000.000 kg shipped (short by 5001.000 kg, beyond the 0.5 % tolerance).',
            automatic: true,
          },
        },
      ]);
    expect(lotOf(after, 'AU-SPOD-1')).toMatchObject({
      grossMassG: kg(994_999),
      openFlags: [{ flagId: 'mass-discrepancy-S-1', category: 'mass-discrepancy', severity: 'medium', automatic: true }],
    });
  });

  it('a surplus beyond 0.5 % raises the flag but never creates mineral mass', () => {
    given(...inTransit)
      .when(receive({ receivedMassG: kg(1_010_000) }))
      .thenEvents(([received, flag]) => {
        expect(received).toMatchObject({ data: { receivedMassG: kg(1_010_000), composition: { lithium: kg(27_900) } } });
        expect(flag).toMatchObject({ type: 'FlagRaised', data: { category: 'mass-discrepancy', automatic: true } });
      });
  });
});

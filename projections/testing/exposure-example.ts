import { streams, type LedgerEvent } from '../../src/domain/events';
import { LedgerLogBuilder } from './ledger-log-builder';

/**
 * Acceptance 1 of issue 12, as a log: a smelter's operator (XJ) is listed from 2025-06-01; ore
 * it received in January is refined there into NI-A in March (before the listing) and into NI-B in
 * August (after); a manufacturer blends both into BLEND-1. Hand-computed answers in
 * `src/provenance/exposure.spec.ts`; the same story through HTTP in `test/e2e/screening.e2e.spec.ts`.
 */
export const EXAMPLE_LEI = '529900T8BM49AURSDO55';

export interface ExposureExample {
  log: LedgerLogBuilder;
  /** Position of the listing amendment. */
  listedAt: bigint;
  /** Adds the delisting of XJ effective 2026-01-01 and its resolution; returns its position. */
  delist(): bigint;
}

export function exposureExampleLog(): ExposureExample {
  const log = new LedgerLogBuilder('2026-02-01T00:00:00.000Z');
  const on = (streamId: string, event: LedgerEvent, actor: string, occurredAt: string) => log.record(streamId, event, actor, occurredAt);
  for (const [partyId, name, country, role] of [
    ['cn-miner', 'Tianshan Ore', 'CN', 'producer'],
    ['xj', 'Xinjiang Nonferrous Metal Co., Ltd.', 'CN', 'processor'],
    ['us-maker', 'US Battery Maker', 'US', 'manufacturer'],
  ] as const) {
    on(streams.party(partyId), { type: 'PartyRegistered', data: { partyId, name, country, roles: [role], ...(partyId === 'xj' ? { identifiers: { lei: EXAMPLE_LEI } } : {}) } }, 'admin', '2024-12-01T00:00:00Z');
  }
  for (const [facilityId, operatorId, kind, country] of [
    ['cn-mine', 'cn-miner', 'mine', 'CN'],
    ['xj-smelter', 'xj', 'smelter', 'CN'],
    ['us-plant', 'us-maker', 'cathode-plant', 'US'],
  ] as const) {
    on(streams.facility(facilityId), { type: 'FacilityRegistered', data: { facilityId, operatorId, name: facilityId, kind, country } }, operatorId, '2024-12-02T00:00:00Z');
  }
  on(streams.watchlist('uflpa'), { type: 'WatchlistCreated', data: { listId: 'uflpa', name: 'UFLPA Entity List', authority: 'DHS FLETF', category: 'forced-labor', effectiveFrom: '2024-01-01T00:00:00Z' } }, 'regulator', '2024-01-01T00:00:00Z');

  const ore = { nickel: 1_000_000, cobalt: 100_000 };
  on(streams.lot('ORE-1'), { type: 'LotExtracted', data: { lotId: 'ORE-1', form: 'ore', grossMassG: 10_000_000, composition: ore, facilityId: 'cn-mine', country: 'CN', custodianId: 'cn-miner' } }, 'cn-miner', '2025-01-10T00:00:00Z');
  on(streams.lot('ORE-1'), { type: 'LotShipped', data: { lotId: 'ORE-1', shipmentId: 'S-ORE', fromPartyId: 'cn-miner', toPartyId: 'xj', destinationCountry: 'CN', grossMassG: 10_000_000 } }, 'cn-miner', '2025-01-20T00:00:00Z');
  on(streams.lot('ORE-1'), { type: 'LotReceived', data: { lotId: 'ORE-1', shipmentId: 'S-ORE', receiverId: 'xj', facilityId: 'xj-smelter', country: 'CN', shippedMassG: 10_000_000, receivedMassG: 10_000_000, composition: ore } }, 'xj', '2025-01-25T00:00:00Z');
  const half = { lotId: 'ORE-1', consumedMassG: 5_000_000, givenUp: { nickel: 500_000, cobalt: 50_000 } };
  log.transform(
    { transformationId: 'T-A', facilityId: 'xj-smelter', country: 'CN', process: 'smelting', custodianId: 'xj', inputs: [half], outputs: [{ lotId: 'NI-A', form: 'matte', grossMassG: 600_000, composition: { nickel: 480_000, cobalt: 45_000 } }] },
    '2025-03-01T00:00:00Z',
  );
  hop(log, 'NI-A', 600_000, { nickel: 480_000, cobalt: 45_000 }, '2025-04-01T00:00:00Z', '2025-04-10T00:00:00Z');

  const listedAt = on(
    streams.watchlist('uflpa'),
    { type: 'WatchlistAmended', data: { listId: 'uflpa', amendmentId: 'FR-2025-06', effectiveFrom: '2025-06-01T00:00:00Z', reference: '90 FR 20001', add: [{ entryId: 'UFLPA-144', name: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.', identifiers: { lei: EXAMPLE_LEI } }], remove: [] } },
    'regulator',
    '2025-06-01T00:00:00Z',
  );
  on(
    streams.party('xj'),
    {
      type: 'FlagRaised',
      data: {
        flagId: 'scr-uflpa-144-xj',
        subject: { kind: 'party', partyId: 'xj' },
        category: 'forced-labor',
        severity: 'high',
        description: 'Listed on UFLPA Entity List (UFLPA-144) by LEI',
        automatic: true,
        source: { listId: 'uflpa', entryId: 'UFLPA-144', amendmentId: 'FR-2025-06' },
        match: { by: 'identifier', identifier: 'lei', value: EXAMPLE_LEI },
      },
    },
    'screening',
    '2025-06-01T00:00:00Z',
  );

  log.transform(
    { transformationId: 'T-B', facilityId: 'xj-smelter', country: 'CN', process: 'smelting', custodianId: 'xj', inputs: [half], outputs: [{ lotId: 'NI-B', form: 'matte', grossMassG: 400_000, composition: { nickel: 320_000 } }] },
    '2025-08-01T00:00:00Z',
  );
  hop(log, 'NI-B', 400_000, { nickel: 320_000 }, '2025-08-15T00:00:00Z', '2025-08-20T00:00:00Z');
  log.transform(
    {
      transformationId: 'T-BLEND',
      facilityId: 'us-plant',
      country: 'US',
      process: 'blending',
      custodianId: 'us-maker',
      inputs: [
        { lotId: 'NI-A', consumedMassG: 600_000, givenUp: { nickel: 480_000, cobalt: 45_000 } },
        { lotId: 'NI-B', consumedMassG: 400_000, givenUp: { nickel: 320_000 } },
      ],
      outputs: [{ lotId: 'BLEND-1', form: 'precursor', grossMassG: 900_000, composition: { nickel: 777_777, cobalt: 44_444 } }],
    },
    '2025-10-01T00:00:00Z',
  );

  const delist = () => {
    const at = on(
      streams.watchlist('uflpa'),
      { type: 'WatchlistAmended', data: { listId: 'uflpa', amendmentId: 'FR-2026-01', effectiveFrom: '2026-01-01T00:00:00Z', reference: '91 FR 101', add: [], remove: ['UFLPA-144'] } },
      'regulator',
      '2026-01-01T00:00:00Z',
    );
    on(streams.party('xj'), { type: 'FlagResolved', data: { flagId: 'scr-uflpa-144-xj', subject: { kind: 'party', partyId: 'xj' }, outcome: 'delisted', note: 'FR-2026-01' } }, 'screening', '2026-01-01T00:00:00Z');
    return at;
  };
  return { log, listedAt, delist };
}

function hop(log: LedgerLogBuilder, lotId: string, grossMassG: number, composition: Record<string, number>, shippedAt: string, receivedAt: string): void {
  const shipmentId = `S-${lotId}`;
  log.record(streams.lot(lotId), { type: 'LotShipped', data: { lotId, shipmentId, fromPartyId: 'xj', toPartyId: 'us-maker', destinationCountry: 'US', grossMassG } }, 'xj', shippedAt);
  log.record(
    streams.lot(lotId),
    { type: 'LotReceived', data: { lotId, shipmentId, receiverId: 'us-maker', facilityId: 'us-plant', country: 'US', shippedMassG: grossMassG, receivedMassG: grossMassG, composition } },
    'us-maker',
    receivedAt,
  );
}

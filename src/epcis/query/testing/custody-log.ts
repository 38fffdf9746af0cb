import { SCHEMA_VERSION, streams, type LedgerEvent } from '../../../domain/events';
import type { RecordedEvent, StreamWrite } from '../../../event-store/event-store.port';
import { payloadSha256 } from '../../../event-store/payload-hash';

/**
 * A small custody log that touches every rendering: an origin of a lot created with an LGTIN, a
 * recovery posted through EPCIS (its eventID kept in the idempotency key), shipments with and
 * without a destination facility, receipts, a transformation written on four streams, the three
 * retirements, a flag (master data), a /v1 correction with a sentence for a reason, and an EPCIS
 * error declaration recorded on two copies of the transformation. Each entry is one append.
 */

export const LGTIN_LOT = { lotId: 'gtin:10614141073464:2018', epcClass: 'urn:epc:class:lgtin:0614141.107346.2018' } as const;
export const LINK_LOT = { lotId: 'gtin:10614141073464:LIOH1', epcClass: 'https://id.gs1.org/01/10614141073464/10/LIOH1' } as const;
export const MINER_PGLN = '0614141000012';
export const MINE_SGLN = 'urn:epc:id:sgln:0614141.00001.0';

export const RECOVERY_EVENT_ID = 'urn:uuid:6c1b9f1e-0000-4000-8000-000000000002';
export const TRANSFORMATION_EVENT_ID = 'urn:uuid:6c1b9f1e-0000-4000-8000-000000000007';
export const CORRECTIVE_EVENT_ID = 'urn:uuid:6c1b9f1e-0000-4000-8000-0000000000c1';

export const parties = {
  miner: 'au-miner',
  recycler: 'us-recycler',
  refiner: 'jp-refiner',
  trader: 'sg-trader',
  auditor: 'auditor',
} as const;

interface Entry {
  streamId: string;
  event: LedgerEvent;
  actor: string;
  occurredAt: string;
  idempotencyKey?: string;
}

/** Ledger event ids of the log, by name, for corrections and assertions. */
export const ids = {
  recovery: ledgerId(2),
  shipmentToRefinery: ledgerId(3),
  scrapShipment: ledgerId(4),
  transformationCanonical: ledgerId(7, 0),
  transformationOutputCopy: ledgerId(7, 2),
} as const;

function ledgerId(step: number, copy = 0): string {
  return `00000000-0000-4000-8000-${String(step).padStart(6, '0')}${String(copy).padStart(6, '0')}`;
}

const lot = streams.lot;

function steps(): Entry[][] {
  const t = (day: number) => `2024-0${day < 10 ? '3-0' + day : '3-' + day}T08:00:00+09:00`;
  const transformation: LedgerEvent = {
    type: 'LotTransformed',
    data: {
      transformationId: 'JP-REF-1',
      facilityId: 'jp-refinery',
      country: 'JP',
      process: 'refining',
      custodianId: parties.refiner,
      inputs: [
        { lotId: LGTIN_LOT.lotId, consumedMassG: 500_000_000, givenUp: { lithium: 13_950_000 } },
        { lotId: 'US-BM-3', consumedMassG: 50_000_000, givenUp: { cobalt: 3_000_000, lithium: 1_500_000 } },
      ],
      outputs: [
        { lotId: LINK_LOT.lotId, form: 'hydroxide', grossMassG: 150_000_001, composition: { lithium: 26_000_000 }, epcClass: LINK_LOT.epcClass },
        { lotId: 'JP-CO-2', form: 'sulfate', grossMassG: 9_000_000, composition: { cobalt: 2_999_999 } },
      ],
    } as LedgerEvent['data'],
  } as LedgerEvent;
  const transformationKey = `${parties.refiner}:epcis:${TRANSFORMATION_EVENT_ID}`;
  const declaration = (correctedEventId: string): LedgerEvent =>
    ({
      type: 'EventCorrected',
      data: { correctedEventId, reason: 'incorrect_data', declarationTime: '2024-03-20T00:00:00Z', correctiveEventIds: [CORRECTIVE_EVENT_ID] },
    }) as LedgerEvent;
  return [
    [
      {
        streamId: lot(LGTIN_LOT.lotId),
        actor: parties.miner,
        occurredAt: t(2),
        event: {
          type: 'LotExtracted',
          data: { lotId: LGTIN_LOT.lotId, form: 'ore', grossMassG: 1_000_000_000, composition: { lithium: 27_900_000 }, facilityId: 'au-mine', country: 'AU', custodianId: parties.miner, epcClass: LGTIN_LOT.epcClass } as never,
        },
      },
    ],
    [
      {
        streamId: lot('US-BM-3'),
        actor: parties.recycler,
        occurredAt: '2024-03-02T10:00:00.123456Z',
        idempotencyKey: `${parties.recycler}:epcis:${RECOVERY_EVENT_ID}`,
        event: {
          type: 'LotRecovered',
          data: { lotId: 'US-BM-3', form: 'black-mass', grossMassG: 50_000_000, composition: { lithium: 1_500_000, cobalt: 3_000_000 }, facilityId: 'us-plant', country: 'US', custodianId: parties.recycler, feedstock: 'post-consumer' },
        },
      },
    ],
    [
      {
        streamId: lot(LGTIN_LOT.lotId),
        actor: parties.miner,
        occurredAt: t(3),
        event: { type: 'LotShipped', data: { lotId: LGTIN_LOT.lotId, shipmentId: 'SHP-1', fromPartyId: parties.miner, toPartyId: parties.refiner, toFacilityId: 'jp-refinery', destinationCountry: 'JP', grossMassG: 1_000_000_000 } },
      },
    ],
    [
      {
        streamId: lot('US-BM-3'),
        actor: parties.recycler,
        occurredAt: t(3),
        event: { type: 'LotShipped', data: { lotId: 'US-BM-3', shipmentId: 'SHP-2', fromPartyId: parties.recycler, toPartyId: parties.refiner, destinationCountry: 'JP', grossMassG: 50_000_000 } },
      },
    ],
    [
      {
        streamId: lot(LGTIN_LOT.lotId),
        actor: parties.refiner,
        occurredAt: t(5),
        event: { type: 'LotReceived', data: { lotId: LGTIN_LOT.lotId, shipmentId: 'SHP-1', receiverId: parties.refiner, facilityId: 'jp-refinery', country: 'JP', shippedMassG: 1_000_000_000, receivedMassG: 999_500_000, composition: { lithium: 27_886_050 } } },
      },
    ],
    [
      {
        streamId: lot('US-BM-3'),
        actor: parties.refiner,
        occurredAt: t(5),
        event: { type: 'LotReceived', data: { lotId: 'US-BM-3', shipmentId: 'SHP-2', receiverId: parties.refiner, facilityId: 'jp-refinery', country: 'JP', shippedMassG: 50_000_000, receivedMassG: 50_000_000, composition: { lithium: 1_500_000, cobalt: 3_000_000 } } },
      },
    ],
    [LGTIN_LOT.lotId, 'US-BM-3', LINK_LOT.lotId, 'JP-CO-2'].map((lotId) => ({ streamId: lot(lotId), actor: parties.refiner, occurredAt: t(8), idempotencyKey: transformationKey, event: transformation })),
    [{ streamId: lot(LINK_LOT.lotId), actor: parties.refiner, occurredAt: t(9), event: { type: 'LotShipped', data: { lotId: LINK_LOT.lotId, shipmentId: 'SHP-3', fromPartyId: parties.refiner, toPartyId: parties.trader, destinationCountry: 'SG', grossMassG: 150_000_001 } } }],
    [{ streamId: lot('JP-CO-2'), actor: parties.refiner, occurredAt: t(10), event: { type: 'LotRetired', data: { lotId: 'JP-CO-2', reason: 'manufactured', productRef: 'cathode batch 7' } } }],
    [{ streamId: lot(LGTIN_LOT.lotId), actor: parties.refiner, occurredAt: t(11), event: { type: 'LotRetired', data: { lotId: LGTIN_LOT.lotId, reason: 'lost' } } }],
    [
      {
        streamId: lot(LINK_LOT.lotId),
        actor: parties.auditor,
        occurredAt: t(12),
        event: { type: 'FlagRaised', data: { flagId: 'F-1', subject: { kind: 'lot', lotId: LINK_LOT.lotId }, category: 'other', severity: 'low', description: 'paperwork', automatic: false } },
      },
    ],
    [{ streamId: lot('US-BM-3'), actor: parties.recycler, occurredAt: t(13), event: { type: 'EventCorrected', data: { correctedEventId: ids.scrapShipment, reason: 'the destination country was wrong' } } }],
    [
      { streamId: lot(LGTIN_LOT.lotId), actor: parties.refiner, occurredAt: t(20), idempotencyKey: `${transformationKey}:error-declaration`, event: declaration(ids.transformationCanonical) },
      { streamId: lot(LINK_LOT.lotId), actor: parties.refiner, occurredAt: t(20), idempotencyKey: `${transformationKey}:error-declaration`, event: declaration(ids.transformationOutputCopy) },
    ],
    [{ streamId: streams.facility('jp-refinery'), actor: parties.auditor, occurredAt: t(21), event: { type: 'FlagRaised', data: { flagId: 'F-2', subject: { kind: 'facility', facilityId: 'jp-refinery' }, category: 'other', severity: 'low', description: 'late report', automatic: false } } }],
  ];
}

/** Registrations of the parties (the miner with a PGLN) and facilities (the mine with an SGLN), before the log above. */
function registrations(): Entry[][] {
  const at = '2024-03-01T00:00:00Z';
  const party = (partyId: string, roles: string[]): Entry[] => [
    { streamId: streams.party(partyId), actor: 'admin', occurredAt: at, event: { type: 'PartyRegistered', data: { partyId, name: partyId, country: 'JP', roles } } as LedgerEvent },
  ];
  const facility = (facilityId: string, operatorId: string, kind: string, country: string, gln?: string): Entry[] => [
    {
      streamId: streams.facility(facilityId),
      actor: operatorId,
      occurredAt: at,
      event: { type: 'FacilityRegistered', data: { facilityId, operatorId, name: facilityId, kind, country, ...(gln ? { identifiers: { gln } } : {}) } } as LedgerEvent,
    },
  ];
  return [
    [{ streamId: streams.party(parties.miner), actor: 'admin', occurredAt: at, event: { type: 'PartyRegistered', data: { partyId: parties.miner, name: 'AU Miner', country: 'AU', roles: ['producer'], identifiers: { pgln: MINER_PGLN } } } as LedgerEvent }],
    party(parties.recycler, ['recycler']),
    party(parties.refiner, ['processor']),
    party(parties.trader, ['trader']),
    party(parties.auditor, ['auditor']),
    facility('au-mine', parties.miner, 'mine', 'AU', MINE_SGLN),
    facility('us-plant', parties.recycler, 'recycler', 'US'),
    facility('jp-refinery', parties.refiner, 'refinery', 'JP'),
  ];
}

/** The log as appends for a real store: one `StreamWrite[]` per atomic append, in order. */
export function custodyLogAppends(): StreamWrite[][] {
  let registration = 0;
  return [...registrations().map((append) => ({ append, id: (copy: number) => `10000000-0000-4000-8000-${String(++registration).padStart(6, '0')}${String(copy).padStart(6, '0')}` })), ...steps().map((append, i) => ({ append, id: (copy: number) => ledgerId(i + 1, copy) }))].map(
    ({ append, id }) =>
      append.map((entry, copy) => ({
        streamId: entry.streamId,
        expectedRevision: 'any' as const,
        events: [
          {
            eventId: id(copy),
            type: entry.event.type,
            data: entry.event.data as unknown as Record<string, unknown>,
            metadata: { occurredAt: entry.occurredAt, actorPartyId: entry.actor, idempotencyKey: entry.idempotencyKey ?? null, schemaVersion: SCHEMA_VERSION },
          },
        ],
      })),
  );
}

/** The same log as a store would record it: positions 1, 2, 3 …, recorded a second apart. */
export function custodyLogRecorded(): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return custodyLogAppends()
    .flat()
    .map((write, i) => {
      const [event] = write.events;
      const revision = (revisions.get(write.streamId) ?? -1) + 1;
      revisions.set(write.streamId, revision);
      return {
        eventId: event.eventId,
        type: event.type,
        streamId: write.streamId,
        streamRevision: revision,
        position: BigInt(i + 1),
        recordedAt: new Date(Date.UTC(2024, 2, 25, 0, 0, i)).toISOString(),
        occurredAt: event.metadata.occurredAt,
        actorPartyId: event.metadata.actorPartyId,
        idempotencyKey: event.metadata.idempotencyKey ?? null,
        schemaVersion: event.metadata.schemaVersion,
        data: event.data,
        payloadSha256: payloadSha256(event.data),
      };
    });
}

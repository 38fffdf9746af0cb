import { randomUUID } from 'node:crypto';
import {
  epcisDocument,
  originEvent,
  receiptEvent,
  shipmentEvent,
  transformationEvent,
  type EpcisEvent,
} from '../../src/demo/epcis-documents';
import { registerFacility, registerParty } from './ledger-fixtures';
import type { TestLedger } from './ledger-test-app';

/** Posts an EPCIS document as the party with `key` (rollback unless told). */
export function capture(ledger: TestLedger, key: string, events: EpcisEvent[] | Record<string, unknown>, behaviour?: 'rollback' | 'proceed') {
  const body = Array.isArray(events) ? epcisDocument(events) : events;
  const req = ledger.http
    .post('/epcis/capture')
    .set('Authorization', `Bearer ${key}`)
    .set('Content-Type', 'application/ld+json');
  if (behaviour) req.set('GS1-Capture-Error-Behaviour', behaviour);
  return req.send(JSON.stringify(body));
}

/** Posts a raw body (to test what JSON.stringify cannot write, such as long number literals). */
export function captureText(ledger: TestLedger, key: string, text: string) {
  return ledger.http.post('/epcis/capture').set('Authorization', `Bearer ${key}`).set('Content-Type', 'application/json').send(text);
}

export const eventId = () => `urn:uuid:${randomUUID()}`;

export interface EpcisWorkedExample {
  keys: { auMine: string; clBrine: string; usRecycler: string; jpRefinery: string; auditor: string };
  /** The four documents, as posted (each party posts its own events). */
  documents: { auMine: EpcisEvent[]; clBrine: EpcisEvent[]; usRecycler: EpcisEvent[]; jpRefinery: EpcisEvent[] };
}

/**
 * The brief's worked example as EPCIS documents. Every event is posted by the party whose
 * authority it needs (the poster is the authenticated party), so it takes four documents: each
 * producer's origin and shipment, then the refinery's receipts and its transformation, which
 * builds on those receipts inside one atomic document. Every id is the ledger's own (`ledger.ids`).
 */
export async function workedExampleAsEpcis(ledger: TestLedger): Promise<EpcisWorkedExample> {
  const id = ledger.ids;
  const keys = {
    auMine: await registerParty(ledger, id('au-mine-co'), ['producer'], 'AU'),
    clBrine: await registerParty(ledger, id('cl-brine-co'), ['producer'], 'CL'),
    usRecycler: await registerParty(ledger, id('us-recycler-co'), ['recycler'], 'US'),
    jpRefinery: await registerParty(ledger, id('jp-refinery-co'), ['processor'], 'JP'),
    auditor: await registerParty(ledger, id('auditor-co'), ['auditor'], 'JP'),
  };
  await registerFacility(ledger, keys.auMine, id('au-mine'), 'mine', 'AU');
  await registerFacility(ledger, keys.clBrine, id('cl-brine'), 'mine', 'CL');
  await registerFacility(ledger, keys.usRecycler, id('us-recycler'), 'recycler', 'US');
  await registerFacility(ledger, keys.jpRefinery, id('jp-refinery'), 'refinery', 'JP');
  const originAndShipment = (
    lotId: string,
    form: string,
    grossMassKg: string,
    composition: Record<string, string>,
    origin: Parameters<typeof originEvent>[0]['origin'],
  ): EpcisEvent[] => [
    originEvent({ eventID: eventId(), lotId: id(lotId), form, grossMassKg, composition, occurredAt: '2026-01-10T00:00:00Z', origin: { ...origin, facilityId: id(origin.facilityId) } }),
    shipmentEvent({
      eventID: eventId(),
      lotId: id(lotId),
      grossMassKg,
      shipmentId: id(`SHP-${lotId}`),
      toPartyId: id('jp-refinery-co'),
      toFacilityId: id('jp-refinery'),
      occurredAt: '2026-02-01T00:00:00Z',
    }),
  ];
  const documents = {
    auMine: originAndShipment('AU-SPOD-1', 'ore', '1000000', { lithium: '27900' }, { type: 'extraction', facilityId: 'au-mine' }),
    clBrine: originAndShipment('CL-BRINE-7', 'brine', '200000', { lithium: '12000' }, { type: 'extraction', facilityId: 'cl-brine' }),
    usRecycler: originAndShipment(
      'US-BM-3',
      'black-mass',
      '50000',
      { lithium: '1500', nickel: '10000', cobalt: '3000', manganese: '3000' },
      { type: 'recycling', facilityId: 'us-recycler', feedstock: 'post-consumer' },
    ),
    jpRefinery: [
      ...[
        ['AU-SPOD-1', '1000000'],
        ['CL-BRINE-7', '200000'],
        ['US-BM-3', '50000'],
      ].map(([lotId, kg]) =>
        receiptEvent({ eventID: eventId(), lotId: id(lotId), shipmentId: id(`SHP-${lotId}`), facilityId: id('jp-refinery'), receivedMassKg: kg, occurredAt: '2026-03-01T00:00:00Z' }),
      ),
      transformationEvent({
        eventID: eventId(),
        transformationId: id('TRF-JP-LIOH-1'),
        facilityId: id('jp-refinery'),
        process: 'refining',
        occurredAt: '2026-04-01T00:00:00Z',
        inputs: [
          { lotId: id('AU-SPOD-1'), massKg: '500000' },
          { lotId: id('CL-BRINE-7'), massKg: '200000' },
          { lotId: id('US-BM-3'), massKg: '50000' },
        ],
        outputs: [{ lotId: id('JP-LIOH-1'), form: 'hydroxide', grossMassKg: '150000', composition: { lithium: '26000' } }],
      }),
    ],
  };
  return { keys, documents };
}

import { randomInt } from 'node:crypto';
import { originEvent, shipmentEvent, receiptEvent, type EpcisEvent } from '../../src/demo/epcis-documents';
import { gs1CheckDigit } from '../../src/epcis/identifiers';
import { capture, eventId } from './epcis-fixtures';
import { ledgerEvents, ledgerIds, registerParty } from './ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';

/** GS1 identifiers for lots, parties and facilities, and corrections by errorDeclaration. */
/** A GS1 company prefix of this test ledger's own: GLN streams are shared by every ledger on a shared store. */
const PREFIX = String(randomInt(1_000_000, 9_999_999));
/** The 13-digit GLN and its URN forms for location reference `ref` (5 digits) under PREFIX. */
function gln(ref: string) {
  const body = PREFIX + ref;
  return { digits: body + String(gs1CheckDigit(body)), sgln: `urn:epc:id:sgln:${PREFIX}.${ref}.0`, pgln: `urn:epc:id:pgln:${PREFIX}.${ref}` };
}

describe('EPCIS capture with GS1 identifiers and corrections', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  let miner: string;
  let refiner: string;
  let regulator: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    miner = await registerParty(ledger, id('gs1-miner'), ['producer'], 'AU');
    regulator = await registerParty(ledger, id('gs1-regulator'), ['regulator'], 'US');
    const party = await ledger.http
      .post('/v1/parties')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ id: id('gs1-refiner'), name: 'Refiner KK', country: 'JP', roles: ['processor'], identifiers: { pgln: gln('00002').pgln } });
    expect(party.status).toBe(201);
    refiner = party.body.apiKey;
    const facilities: Array<[string, Record<string, unknown>]> = [
      [miner, { id: id('gs1-mine'), name: 'Mine', kind: 'mine', country: 'AU', identifiers: { gln: gln('00001').sgln } }],
      [refiner, { id: id('gs1-refinery'), name: 'Refinery', kind: 'refinery', country: 'JP', identifiers: { gln: gln('00003').digits } }],
      [refiner, { id: id('gs1-refinery-b'), name: 'Second site', kind: 'refinery', country: 'JP', identifiers: { gln: gln('00004').digits } }],
      [refiner, { id: id('gs1-refinery-c'), name: 'Same GLN', kind: 'refinery', country: 'JP', identifiers: { gln: gln('00004').digits } }],
    ];
    for (const [key, body] of facilities) {
      const res = await ledger.http.post('/v1/facilities').set('Authorization', `Bearer ${key}`).send(body);
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => ledger.destroy());

  // The lot number is the ledger's own, so the lot id is too.
  const lotNumber = `LOT7-${id.tag}`;
  const lgtin = `urn:epc:class:lgtin:4012345.012345.${lotNumber}`;
  const digitalLink = `https://id.gs1.org/01/04012345123456/10/${lotNumber}`;

  it('a lot created with an LGTIN keeps it; later events may name it by LGTIN or Digital Link; facilities and parties by GLN', async () => {
    const origin = originEvent({
      eventID: eventId(),
      lotId: 'ignored',
      form: 'ore',
      grossMassKg: '500',
      composition: { lithium: '10' },
      occurredAt: '2026-01-10T00:00:00Z',
      origin: { type: 'extraction', facilityId: 'ignored' },
    });
    origin.quantityList = [{ epcClass: lgtin, quantity: 500, uom: 'KGM' }];
    origin.bizLocation = { id: gln('00001').sgln };
    const ship: EpcisEvent = {
      ...shipmentEvent({ eventID: eventId(), lotId: 'x', grossMassKg: '500', shipmentId: 'SHP-GS1', toPartyId: 'x', occurredAt: '2026-01-11T00:00:00Z' }),
      quantityList: [{ epcClass: digitalLink, quantity: 0.5, uom: 'TNE' }],
      destinationList: [
        { type: 'owning_party', destination: gln('00002').pgln },
        { type: 'location', destination: `https://id.gs1.org/414/${gln('00003').digits}` },
      ],
    };
    const res = await capture(ledger, miner, [origin, ship]);
    expect(res.body).toMatchObject({ success: true, errors: [] });

    const receipt = { ...receiptEvent({ eventID: eventId(), lotId: 'x', facilityId: 'x', receivedMassKg: '500', occurredAt: '2026-01-12T00:00:00Z' }) };
    receipt.quantityList = [{ epcClass: lgtin, quantity: 500000, uom: 'GRM' }];
    receipt.bizLocation = { id: gln('00003').sgln };
    expect((await capture(ledger, refiner, [receipt])).body).toMatchObject({ success: true });

    const log = await ledgerEvents(ledger, regulator);
    const lotId = `gtin:04012345123456:${lotNumber}`;
    const extracted = log.find((e) => e.type === 'LotExtracted');
    expect(extracted?.data).toMatchObject({ lotId, facilityId: id('gs1-mine'), epcClass: lgtin, grossMassG: 500_000 });
    expect(log.find((e) => e.type === 'LotShipped')?.data).toMatchObject({
      lotId,
      toPartyId: id('gs1-refiner'),
      toFacilityId: id('gs1-refinery'),
      destinationCountry: 'JP',
    });
    expect(log.find((e) => e.type === 'LotReceived')?.data).toMatchObject({ lotId, facilityId: id('gs1-refinery'), receiverId: id('gs1-refiner') });
  });

  it('a GLN two facilities share is refused for that event, asking for urn:cml:facility', async () => {
    const receipt = receiptEvent({ eventID: eventId(), lotId: 'x', facilityId: 'x', receivedMassKg: '1', occurredAt: '2026-01-12T00:00:00Z' });
    receipt.bizLocation = { id: gln('00004').sgln };
    const res = await capture(ledger, refiner, [receipt]);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'epcis-ambiguous-gln', status: 422, errors: [expect.objectContaining({ field: '/epcisBody/eventList/0/bizLocation/id' })] }),
    ]);
    expect(res.body.errors[0].detail).toContain(id('gs1-refinery-b'));
  });

  it('an event resent with an errorDeclaration records EventCorrected for each ledger event it produced; resending that stores nothing more', async () => {
    const origin = originEvent({
      eventID: eventId(),
      lotId: id('GS1-CORR-1'),
      form: 'ore',
      grossMassKg: '100',
      composition: { lithium: '1' },
      occurredAt: '2026-01-10T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('gs1-mine') },
    });
    expect((await capture(ledger, miner, [origin])).body.success).toBe(true);
    const declared = {
      ...origin,
      errorDeclaration: { declarationTime: '2026-01-20T00:00:00Z', reason: 'incorrect_data', correctiveEventIDs: ['urn:uuid:6a0b6d1c-32c5-4d43-9d2e-1b0c6bde0a11'] },
    };
    expect((await capture(ledger, miner, [declared])).body).toMatchObject({ success: true, errors: [] });
    expect((await capture(ledger, miner, [declared])).body).toMatchObject({ success: true, errors: [] });

    const log = await ledgerEvents(ledger, regulator);
    const extracted = log.find((e) => e.type === 'LotExtracted' && e.data.lotId === id('GS1-CORR-1'));
    const corrections = log.filter((e) => e.type === 'EventCorrected' && e.streamId === `lot-${id('GS1-CORR-1')}`);
    expect(corrections).toHaveLength(1);
    expect(corrections[0].data).toEqual({
      correctedEventId: extracted?.eventId,
      reason: 'incorrect_data',
      declarationTime: '2026-01-20T00:00:00Z',
      correctiveEventIds: ['urn:uuid:6a0b6d1c-32c5-4d43-9d2e-1b0c6bde0a11'],
    });
    expect(corrections[0].idempotencyKey).toBe(`${id('gs1-miner')}:epcis:${origin.eventID}:error-declaration`);
  });

  it('declaring an error on an event of another party is refused: only captured events of the poster', async () => {
    const origin = originEvent({
      eventID: eventId(),
      lotId: id('GS1-CORR-2'),
      form: 'ore',
      grossMassKg: '100',
      composition: { lithium: '1' },
      occurredAt: '2026-01-10T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('gs1-mine') },
    });
    expect((await capture(ledger, miner, [origin])).body.success).toBe(true);
    const declared = { ...origin, errorDeclaration: { declarationTime: '2026-01-20T00:00:00Z', reason: 'did_not_occur' } };
    const res = await capture(ledger, refiner, [declared]);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'epcis-invalid-field', errors: [expect.objectContaining({ field: '/epcisBody/eventList/0/eventID' })] })]);
  });
});

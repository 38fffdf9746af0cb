import { epcisDocument, originEvent, shipmentEvent, type EpcisEvent } from '../../src/demo/epcis-documents';
import { capture, captureText, eventId } from './epcis-fixtures';
import { ledgerIds, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

/** Acceptance 6: bad input, each refused clearly with nothing stored. */
describe('EPCIS capture refuses bad input clearly and stores nothing', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  let miner: string;
  let stranger: string;
  const origin = (lotId: string, overrides: Record<string, unknown> = {}): EpcisEvent => ({
    ...originEvent({
      eventID: eventId(),
      lotId: id(lotId),
      form: 'ore',
      grossMassKg: '1000',
      composition: { lithium: '20' },
      occurredAt: '2026-01-10T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('bad-mine') },
    }),
    ...overrides,
  });

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    miner = await registerParty(ledger, id('bad-miner'), ['producer'], 'AU');
    stranger = await registerParty(ledger, id('bad-stranger'), ['producer', 'trader'], 'AU');
    await registerParty(ledger, id('bad-buyer'), ['processor'], 'JP');
    await registerFacility(ledger, miner, id('bad-mine'), 'mine', 'AU');
    expect((await capture(ledger, miner, [origin('HELD-1')])).body.success).toBe(true);
  });
  afterAll(() => ledger.destroy());

  const head = async () => (await ledger.http.get('/health')).body.position as string;

  /** Captures, expects one refused event with `code` naming `field`, and that nothing was stored. */
  async function expectRefused(key: string, events: EpcisEvent[], index: number, code: string, field: string, status = 422) {
    const before = await head();
    const res = await capture(ledger, key, events);
    expect(res.status).toBe(202);
    expect(res.body.success).toBe(false);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code, status, eventIndex: index, errors: [expect.objectContaining({ field })], detail: expect.any(String), help: expect.any(String) }),
    ]);
    expect(await head()).toBe(before);
    return res.body.errors[0];
  }

  it('a unit that is not a mass: 422 naming the uom', async () => {
    const event = origin('LOT-LB');
    (event.quantityList as Array<Record<string, unknown>>)[0].uom = 'LBR';
    await expectRefused(miner, [origin('LOT-OK-1'), event], 1, 'epcis-unit-not-mass', '/epcisBody/eventList/1/quantityList/0/uom');
  });

  it('a quantity without a unit (a count of items, not a mass): 422', async () => {
    const event = origin('LOT-NOUOM');
    delete (event.quantityList as Array<Record<string, unknown>>)[0].uom;
    await expectRefused(miner, [event], 0, 'epcis-unit-not-mass', '/epcisBody/eventList/0/quantityList/0/uom');
  });

  it('a fraction of a gram: 422 naming the quantity, in KGM and in TNE', async () => {
    const kgm = origin('LOT-FRAC');
    (kgm.quantityList as Array<Record<string, unknown>>)[0].quantity = 1000.0005;
    await expectRefused(miner, [kgm], 0, 'epcis-fraction-of-gram', '/epcisBody/eventList/0/quantityList/0/quantity');
    const tne = origin('LOT-FRAC-T', { quantityList: [{ epcClass: `urn:cml:lot:${id('LOT-FRAC-T')}`, quantity: 1.0000001, uom: 'TNE' }] });
    await expectRefused(miner, [tne], 0, 'epcis-fraction-of-gram', '/epcisBody/eventList/0/quantityList/0/quantity');
  });

  it('a long literal that binary floating point would round to whole grams is still a fraction of a gram', async () => {
    const text = JSON.stringify(epcisDocument([origin('LOT-LONG')])).replace('"quantity":1000,', '"quantity":1000.00000000000000000001,');
    expect(text).toContain('1000.00000000000000000001');
    const before = await head();
    const res = await captureText(ledger, miner, text);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'epcis-fraction-of-gram', errors: [expect.objectContaining({ field: '/epcisBody/eventList/0/quantityList/0/quantity' })] })]);
    expect(await head()).toBe(before);
  });

  it('exact decimals in every mass unit become exact grams: 2.5 TNE, 0.1 KGM, 200 GRM', async () => {
    const event = origin('LOT-EXACT', {
      quantityList: [{ epcClass: `urn:cml:lot:${id('LOT-EXACT')}`, quantity: 2.5, uom: 'TNE' }],
    });
    (event.ilmd as Record<string, unknown>)['cml:containedMass'] = [
      { 'cml:mineral': 'lithium', quantity: 0.1, uom: 'KGM' },
      { 'cml:mineral': 'cobalt', quantity: 200, uom: 'GRM' },
    ];
    expect((await capture(ledger, miner, [event])).body.success).toBe(true);
    const lot = await ledger.http.get(`/v1/lots/${id('LOT-EXACT')}`).set('Authorization', `Bearer ${miner}`);
    expect(lot.body).toMatchObject({ grossMassKg: '2500.000', composition: { lithium: '0.100', cobalt: '0.200' } });
  });

  it('a quantity given as text: 400 naming the JSON pointer, no job', async () => {
    const event = origin('LOT-TEXT');
    (event.quantityList as Array<Record<string, unknown>>)[0].quantity = '1000';
    const jobsBefore = (await ledger.http.get('/epcis/capture').set('Authorization', `Bearer ${miner}`)).body.length;
    const res = await capture(ledger, miner, [event]);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'epcis-schema-violation', errors: [{ field: '/epcisBody/eventList/0/quantityList/0/quantity' }] });
    expect(res.headers['gs1-epcis-version']).toBe('2.0.0');
    expect((await ledger.http.get('/epcis/capture').set('Authorization', `Bearer ${miner}`)).body.length).toBe(jobsBefore);
  });

  it('an unknown event type: 400 when it is not a URI, 422 for an extension event type', async () => {
    const bare = await capture(ledger, miner, [{ ...origin('LOT-UNK'), type: 'SamplingEvent' }]);
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('epcis-schema-violation');
    expect(bare.body.errors[0].field).toMatch(/^\/epcisBody\/eventList\/0/);
    const extension = { type: 'cml:SamplingEvent', eventID: eventId(), eventTime: '2026-01-10T00:00:00Z', eventTimeZoneOffset: '+00:00' };
    await expectRefused(miner, [extension], 0, 'epcis-unsupported-event', '/epcisBody/eventList/0/type');
  });

  it('an AggregationEvent is refused with the reason: packing moves no custody of a lot', async () => {
    const aggregation = {
      type: 'AggregationEvent',
      eventID: eventId(),
      eventTime: '2026-01-10T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      parentID: 'urn:epc:id:sscc:0614141.1234567890',
      childQuantityList: [{ epcClass: `urn:cml:lot:${id('HELD-1')}`, quantity: 1000, uom: 'KGM' }],
    };
    const problem = await expectRefused(miner, [origin('LOT-AGG'), aggregation], 1, 'epcis-unsupported-event', '/epcisBody/eventList/1/type');
    expect(problem.detail).toMatch(/AggregationEvent packs objects into a container/);
  });

  it('an ObjectEvent that is no custody event (OBSERVE/inspecting): 422 naming the mapping', async () => {
    const inspecting = { ...shipmentEvent({ eventID: eventId(), lotId: id('HELD-1'), grossMassKg: '1000', shipmentId: 'X', toPartyId: id('bad-buyer'), destinationCountry: 'JP', occurredAt: '2026-01-11T00:00:00Z' }), bizStep: 'inspecting' };
    await expectRefused(miner, [inspecting], 0, 'epcis-unmapped-event', '/epcisBody/eventList/0/action');
  });

  it('a shipment of part of a lot: 422', async () => {
    const part = shipmentEvent({ eventID: eventId(), lotId: id('HELD-1'), grossMassKg: '999.999', shipmentId: id('SHP-PART'), toPartyId: id('bad-buyer'), destinationCountry: 'JP', occurredAt: '2026-01-11T00:00:00Z' });
    await expectRefused(miner, [part], 0, 'partial-shipment', '/epcisBody/eventList/0/quantityList/0/quantity');
  });

  it('a capture by a party that does not hold the lot: 403 not-custodian, nothing stored', async () => {
    const ship = shipmentEvent({ eventID: eventId(), lotId: id('HELD-1'), grossMassKg: '1000', shipmentId: id('SHP-STOLEN'), toPartyId: id('bad-buyer'), destinationCountry: 'JP', occurredAt: '2026-01-11T00:00:00Z' });
    await expectRefused(stranger, [ship], 0, 'not-custodian', '/epcisBody/eventList/0', 403);
  });

  it('an unknown lot is 422 naming its epcClass', async () => {
    const ship = shipmentEvent({ eventID: eventId(), lotId: id('NO-SUCH-LOT'), grossMassKg: '1', shipmentId: 'S', toPartyId: id('bad-buyer'), destinationCountry: 'JP', occurredAt: '2026-01-11T00:00:00Z' });
    await expectRefused(miner, [ship], 0, 'unknown-lot', '/epcisBody/eventList/0/quantityList/0/epcClass');
  });

  it('a rule of /v1 names the EPCIS field: a mineral not on the Annex points into cml:containedMass', async () => {
    const event = origin('LOT-GOLD');
    (event.ilmd as Record<string, unknown>)['cml:containedMass'] = [{ 'cml:mineral': 'gold', quantity: 1, uom: 'KGM' }];
    await expectRefused(miner, [event], 0, 'mineral-not-on-annex', '/epcisBody/eventList/0/ilmd/cml:containedMass/0');
  });

  it('a document of 100,000 events: 413, nothing read further', async () => {
    const one = JSON.stringify(origin('L'));
    const text = `{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-10T00:00:00Z","epcisBody":{"eventList":[${Array(100_000).fill(one).join(',')}]}}`;
    const before = await head();
    const res = await captureText(ledger, miner, text);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('capture-too-large');
    expect(res.body.detail).toMatch(/GS1-EPCIS-Capture-(File-Size-)?Limit/);
    expect(res.headers['gs1-epcis-capture-limit']).toBe('10000');
    expect(await head()).toBe(before);
  });

  it('a wrong GS1-Capture-Error-Behaviour is 400 naming the header', async () => {
    const res = await capture(ledger, miner, [origin('LOT-BEH')], 'sometimes' as 'proceed');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'GS1-Capture-Error-Behaviour', message: 'must be rollback or proceed' }]);
  });
});

describe('EPCIS capture limits are configuration', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  afterAll(() => ledger.destroy());

  it('over LEDGER_EPCIS_CAPTURE_LIMIT events: 413 naming the limit, served in GS1-EPCIS-Capture-Limit', async () => {
    ledger = await startTestLedger({ ids: id, env: { LEDGER_EPCIS_CAPTURE_LIMIT: '3', LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT: '100000' } });
    const key = await registerParty(ledger, id('limit-miner'), ['producer'], 'AU');
    const event = { type: 'ObjectEvent', eventTime: '2026-01-10T00:00:00Z', eventTimeZoneOffset: '+00:00', action: 'OBSERVE', epcList: [] };
    const res = await capture(ledger, key, epcisDocument([event, event, event, event]));
    expect(res.status).toBe(413);
    expect(res.headers['gs1-epcis-capture-limit']).toBe('3');
    expect(res.headers['gs1-epcis-capture-file-size-limit']).toBe('100000');
    expect(res.body.detail).toContain('4 events');
    const big = await captureText(ledger, key, JSON.stringify({ padding: 'x'.repeat(100_001) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('capture-too-large');
  });
});

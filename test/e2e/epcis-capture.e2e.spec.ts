import { EPCIS_CONTEXT, originEvent, shipmentEvent } from '../../src/demo/epcis-documents';
import { capture, eventId, workedExampleAsEpcis, type EpcisWorkedExample } from './epcis-fixtures';
import { ledgerEvents, ledgerIds, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

describe('EPCIS capture: the brief worked example as EPCIS documents', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  let example: EpcisWorkedExample;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    example = await workedExampleAsEpcis(ledger);
  });
  afterAll(() => ledger.destroy());

  it("gives exactly the brief's origin numbers for JP-LIOH-1 (acceptance 1)", async () => {
    for (const [party, key] of [
      ['auMine', example.keys.auMine],
      ['clBrine', example.keys.clBrine],
      ['usRecycler', example.keys.usRecycler],
    ] as const) {
      expect((await capture(ledger, key, example.documents[party])).body.success).toBe(true);
    }
    // Claiming 28,000 kg of lithium breaks the mass balance: the whole refinery document is refused, pointing at the outputs.
    const [r1, r2, r3, transformation] = example.documents.jpRefinery;
    const greedy = JSON.parse(JSON.stringify(transformation).replace('"quantity":26000', '"quantity":28000'));
    const refused = await capture(ledger, example.keys.jpRefinery, [r1, r2, r3, { ...greedy, eventID: eventId() }]);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ code: 'mass-balance-violated', eventIndex: 3, errors: [expect.objectContaining({ field: '/epcisBody/eventList/3/outputQuantityList' })] }),
    ]);
    for (const [party, key] of [
      ['auMine', example.keys.auMine],
      ['clBrine', example.keys.clBrine],
      ['usRecycler', example.keys.usRecycler],
      ['jpRefinery', example.keys.jpRefinery],
    ] as const) {
      const res = await capture(ledger, key, example.documents[party]);
      expect(res.status).toBe(202);
      expect(res.headers.location).toBe(`/epcis/capture/${res.body.captureID}`);
      expect(res.body).toMatchObject({ running: false, success: true, captureErrorBehaviour: 'rollback', errors: [] });
      expect(res.headers['gs1-epcis-version']).toBe('2.0.0');
      expect(res.headers['gs1-cbv-version']).toBe('2.0.0');
      expect(res.headers['gs1-epcis-capture-limit']).toBe('10000');
      expect(res.headers['gs1-epcis-capture-file-size-limit']).toBe('16777216');
    }
    const position = (await ledger.http.get('/health')).body.position;
    const res = await ledger.http.get(`/v1/lots/${id('JP-LIOH-1')}/origins?minPosition=${position}`).set('Authorization', `Bearer ${example.keys.auditor}`);
    expect(res.status).toBe(200);
    const lithium = res.body.minerals.lithium;
    expect(lithium.massKg).toBe('26000.000');
    const byFacility = Object.fromEntries(lithium.origins.map((o: { facilityId: string; massKg: string }) => [o.facilityId, o.massKg]));
    expect(byFacility).toEqual({ [id('au-mine')]: '13213.115', [id('cl-brine')]: '11366.120', [id('us-recycler')]: '1420.765' });
    expect(lithium.recycledShare).toBeCloseTo(0.0546, 4);
    const au = await ledger.http.get(`/v1/lots/${id('AU-SPOD-1')}`).set('Authorization', `Bearer ${example.keys.auditor}`);
    expect(au.body).toMatchObject({ grossMassKg: '500000.000', composition: { lithium: '13950.000' }, custodianId: id('jp-refinery-co') });
  });

  it('documents the capture endpoints, their headers and the capture job in the OpenAPI document', async () => {
    const res = await ledger.http.get('/docs/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/epcis/capture', '/epcis/capture/{captureID}', '/epcis/events']));
    const capture = res.body.paths['/epcis/capture'].post;
    expect(capture.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['GS1-Capture-Error-Behaviour']));
    expect(Object.keys(capture.responses)).toEqual(expect.arrayContaining(['202', '400', '413']));
    expect(Object.keys(capture.responses['202'].headers)).toEqual(expect.arrayContaining(['Location', 'GS1-EPCIS-Capture-Limit', 'GS1-EPCIS-Capture-File-Size-Limit']));
    expect(Object.keys(res.body.components.schemas.CaptureJobAnswer.properties)).toEqual(
      expect.arrayContaining(['captureID', 'createdAt', 'finishedAt', 'running', 'success', 'captureErrorBehaviour', 'errors']),
    );
  });

  it('keeps each EPCIS eventID as the idempotency key of the ledger events it produced', async () => {
    const regulator = await registerParty(ledger, id('epcis-regulator'), ['regulator'], 'US');
    const log = await ledgerEvents(ledger, regulator);
    const transformation = example.documents.jpRefinery[3].eventID as string;
    const copies = log.filter((e) => e.type === 'LotTransformed');
    expect(copies).toHaveLength(4);
    expect(new Set(copies.map((e) => e.idempotencyKey))).toEqual(new Set([`${id('jp-refinery-co')}:epcis:${transformation}`]));
  });

  it('resending a captured document stores nothing more and succeeds (acceptance 2)', async () => {
    const before = (await ledger.http.get('/health')).body.position;
    const res = await capture(ledger, example.keys.jpRefinery, example.documents.jpRefinery);
    expect(res.body).toMatchObject({ success: true, errors: [] });
    expect((await ledger.http.get('/health')).body.position).toBe(before);
  });

  it('lists the caller’s capture jobs, newest first, and shows one; another party sees neither', async () => {
    const list = await ledger.http.get('/epcis/capture?perPage=1').set('Authorization', `Bearer ${example.keys.jpRefinery}`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.headers.link).toMatch(/^<\/epcis\/capture\?perPage=1&nextPageToken=[^>]+>; rel="next"$/);
    const next = await ledger.http.get(list.headers.link.slice(1, list.headers.link.indexOf('>'))).set('Authorization', `Bearer ${example.keys.jpRefinery}`);
    expect(next.body).toHaveLength(1);
    expect(next.body[0].captureID).not.toBe(list.body[0].captureID);
    const one = await ledger.http.get(`/epcis/capture/${list.body[0].captureID}`).set('Authorization', `Bearer ${example.keys.jpRefinery}`);
    expect(one.body).toEqual(list.body[0]);
    const other = await ledger.http.get(`/epcis/capture/${list.body[0].captureID}`).set('Authorization', `Bearer ${example.keys.auMine}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('capture-job-not-found');
  });
});

describe('EPCIS capture: one refused event among 50 (acceptance 2)', () => {
  const id = ledgerIds();
  let ledger: TestLedger;
  let miner: string;
  let regulator: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    miner = await registerParty(ledger, id('miner-50'), ['producer'], 'AU');
    regulator = await registerParty(ledger, id('regulator-50'), ['regulator'], 'US');
    await registerParty(ledger, id('buyer-50'), ['processor'], 'JP');
    const res = await ledger.http.post('/v1/facilities').set('Authorization', `Bearer ${miner}`).send({ id: id('mine-50'), name: 'Mine', kind: 'mine', country: 'AU' });
    expect(res.status).toBe(201);
  });
  afterAll(() => ledger.destroy());

  /** 25 origins, each followed by its shipment; event 37 (a shipment) ships 1 kg less than the lot holds. */
  const fifty = (tag: string) =>
    Array.from({ length: 25 }, (_, i) => [
      originEvent({
        eventID: `urn:uuid:${id.tag}-0000-4000-8000-${tag}${String(i).padStart(6, '0')}`,
        lotId: id(`${tag}-LOT-${i}`),
        form: 'ore',
        grossMassKg: '1000.5',
        composition: { lithium: '20.125' },
        occurredAt: '2026-01-10T00:00:00Z',
        origin: { type: 'extraction', facilityId: id('mine-50') },
      }),
      shipmentEvent({
        eventID: `urn:uuid:${id.tag}-0000-4000-9000-${tag}${String(i).padStart(6, '0')}`,
        lotId: id(`${tag}-LOT-${i}`),
        grossMassKg: i === 18 ? '999.5' : '1000.5',
        shipmentId: id(`SHP-${tag}-${i}`),
        toPartyId: id('buyer-50'),
        destinationCountry: 'JP',
        occurredAt: '2026-01-11T00:00:00Z',
      }),
    ]).flat();

  const lotsOf = async (tag: string) => {
    return (await ledgerEvents(ledger, regulator)).filter((e) => String(e.data.lotId ?? '').startsWith(`${tag}-LOT-`));
  };

  it('under rollback stores nothing and lists the refused event with its index, eventID, field and rule', async () => {
    const events = fifty('000001');
    const res = await capture(ledger, miner, events);
    expect(res.status).toBe(202);
    expect(res.body.success).toBe(false);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        status: 422,
        code: 'partial-shipment',
        eventIndex: 37,
        eventID: events[37].eventID,
        errors: [expect.objectContaining({ field: '/epcisBody/eventList/37/quantityList/0/quantity' })],
        help: expect.stringContaining('split it first'),
      }),
    ]);
    expect(await lotsOf('000001')).toEqual([]);
  });

  it('under proceed stores the other 49 and lists the refused one; resending stores nothing more', async () => {
    const events = fifty('000002');
    const res = await capture(ledger, miner, events, 'proceed');
    expect(res.body).toMatchObject({ success: false, captureErrorBehaviour: 'proceed' });
    expect(res.body.errors.map((e: { eventIndex: number }) => e.eventIndex)).toEqual([37]);
    expect(await lotsOf('000002')).toHaveLength(49);

    const again = await capture(ledger, miner, events, 'proceed');
    expect(again.body.errors.map((e: { eventIndex: number }) => e.eventIndex)).toEqual([37]);
    expect(await lotsOf('000002')).toHaveLength(49);
  });

  it('a document mixing captured and new events stores only the new ones', async () => {
    const first = fifty('000003').slice(0, 10);
    expect((await capture(ledger, miner, first)).body.success).toBe(true);
    const more = fifty('000003').slice(0, 20);
    const res = await capture(ledger, miner, more);
    expect(res.body).toMatchObject({ success: true, errors: [] });
    expect(await lotsOf('000003')).toHaveLength(20);
  });

  it('a captured eventID sent again with other content is refused, nothing stored', async () => {
    const [origin] = fifty('000004');
    expect((await capture(ledger, miner, [origin])).body.success).toBe(true);
    const changed = { ...origin, eventTime: '2026-01-09T00:00:00Z' };
    const res = await capture(ledger, miner, [changed, fifty('000004')[2]]);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'epcis-event-id-reused', status: 409, eventIndex: 0 })]);
    expect(await lotsOf('000004')).toHaveLength(1);
  });

  it('under proceed too, a captured eventID sent again with other content is refused naming it, and stores nothing of it; so is a lone event', async () => {
    const [origin, , other] = fifty('000006');
    expect((await capture(ledger, miner, [origin])).body.success).toBe(true);
    const changed = { ...origin, eventTime: '2026-01-09T00:00:00Z' };

    const res = await capture(ledger, miner, [changed, other], 'proceed');
    expect(res.body).toMatchObject({ success: false, captureErrorBehaviour: 'proceed' });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'epcis-event-id-reused', status: 409, eventIndex: 0, eventID: origin.eventID, detail: expect.stringContaining(String(origin.eventID)) }),
    ]);
    expect((await lotsOf('000006')).map((e) => e.data.lotId)).toEqual([id('000006-LOT-0'), id('000006-LOT-1')]);

    const before = (await ledger.http.get('/health')).body.position;
    const lone = await ledger.http
      .post('/epcis/events')
      .set('Authorization', `Bearer ${miner}`)
      .set('Content-Type', 'application/ld+json')
      .send(JSON.stringify({ '@context': EPCIS_CONTEXT, ...changed }));
    expect(lone.status).toBe(409);
    expect(lone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(lone.body).toMatchObject({ code: 'epcis-event-id-reused', eventID: origin.eventID, help: expect.stringContaining('new eventID') });
    expect((await ledger.http.get('/health')).body.position).toBe(before);
  });

  it('with Prefer: respond-async the 202 comes as soon as the job is recorded, running; the job then finishes on its own', async () => {
    const events = fifty('000007').slice(0, 10);
    const res = await capture(ledger, miner, events).set('Prefer', 'respond-async');
    expect(res.status).toBe(202);
    expect(res.headers['preference-applied']).toBe('respond-async');
    expect(res.body).toMatchObject({ running: true, success: false, errors: [] });
    expect(res.headers.location).toBe(`/epcis/capture/${res.body.captureID}`);

    const show = () => ledger.http.get(res.headers.location).set('Authorization', `Bearer ${miner}`);
    for (let i = 0; i < 100 && (await show()).body.running; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await show()).body).toMatchObject({ running: false, success: true, errors: [], finishedAt: expect.any(String) });
    expect(await lotsOf('000007')).toHaveLength(10);
  });

  it('POST /epcis/events captures one event: 201 with its Location; the same event again is 201 and stores nothing', async () => {
    const event: Record<string, unknown> = { '@context': EPCIS_CONTEXT, ...fifty('000005')[0] };
    const post = () => ledger.http.post('/epcis/events').set('Authorization', `Bearer ${miner}`).set('Content-Type', 'application/ld+json').send(JSON.stringify(event));
    const res = await post();
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/epcis/events/${encodeURIComponent(event.eventID as string)}`);
    expect(res.headers['gs1-epcis-version']).toBe('2.0.0');
    const again = await post();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await lotsOf('000005')).toHaveLength(1);
    const partOfTheLot = { ...fifty('000005')[1], '@context': event['@context'], eventID: eventId(), quantityList: [{ epcClass: `urn:cml:lot:${id('000005-LOT-0')}`, quantity: 1, uom: 'KGM' }] };
    const refused = await ledger.http
      .post('/epcis/events')
      .set('Authorization', `Bearer ${miner}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(partOfTheLot));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'partial-shipment', errors: [{ field: '/quantityList/0/quantity' }] });
  });
});

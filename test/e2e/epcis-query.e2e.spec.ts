import { runDemo, type DemoResult } from '../../src/demo/run-demo';
import { streams } from '../../src/domain/events';
import { fromEnvelopeJson, type EventEnvelopeJson } from '../../src/event-store/event-envelope';
import { EpcisEventIndex } from '../../src/epcis/query/epcis-event-index';
import { officialSchemaErrors } from '../../src/epcis/schema/testing/official-schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerEvents, post } from './ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';

type EpcisEvent = Record<string, any> & { type: string; eventID: string; bizStep?: string };

const CUSTODY = new Set(['LotExtracted', 'LotRecovered', 'LotShipped', 'LotReceived', 'LotTransformed', 'LotRetired']);

/** The eventIDs the log's custody events must come out as (one per transformation: its canonical copy). */
function expectedEventIds(log: Array<Record<string, any>>, upTo: bigint): string[] {
  return log
    .filter((e) => BigInt(e.position) <= upTo && CUSTODY.has(e.type))
    .filter((e) => e.type !== 'LotTransformed' || e.streamId === streams.lot(e.data.inputs[0].lotId))
    .map((e) => `urn:uuid:${e.eventId}`);
}

/** The lots an EPCIS event names, by ledger id (the demo's lots are all `urn:cml:lot:`). */
function lotsOf(event: EpcisEvent): string[] {
  const lists = [event.quantityList, event.inputQuantityList, event.outputQuantityList].filter(Boolean) as Array<Array<{ epcClass: string }>>;
  return lists.flat().map((q) => q.epcClass.replace(/^urn:cml:lot:/, ''));
}

describe('EPCIS query over the demo ledger', () => {
  let ledger: TestLedger;
  let demo: DemoResult;
  let log: Array<Record<string, any>>;
  const tag = 'EQ';
  const scoped = (id: string) => `${tag}-${id}`;

  const get = (path: string, key = demo.auditorKey) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);
  const eventsOf = (body: any): EpcisEvent[] => body.epcisBody.queryResults.resultsBody.eventList;
  const nextOf = (link: string | undefined): string | null => (link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null);

  /** Every page of a query, each checked against the official schema and for its headers. */
  async function allPages(first: string, key = demo.auditorKey, between?: () => Promise<void>): Promise<EpcisEvent[]> {
    const events: EpcisEvent[] = [];
    let path: string | null = first;
    while (path !== null) {
      const res = await get(path, key);
      expect(res.status).toBe(200);
      expect(res.headers['gs1-epcis-version']).toBe('2.0.0');
      expect(res.headers['gs1-cbv-version']).toBe('2.0.0');
      expect(officialSchemaErrors(res.body)).toEqual([]);
      expect(res.body.type).toBe('EPCISQueryDocument');
      events.push(...eventsOf(res.body));
      path = nextOf(res.headers.link);
      if (path !== null) await between?.();
    }
    return events;
  }

  beforeAll(async () => {
    // A short bounded wait keeps the 503 test quick; the index follows each write within milliseconds.
    ledger = await startTestLedger({ env: { LEDGER_READ_WAIT_MS: '1500' } });
    const address = ledger.app.getHttpServer().address() as { port: number };
    demo = await runDemo({ url: `http://127.0.0.1:${address.port}`, adminToken: ADMIN_TOKEN, tag, log: () => undefined });
    log = await ledgerEvents(ledger, demo.regulatorKey);
  }, 120_000);
  afterAll(() => ledger.destroy());

  it('returns every custody event of the demo exactly once across pages, each page valid EPCIS 2.0', async () => {
    const events = await allPages(`/epcis/events?perPage=7&minPosition=${demo.position}`);
    const ids = events.map((e) => e.eventID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expectedEventIds(log, BigInt(demo.position)).sort());
    expect(ids.length).toBeGreaterThan(30);
  });

  it('pages stay stable while custody events are appended between them: nothing skipped or repeated; the new ones come in the next query', async () => {
    const before = await ledgerEvents(ledger, demo.regulatorKey);
    const head = BigInt(before[before.length - 1].position);
    let n = 0;
    const appendOne = async () => {
      n++;
      const res = await post(ledger, demo.partyKeys[scoped('au-lithium')], '/v1/lots', {
        lotId: scoped(`APPENDED-${n}`),
        form: 'concentrate',
        grossMassKg: '10.5',
        composition: { lithium: '0.25' },
        occurredAt: new Date().toISOString(),
        origin: { type: 'extraction', facilityId: scoped('au-spodumene-mine') },
      });
      expect(res.status).toBe(201);
    };
    const events = await allPages(`/epcis/events?perPage=9&minPosition=${head}`, demo.auditorKey, appendOne);
    expect(n).toBeGreaterThan(2);
    const ids = events.map((e) => e.eventID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expectedEventIds(before, head).sort());

    const after = await ledgerEvents(ledger, demo.regulatorKey);
    const last = after[after.length - 1].position as string;
    const fresh = await allPages(`/epcis/events?perPage=1000&minPosition=${last}&EQ_bizStep=commissioning&MATCH_epcClass=${encodeURIComponent(`urn:cml:lot:${scoped('APPENDED-1')}`)}`);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ quantityList: [{ quantity: 10.5, uom: 'KGM' }], ilmd: { 'cml:containedMass': [{ 'cml:mineral': 'lithium', quantity: 0.25, uom: 'KGM' }] } });
  });

  describe('each query parameter, through HTTP', () => {
    let all: EpcisEvent[];
    beforeAll(async () => {
      all = await allPages(`/epcis/events?perPage=1000&minPosition=${demo.position}`);
    });
    const query = async (params: string) => allPages(`/epcis/events?perPage=1000&${params}`);
    const steps = (events: EpcisEvent[]) => [...new Set(events.map((e) => e.bizStep ?? e.type))].sort();

    it('eventType, and the /eventTypes/{eventType}/events path', async () => {
      const transformations = all.filter((e) => e.type === 'TransformationEvent');
      expect(transformations.length).toBeGreaterThan(0);
      expect(await query('eventType=TransformationEvent')).toEqual(transformations);
      expect(await allPages('/epcis/eventTypes/TransformationEvent/events?perPage=1000')).toEqual(transformations);
      expect(await query('eventType=AggregationEvent')).toEqual([]);
    });

    it('EQ_bizStep in any CBV form, and the /bizSteps/{bizStep}/events path', async () => {
      const receipts = all.filter((e) => e.bizStep === 'receiving');
      expect(await query('EQ_bizStep=receiving')).toEqual(receipts);
      expect(await query(`EQ_bizStep=${encodeURIComponent('https://ref.gs1.org/cbv/BizStep-receiving')}`)).toEqual(receipts);
      expect(await allPages(`/epcis/bizSteps/${encodeURIComponent('urn:epcglobal:cbv:bizstep:receiving')}/events`)).toEqual(receipts);
      expect(steps(await query('EQ_bizStep=shipping|receiving'))).toEqual(['receiving', 'shipping']);
    });

    it('EQ_bizLocation, EQ_readPoint and the /bizLocations/{bizLocation}/events path', async () => {
      // The demo registers the mine with GLN 0614141000012: events show it as its Digital Link,
      // and the ledger URN, the SGLN and the Digital Link all find them.
      const mine = `urn:cml:facility:${scoped('au-spodumene-mine')}`;
      const shownAs = 'https://id.gs1.org/414/0614141000012';
      const atMine = all.filter((e) => e.bizLocation?.id === shownAs);
      expect(atMine.length).toBeGreaterThan(0);
      expect(await query(`EQ_bizLocation=${encodeURIComponent(mine)}`)).toEqual(atMine);
      expect(await query(`EQ_bizLocation=${encodeURIComponent('urn:epc:id:sgln:0614141.00001.0')}`)).toEqual(atMine);
      expect(await allPages(`/epcis/bizLocations/${encodeURIComponent(shownAs)}/events`)).toEqual(atMine);
      expect(await query(`EQ_readPoint=${encodeURIComponent(mine)}`)).toEqual(all.filter((e) => e.readPoint?.id === shownAs));
      expect(await query(`EQ_bizLocation=${encodeURIComponent('urn:cml:facility:nowhere')}`)).toEqual([]);
    });

    it('GE_/LT_eventTime and GE_/LT_recordTime', async () => {
      const pivot = '2025-10-01T00:00:00Z';
      const later = all.filter((e) => Date.parse(e.eventTime) >= Date.parse(pivot));
      expect(later.length).toBeGreaterThan(0);
      expect(later.length).toBeLessThan(all.length);
      expect(await query(`GE_eventTime=${encodeURIComponent(pivot)}`)).toEqual(later);
      expect(await query(`LT_eventTime=${encodeURIComponent('2025-10-01T09:00:00+09:00')}`)).toEqual(all.filter((e) => Date.parse(e.eventTime) < Date.parse(pivot)));
      const middle = all[Math.floor(all.length / 2)].recordTime as string;
      expect(await query(`GE_recordTime=${encodeURIComponent(middle)}`)).toEqual(all.filter((e) => e.recordTime >= middle));
      expect(await query(`LT_recordTime=${encodeURIComponent(middle)}`)).toEqual(all.filter((e) => e.recordTime < middle));
    });

    it('MATCH_epcClass, MATCH_inputEPCClass, MATCH_outputEPCClass and MATCH_anyEPCClass', async () => {
      const cathode = encodeURIComponent(`urn:cml:lot:${demo.cathodeLotId}`);
      const asOutput = await query(`MATCH_outputEPCClass=${cathode}`);
      expect(asOutput).toHaveLength(1);
      expect(asOutput[0].type).toBe('TransformationEvent');
      const inQuantityList = await query(`MATCH_epcClass=${cathode}`);
      expect(inQuantityList.every((e) => e.type === 'ObjectEvent')).toBe(true);
      const asInput = await query(`MATCH_inputEPCClass=${cathode}`);
      const any = await query(`MATCH_anyEPCClass=${cathode}`);
      expect(any.map((e) => e.eventID).sort()).toEqual([...asOutput, ...inQuantityList, ...asInput].map((e) => e.eventID).sort());
    });

    it('EQ_eventID, and GET /epcis/events/{eventID} percent-encoded', async () => {
      const [first, second] = all;
      expect(await query(`EQ_eventID=${encodeURIComponent(`${first.eventID}|${second.eventID}`)}`)).toEqual([first, second]);
      const one = await get(`/epcis/events/${encodeURIComponent(first.eventID)}`);
      expect(one.status).toBe(200);
      expect(one.headers['gs1-epcis-version']).toBe('2.0.0');
      expect(officialSchemaErrors(one.body)).toEqual([]);
      expect(eventsOf(one.body)).toEqual([first]);
      const missing = await get(`/epcis/events/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000000000')}`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('epcis-event-not-found');
      // An event hash holds "/", ";" and "?": percent-encoded, it is still one path segment.
      const hash = await get(`/epcis/events/${encodeURIComponent('ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0')}`);
      expect(hash.status).toBe(404);
      expect(hash.body.code).toBe('epcis-event-not-found');
    });

    it('EXISTS_errorDeclaration, EQ_errorReason and EQ_correctiveEventID, after a /v1 correction', async () => {
      expect(await query('EXISTS_errorDeclaration')).toEqual([]);
      const shipment = log.find((e) => e.type === 'LotShipped' && e.actorPartyId === scoped('cl-brine'))!;
      const corrected = await post(ledger, demo.partyKeys[scoped('cl-brine')], `/v1/lots/${shipment.data.lotId}/corrections`, {
        eventId: shipment.eventId,
        reason: 'the transport mode was entered wrongly',
      });
      expect(corrected.status).toBe(201);
      const declared = await query(`EXISTS_errorDeclaration&minPosition=${corrected.body.position}`);
      expect(declared).toHaveLength(1);
      expect(declared[0]).toMatchObject({ eventID: `urn:uuid:${shipment.eventId}`, bizStep: 'shipping', errorDeclaration: { 'cml:reason': 'the transport mode was entered wrongly' } });
      const both = eventsOf((await get(`/epcis/events/${encodeURIComponent(`urn:uuid:${shipment.eventId}`)}`)).body);
      expect(both.map((e) => e.errorDeclaration === undefined)).toEqual([true, false]);
      // A sentence is no standard reason, and a /v1 correction names no corrective event.
      expect(await query('EQ_errorReason=incorrect_data')).toEqual([]);
      expect(await query(`EQ_correctiveEventID=${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000000001')}`)).toEqual([]);
    });
  });

  describe('reader rules', () => {
    it('an operator sees exactly the events of the lots it may read through /v1, and no other', async () => {
      const operator = scoped('jp-sulfate');
      const key = demo.partyKeys[operator];
      const all = await allPages(`/epcis/events?perPage=1000&minPosition=${demo.position}`);
      const readable = new Map<string, boolean>();
      for (const lotId of new Set(all.flatMap(lotsOf))) readable.set(lotId, (await get(`/v1/lots/${lotId}`, key)).status === 200);
      expect([...readable.values()].filter(Boolean).length).toBeGreaterThan(0);
      expect([...readable.values()].filter((r) => !r).length).toBeGreaterThan(0);
      const seen = await allPages('/epcis/events?perPage=5', key);
      expect(seen.map((e) => e.eventID)).toEqual(all.filter((e) => lotsOf(e).some((lotId) => readable.get(lotId))).map((e) => e.eventID));
      const unreadable = all.find((e) => !lotsOf(e).some((lotId) => readable.get(lotId)))!;
      const refused = await get(`/epcis/events/${encodeURIComponent(unreadable.eventID)}`, key);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('not-a-reader');
    });

    it('a bad key, or none, is 401 with the EPCIS headers; the admin reads no events (403)', async () => {
      const bad = await ledger.http.get('/epcis/events').set('Authorization', 'Bearer cml_not-a-real-key-at-all-000000');
      expect(bad.status).toBe(401);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.headers['gs1-epcis-version']).toBe('2.0.0');
      expect((await ledger.http.get('/epcis/events')).status).toBe(401);
      const admin = await get('/epcis/events', ADMIN_TOKEN);
      expect(admin.status).toBe(403);
    });
  });

  describe('bad input', () => {
    it('an unknown parameter is a 400 naming it, never ignored', async () => {
      const res = await get('/epcis/events?EQ_bizStep=shipping&EQ_disposition=in_transit&orderBy=eventTime');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('unknown-query-parameter');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['EQ_disposition', 'orderBy']);
      expect(res.headers['gs1-cbv-version']).toBe('2.0.0');
      expect((await get('/epcis/events/urn%3Auuid%3Ax?perPage=3')).status).toBe(400);
    });

    it.each([
      ['perPage=0', 'perPage'],
      ['perPage=1001', 'perPage'],
      ['GE_eventTime=yesterday', 'GE_eventTime'],
      ['EXISTS_errorDeclaration=false', 'EXISTS_errorDeclaration'],
      ['EQ_bizStep=', 'EQ_bizStep'],
      ['nextPageToken=garbage', 'nextPageToken'],
      ['minPosition=-1', 'minPosition'],
    ])('%s is a 400 naming %s', async (params, field) => {
      const res = await get(`/epcis/events?${params}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid-query');
      expect(res.body.errors[0].field).toBe(field);
    });

    it('a page token is refused with another query’s parameters', async () => {
      const first = await get('/epcis/events?perPage=2&EQ_bizStep=shipping');
      const next = nextOf(first.headers.link)!;
      const token = new URL(next, 'http://x').searchParams.get('nextPageToken')!;
      const res = await get(`/epcis/events?perPage=2&EQ_bizStep=receiving&nextPageToken=${token}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('nextPageToken');
    });

    it('a minPosition beyond the log is 503 with Retry-After', async () => {
      const res = await get('/epcis/events?minPosition=999999999999');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('projections-behind');
      expect(res.headers['retry-after']).toBeDefined();
    }, 20_000);
  });

  it('documents the EPCIS query endpoints in the OpenAPI document at /docs, with their parameters and headers', async () => {
    const res = await ledger.http.get('/docs/openapi.json');
    const paths = res.body.paths as Record<string, { get: { parameters: Array<{ name: string }>; responses: Record<string, { headers?: object }> } }>;
    for (const path of ['/epcis/events', '/epcis/events/{eventID}', '/epcis/eventTypes/{eventType}/events', '/epcis/bizSteps/{bizStep}/events', '/epcis/bizLocations/{bizLocation}/events']) {
      expect(paths[path]?.get).toBeDefined();
    }
    const events = paths['/epcis/events'].get;
    expect(events.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['eventType', 'MATCH_anyEPCClass', 'EQ_correctiveEventID', 'perPage', 'nextPageToken']));
    expect(Object.keys(events.responses['200'].headers ?? {})).toEqual(expect.arrayContaining(['GS1-EPCIS-Version', 'GS1-CBV-Version', 'Link']));
  });

  it('the index rebuilt from the log equals the one that followed it live', async () => {
    const envelopes = (await ledgerEvents(ledger, demo.regulatorKey)) as EventEnvelopeJson[];
    const head = envelopes[envelopes.length - 1].position;
    expect((await get(`/epcis/events?perPage=1&minPosition=${head}`)).status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'epcis-rebuilt-'));
    const rebuilt = EpcisEventIndex.open(dir, true);
    const live = EpcisEventIndex.open(ledger.dataDir, false);
    try {
      rebuilt.commit(envelopes.map(fromEnvelopeJson));
      expect(live.position()).toBe(BigInt(head));
      expect(rebuilt.dump()).toEqual(live.dump());
    } finally {
      rebuilt.close();
      live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

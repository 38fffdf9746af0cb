import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import type { Position } from '../../event-store/event-store.port';
import { officialSchemaErrors } from '../schema/testing/official-schema';
import type { EpcisEventFilter, EventReader } from './epcis-event-filter';
import { EpcisEventIndex } from './epcis-event-index';
import { openEpcisIndexFollower, type EpcisIndexFollower } from './epcis-index-follower';
import { EPCIS_INDEX_LAYOUT } from './epcis-index-schema';
import { epcisQueryDocument } from './epcis-query-document';
import {
  CORRECTIVE_EVENT_ID,
  custodyLogAppends,
  ids,
  LGTIN_LOT,
  LINK_LOT,
  MINE_SGLN,
  MINER_PGLN,
  parties,
  RECOVERY_EVENT_ID,
  TRANSFORMATION_EVENT_ID,
} from './testing/custody-log';

type Served = Record<string, unknown> & { type: string; eventID: string; bizStep?: string; errorDeclaration?: Record<string, unknown> };

const everything: EventReader = { kind: 'everything' };
const party = (partyId: string): EventReader => ({ kind: 'party', partyId });

describe('the EPCIS event index over a real SQLite log', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let side: EpcisIndexFollower;
  let head: Position;

  const appendAll = async (): Promise<Position> => {
    let position = 0n;
    for (const append of custodyLogAppends()) position = (await store.append(append)).position;
    return position;
  };

  const search = (filter: EpcisEventFilter = {}, reader: EventReader = everything, limit = 1000): Served[] =>
    side.index.search(filter, reader, { after: null, upTo: head, limit }).events.map((text) => JSON.parse(text) as Served);
  const kinds = (events: Served[]) => events.map((e) => (e.errorDeclaration ? `${e.bizStep ?? e.type}!` : (e.bizStep ?? e.type)));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'epcis-index-'));
    store = openSqliteEventStore(dataDir, { pollIntervalMs: 50 });
    head = await appendAll();
    side = openEpcisIndexFollower(store, dataDir, { batchSize: 3 });
    await side.follower.start();
  });

  afterAll(async () => {
    await side.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders every custody event once, in log order, and each error declaration once (though recorded on two copies)', () => {
    expect(side.index.position()).toBe(head);
    expect(kinds(search())).toEqual([
      'commissioning',
      'commissioning',
      'shipping',
      'shipping',
      'receiving',
      'receiving',
      'TransformationEvent',
      'shipping',
      'decommissioning',
      'cml:lost',
      'shipping!',
      'TransformationEvent!',
    ]);
  });

  it('writes events that the official EPCIS 2.0 JSON Schema accepts, one by one and as a query document', () => {
    const texts = side.index.search({}, everything, { after: null, upTo: head, limit: 1000 }).events;
    const document = JSON.parse(epcisQueryDocument(texts, '2024-03-25T00:00:00Z'));
    expect(officialSchemaErrors(document)).toEqual([]);
    for (const event of document.epcisBody.queryResults.resultsBody.eventList) {
      expect(officialSchemaErrors({ '@context': document['@context'], ...event })).toEqual([]);
    }
  });

  it('shows lots, parties and facilities with the identifiers they were created with, and quantities as exact kilograms', () => {
    const [origin] = search({ eventIds: [`urn:uuid:${'00000000-0000-4000-8000-000001000000'}`] });
    expect(origin).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      eventTime: '2024-03-02T08:00:00+09:00',
      eventTimeZoneOffset: '+09:00',
      quantityList: [{ epcClass: LGTIN_LOT.epcClass, quantity: 1000000, uom: 'KGM' }],
      bizLocation: { id: MINE_SGLN },
      readPoint: { id: MINE_SGLN },
      ilmd: { 'cml:form': 'ore', 'cml:originType': 'extraction', 'cml:containedMass': [{ 'cml:mineral': 'lithium', quantity: 27900, uom: 'KGM' }] },
    });
    expect(origin.recordTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [shipping] = search({ bizSteps: ['shipping'], epcClasses: [{ roles: ['quantity'], classes: [LGTIN_LOT.epcClass] }] });
    expect(shipping).toMatchObject({
      sourceList: [{ type: 'owning_party', source: `https://id.gs1.org/417/${MINER_PGLN}` }],
      destinationList: [
        { type: 'owning_party', destination: `urn:cml:party:${parties.refiner}` },
        { type: 'location', destination: 'urn:cml:facility:jp-refinery' },
      ],
      bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:cml:shipment:SHP-1' }],
      readPoint: { id: MINE_SGLN },
    });
    expect(shipping).not.toHaveProperty('cml:destinationCountry');
    expect(shipping).not.toHaveProperty('bizLocation');
    const [scrap] = search({ eventIds: [`urn:uuid:${ids.scrapShipment}`], withErrorDeclaration: undefined });
    expect(scrap).toMatchObject({ 'cml:destinationCountry': 'JP', destinationList: [{ type: 'owning_party', destination: `urn:cml:party:${parties.refiner}` }] });
  });

  it('renders a transformation from its canonical copy, with the eventID its poster gave and its outputs’ master data', () => {
    const texts = side.index.search({ eventTypes: ['TransformationEvent'], withErrorDeclaration: undefined }, everything, { after: null, upTo: head, limit: 1 }).events;
    // Exact decimal text, not a float's: 150,000,001 g is 150000.001 kg.
    expect(texts[0]).toContain('{"epcClass":"https://id.gs1.org/01/10614141073464/10/LIOH1","quantity":150000.001,"uom":"KGM"}');
    const transformation = JSON.parse(texts[0]) as Served;
    expect(transformation).toEqual({
      type: 'TransformationEvent',
      eventTime: '2024-03-08T08:00:00+09:00',
      eventTimeZoneOffset: '+09:00',
      eventID: TRANSFORMATION_EVENT_ID,
      inputQuantityList: [
        { epcClass: LGTIN_LOT.epcClass, quantity: 500000, uom: 'KGM' },
        { epcClass: 'urn:cml:lot:US-BM-3', quantity: 50000, uom: 'KGM' },
      ],
      outputQuantityList: [
        { epcClass: LINK_LOT.epcClass, quantity: 150000.001, uom: 'KGM' },
        { epcClass: 'urn:cml:lot:JP-CO-2', quantity: 9000, uom: 'KGM' },
      ],
      transformationID: 'urn:cml:transformation:JP-REF-1',
      readPoint: { id: 'urn:cml:facility:jp-refinery' },
      bizLocation: { id: 'urn:cml:facility:jp-refinery' },
      ilmd: {
        'cml:outputs': [
          { epcClass: LINK_LOT.epcClass, 'cml:form': 'hydroxide', 'cml:containedMass': [{ 'cml:mineral': 'lithium', quantity: 26000, uom: 'KGM' }] },
          { epcClass: 'urn:cml:lot:JP-CO-2', 'cml:form': 'sulfate', 'cml:containedMass': [{ 'cml:mineral': 'cobalt', quantity: 2999.999, uom: 'KGM' }] },
        ],
      },
      'cml:kind': 'refining',
      recordTime: expect.any(String),
    });
  });

  it('renders retirements as DELETE with the lot’s remaining mass, and a recovery with its feedstock', () => {
    const [manufactured, lost] = search({ eventTypes: ['ObjectEvent'], bizSteps: ['decommissioning', 'cml:lost'] });
    expect(manufactured).toMatchObject({ action: 'DELETE', quantityList: [{ epcClass: 'urn:cml:lot:JP-CO-2', quantity: 9000 }], readPoint: { id: 'urn:cml:facility:jp-refinery' } });
    // Received 999,500 kg, 500,000 kg of it consumed by the transformation.
    expect(lost).toMatchObject({ action: 'DELETE', bizStep: 'cml:lost', quantityList: [{ epcClass: LGTIN_LOT.epcClass, quantity: 499500 }] });
    const [recovery] = search({ eventIds: [RECOVERY_EVENT_ID] });
    expect(recovery).toMatchObject({ eventTime: '2024-03-02T10:00:00.123456Z', ilmd: { 'cml:originType': 'recycling', 'cml:feedstock': 'post-consumer' } });
  });

  it('renders corrections as the corrected event again, recorded later, with its errorDeclaration', () => {
    const [shipping, declared] = search({ eventIds: [`urn:uuid:${ids.scrapShipment}`] });
    expect(declared.errorDeclaration).toEqual({ declarationTime: '2024-03-13T08:00:00+09:00', 'cml:reason': 'the destination country was wrong' });
    expect({ ...declared, recordTime: undefined, errorDeclaration: undefined }).toEqual({ ...shipping, recordTime: undefined });
    expect((declared.recordTime as string) > (shipping.recordTime as string)).toBe(true);
    // Each copy of the transformation leads to its one row, so a correction may name any of them.
    const byLedgerId = new Map(side.index.dump().ledger_events.map((row) => [(row as { ledger_event_id: string }).ledger_event_id, (row as { position: bigint }).position]));
    expect(byLedgerId.get(ids.transformationOutputCopy)).toBe(byLedgerId.get(ids.transformationCanonical));
    const [, transformationDeclared] = search({ eventIds: [TRANSFORMATION_EVENT_ID] });
    expect(transformationDeclared.errorDeclaration).toEqual({ declarationTime: '2024-03-20T00:00:00Z', reason: 'incorrect_data', correctiveEventIDs: [CORRECTIVE_EVENT_ID] });
  });

  describe('each query parameter', () => {
    const count = (filter: EpcisEventFilter) => search(filter).length;
    const micros = (time: string) => Date.parse(time) * 1000;

    it('eventType', () => {
      expect(count({ eventTypes: ['TransformationEvent'] })).toBe(2);
      expect(count({ eventTypes: ['ObjectEvent', 'TransformationEvent'] })).toBe(12);
      expect(count({ eventTypes: ['AggregationEvent'] })).toBe(0);
    });

    it('GE_eventTime and LT_eventTime (instants, whatever the offset)', () => {
      // 2024-03-05T08:00+09:00 is the receipts' time; the declarations keep their events' times.
      expect(kinds(search({ eventTimeFrom: micros('2024-03-04T23:00:00Z'), eventTimeBefore: micros('2024-03-07T00:00:00Z') }))).toEqual(['receiving', 'receiving']);
      // The first origin happened at 2024-03-02T08:00:00+09:00.
      expect(count({ eventTimeBefore: micros('2024-03-01T23:00:00Z') })).toBe(0);
      expect(kinds(search({ eventTimeBefore: micros('2024-03-01T23:00:00.001Z') }))).toEqual(['commissioning']);
    });

    it('GE_recordTime and LT_recordTime', () => {
      const all = search();
      const from = micros(all[10].recordTime as string);
      // Events appended together share their record time: the boundary is the first event recorded at `from`.
      const first = all.findIndex((event) => micros(event.recordTime as string) >= from);
      expect(first).toBeLessThanOrEqual(10);
      expect(kinds(search({ recordTimeFrom: from }))).toEqual(kinds(all.slice(first)));
      expect(kinds(search({ recordTimeFrom: from })).slice(-2)).toEqual(['shipping!', 'TransformationEvent!']);
      expect(count({ recordTimeBefore: from })).toBe(first);
    });

    it('EQ_bizStep', () => {
      expect(kinds(search({ bizSteps: ['receiving', 'cml:lost'] }))).toEqual(['receiving', 'receiving', 'cml:lost']);
    });

    it('EQ_bizLocation and EQ_readPoint, by the facility a URN, SGLN or Digital Link names', () => {
      expect(count({ bizLocations: ['urn:cml:facility:jp-refinery'] })).toBe(4);
      expect(kinds(search({ bizLocations: [MINE_SGLN] }))).toEqual(['commissioning']);
      expect(kinds(search({ bizLocations: ['https://id.gs1.org/414/0614141000012'] }))).toEqual(['commissioning']);
      expect(kinds(search({ readPoints: ['urn:epc:id:sgln:0614141.00001.0'] }))).toEqual(['commissioning', 'shipping']);
      expect(count({ bizLocations: ['urn:cml:facility:nowhere', 'not a location'] })).toBe(0);
    });

    it('MATCH_epcClass, MATCH_inputEPCClass, MATCH_outputEPCClass and MATCH_anyEPCClass, by the lot a class names', () => {
      const lgtinAsLink = 'https://id.gs1.org/01/10614141073464/10/2018';
      expect(kinds(search({ epcClasses: [{ roles: ['quantity'], classes: [lgtinAsLink] }] }))).toEqual(['commissioning', 'shipping', 'receiving', 'cml:lost']);
      expect(kinds(search({ epcClasses: [{ roles: ['input'], classes: [LGTIN_LOT.epcClass] }] }))).toEqual(['TransformationEvent', 'TransformationEvent!']);
      expect(count({ epcClasses: [{ roles: ['output'], classes: [LGTIN_LOT.epcClass] }] })).toBe(0);
      expect(kinds(search({ epcClasses: [{ roles: ['output'], classes: [`urn:cml:lot:${LINK_LOT.lotId}`] }] }))).toEqual(['TransformationEvent', 'TransformationEvent!']);
      expect(count({ epcClasses: [{ roles: ['quantity', 'input', 'output'], classes: [LINK_LOT.epcClass] }] })).toBe(3);
      expect(count({ epcClasses: [{ roles: ['input'], classes: [LGTIN_LOT.epcClass] }, { roles: ['output'], classes: ['urn:cml:lot:JP-CO-2'] }] })).toBe(2);
      expect(count({ epcClasses: [{ roles: ['quantity'], classes: ['urn:epc:idpat:sgtin:0614141.107346.*'] }] })).toBe(0);
    });

    it('EQ_eventID', () => {
      expect(kinds(search({ eventIds: [RECOVERY_EVENT_ID, TRANSFORMATION_EVENT_ID] }))).toEqual(['commissioning', 'TransformationEvent', 'TransformationEvent!']);
    });

    it('EXISTS_errorDeclaration, EQ_errorReason and EQ_correctiveEventID', () => {
      expect(kinds(search({ withErrorDeclaration: true }))).toEqual(['shipping!', 'TransformationEvent!']);
      expect(kinds(search({ errorReasons: ['incorrect_data'] }))).toEqual(['TransformationEvent!']);
      expect(count({ errorReasons: ['did_not_occur'] })).toBe(0);
      expect(kinds(search({ correctiveEventIds: [CORRECTIVE_EVENT_ID] }))).toEqual(['TransformationEvent!']);
    });
  });

  describe('the reader rule', () => {
    it('shows an operator the events of the lots it holds or held, earlier ones included', () => {
      expect(kinds(search({}, party(parties.trader)))).toEqual(['TransformationEvent', 'shipping', 'TransformationEvent!']);
      expect(kinds(search({}, party(parties.recycler)))).toEqual(['commissioning', 'shipping', 'receiving', 'TransformationEvent', 'shipping!', 'TransformationEvent!']);
      expect(search({}, party(parties.refiner))).toHaveLength(12);
      expect(kinds(search({}, party(parties.miner)))).toEqual(['commissioning', 'shipping', 'receiving', 'TransformationEvent', 'cml:lost', 'TransformationEvent!']);
      expect(search({}, party('nobody'))).toEqual([]);
    });

    it('reads the rule as of the snapshot a paging began at', async () => {
      const log = await store.readAll({ after: null, limit: 1000 });
      const shipmentToTrader = log.find((e) => e.type === 'LotShipped' && e.data.toPartyId === parties.trader)!.position;
      // Until the shipment to it, the trader read nothing: not even the transformation that made the lot it was then shipped.
      expect(side.index.search({}, party(parties.trader), { after: null, upTo: shipmentToTrader - 1n, limit: 100 }).events).toEqual([]);
      expect(side.index.search({}, party(parties.trader), { after: null, upTo: shipmentToTrader, limit: 100 }).events).toHaveLength(2);
    });
  });

  it('pages by position: each event once, and a page says whether more follow', () => {
    const seen: string[] = [];
    let after: Position | null = null;
    for (;;) {
      const page = side.index.search({}, everything, { after, upTo: head, limit: 5 });
      seen.push(...page.events);
      if (!page.more) break;
      after = page.last;
    }
    expect(seen).toEqual(side.index.search({}, everything, { after: null, upTo: head, limit: 1000 }).events);
  });

  it('is the same index when rebuilt from the log in one catch-up as when it followed the log live', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'epcis-index-rebuilt-'));
    const rebuilt = openEpcisIndexFollower(store, otherDir, { batchSize: 500 });
    try {
      await rebuilt.follower.catchUp();
      expect(rebuilt.index.dump()).toEqual(side.index.dump());
    } finally {
      await rebuilt.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('empties a file of another layout on open and builds it again from the log', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'epcis-index-layout-'));
    try {
      const first = openEpcisIndexFollower(store, otherDir);
      await first.follower.catchUp();
      await first.close();
      const db = new Database(join(otherDir, 'epcis-index.sqlite'));
      db.prepare('UPDATE epcis_index_meta SET layout = ?').run(EPCIS_INDEX_LAYOUT - 1);
      db.close();

      const reopened = openEpcisIndexFollower(store, otherDir);
      expect(reopened.index.position()).toBeNull();
      await reopened.follower.catchUp();
      expect(reopened.index.dump()).toEqual(side.index.dump());
      await reopened.close();
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('lets a reader connection read what the follower wrote', () => {
    const reader = EpcisEventIndex.open(dataDir, false);
    try {
      expect(reader.position()).toBe(head);
      expect(reader.hasEventId(TRANSFORMATION_EVENT_ID, head)).toBe(true);
      expect(reader.hasEventId('urn:uuid:nothing', head)).toBe(false);
    } finally {
      reader.close();
    }
  });
});

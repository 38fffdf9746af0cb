import { ledgerEvents, ledgerIds, post, workedExampleInputs, workedExampleTransformation, type WorkedExample } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

describe('custody write path: the worked example through HTTP', () => {
  let ledger: TestLedger;
  let example: WorkedExample;
  const id = ledgerIds();

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    example = await workedExampleInputs(ledger);
  });
  afterAll(() => ledger.destroy());

  it('health answers 200 without a token and names the store', async () => {
    const res = await ledger.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: process.env.LEDGER_E2E_STORE ?? 'sqlite' });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await ledger.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/lots', '/v1/transformations', '/v1/lots/{lotId}/shipments']));
  });

  it('rejects a transformation claiming 28,000 kg of lithium with 422 and stores nothing', async () => {
    const before = await ledgerEvents(ledger, example.keys.regulator);
    const res = await post(ledger, example.keys.jpRefinery, '/v1/transformations', workedExampleTransformation('28000', id));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('mass-balance-violated');
    const after = await ledgerEvents(ledger, example.keys.regulator);
    expect(after).toHaveLength(before.length);
  });

  it('rejects an output holding cobalt when only the first two inputs (no cobalt) are consumed', async () => {
    const before = await ledgerEvents(ledger, example.keys.regulator);
    const body = workedExampleTransformation(undefined, id);
    body.inputs = body.inputs.slice(0, 2);
    body.outputs[0].composition = { lithium: '20000', cobalt: '1' } as never;
    const res = await post(ledger, example.keys.jpRefinery, '/v1/transformations', body);
    expect(res.status).toBe(422);
    expect(await ledgerEvents(ledger, example.keys.regulator)).toHaveLength(before.length);
  });

  it('accepts the worked example: one LotTransformed on each of the four streams, atomically', async () => {
    const before = await ledgerEvents(ledger, example.keys.regulator);
    const res = await post(ledger, example.keys.jpRefinery, '/v1/transformations', workedExampleTransformation(undefined, id));
    expect(res.status).toBe(201);
    expect(res.body.eventIds).toHaveLength(4);
    expect(res.body.position).toMatch(/^\d+$/);
    const after = await ledgerEvents(ledger, example.keys.regulator);
    const added = after.slice(before.length);
    expect(added.map((e) => e.type)).toEqual(['LotTransformed', 'LotTransformed', 'LotTransformed', 'LotTransformed']);
    expect(added.map((e) => e.streamId).sort()).toEqual([`lot-${id('AU-SPOD-1')}`, `lot-${id('CL-BRINE-7')}`, `lot-${id('JP-LIOH-1')}`, `lot-${id('US-BM-3')}`]);
    expect(new Set(added.map((e) => e.payloadSha256)).size).toBe(1);
  });

  it('leaves AU-SPOD-1 with 500,000 kg gross and 13,950 kg lithium', async () => {
    const res = await ledger.http.get(`/v1/lots/${id('AU-SPOD-1')}`).set('Authorization', `Bearer ${example.keys.auditor}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', grossMassKg: '500000.000', composition: { lithium: '13950.000' }, custodianId: id('jp-refinery-co') });
  });

  it('creates JP-LIOH-1 in the custody of the refinery, and consumes the two fully used inputs', async () => {
    const lioh = await ledger.http.get(`/v1/lots/${id('JP-LIOH-1')}`).set('Authorization', `Bearer ${example.keys.jpRefinery}`);
    expect(lioh.body).toMatchObject({ lotId: id('JP-LIOH-1'), status: 'active', custodianId: id('jp-refinery-co'), grossMassKg: '150000.000', composition: { lithium: '26000.000' } });
    for (const lotId of [id('CL-BRINE-7'), id('US-BM-3')]) {
      const lot = await ledger.http.get(`/v1/lots/${lotId}`).set('Authorization', `Bearer ${example.keys.auditor}`);
      expect(lot.body.status).toBe('consumed');
    }
  });

  it("lists a lot's own history with envelopes", async () => {
    const res = await ledger.http.get(`/v1/lots/${id('AU-SPOD-1')}/events`).set('Authorization', `Bearer ${example.keys.auMine}`);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['LotExtracted', 'LotShipped', 'LotReceived', 'LotTransformed']);
    const [first] = res.body.events;
    expect(first).toMatchObject({ streamId: `lot-${id('AU-SPOD-1')}`, streamRevision: 0, actorPartyId: id('au-mine-co'), schemaVersion: 1, occurredAt: '2026-01-10T00:00:00Z' });
    expect(first.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('raises a mass-discrepancy flag when a receipt is more than 0.5 % off, and still records the receipt', async () => {
    const shipped = await post(ledger, example.keys.jpRefinery, `/v1/lots/${id('JP-LIOH-1')}/shipments`, {
      shipmentId: id('SHP-LIOH-US'),
      toPartyId: id('us-recycler-co'),
      destinationCountry: 'US',
      occurredAt: '2026-05-01T00:00:00Z',
    });
    expect(shipped.status).toBe(201);
    const received = await post(ledger, example.keys.usRecycler, `/v1/lots/${id('JP-LIOH-1')}/receipts`, {
      shipmentId: id('SHP-LIOH-US'),
      facilityId: id('us-recycler'),
      receivedMassKg: '149000',
      occurredAt: '2026-05-20T00:00:00Z',
    });
    expect(received.status).toBe(201);
    expect(received.body.eventIds).toHaveLength(2);
    const lot = await ledger.http.get(`/v1/lots/${id('JP-LIOH-1')}`).set('Authorization', `Bearer ${example.keys.usRecycler}`);
    expect(lot.body.custodianId).toBe(id('us-recycler-co'));
    expect(lot.body.openFlags).toEqual([expect.objectContaining({ category: 'mass-discrepancy', automatic: true })]);
  });

  it('answers the Annex in force', async () => {
    const res = await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${example.keys.auMine}`);
    expect(res.status).toBe(200);
    // The Annex is one list for the whole log: on a shared server (see ledger-ids.ts) it also holds
    // what other test ledgers added. Less their amendments, it is the seeded five, as on a fresh ledger.
    const amendments = res.body.amendments as Array<{ amendmentId: string; add: string[] }>;
    const addedElsewhere = amendments.filter((a) => a.amendmentId !== 'annex-2023-03-28').flatMap((a) => a.add);
    expect(res.body.inForce.filter((mineral: string) => !addedElsewhere.includes(mineral))).toEqual(['cobalt', 'graphite', 'lithium', 'manganese', 'nickel']);
  });
});

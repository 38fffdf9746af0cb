import { ledgerIds, post, registerParty, workedExampleInputs, workedExampleTransformation, type WorkedExample } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

describe('provenance through HTTP: the auditor asks where the lithium came from', () => {
  let ledger: TestLedger;
  let example: WorkedExample;
  const id = ledgerIds();
  let transformedAt: string;
  let beforeTransformation: string;
  let stranger: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    example = await workedExampleInputs(ledger);
    stranger = await registerParty(ledger, id('prov-stranger'), ['trader'], 'SG');
    beforeTransformation = (await ledger.http.get('/health')).body.position;
    const res = await post(ledger, example.keys.jpRefinery, '/v1/transformations', workedExampleTransformation(undefined, id));
    expect(res.status).toBe(201);
    transformedAt = res.body.position;
  });
  afterAll(() => ledger.destroy());

  const get = (path: string, key: string) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);

  it("gives exactly the brief's numbers for JP-LIOH-1 (largest remainder, grams)", async () => {
    const res = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?minPosition=${transformedAt}`, example.keys.auditor);
    expect(res.status).toBe(200);
    const lithium = res.body.minerals.lithium;
    expect(lithium.massKg).toBe('26000.000');
    const byFacility = Object.fromEntries(lithium.origins.map((o: { facilityId: string; massKg: string }) => [o.facilityId, o.massKg]));
    expect(byFacility).toEqual({ [id('au-mine')]: '13213.115', [id('cl-brine')]: '11366.120', [id('us-recycler')]: '1420.765' });
    expect(lithium.byCountry.AU).toBeCloseTo(0.5082, 4);
    expect(lithium.byCountry.CL).toBeCloseTo(0.4372, 4);
    expect(lithium.byCountry.US).toBeCloseTo(0.0546, 4);
    expect(lithium.recycledShare).toBeCloseTo(0.0546, 4);
    expect(lithium.flaggedShare).toBe(0);
  });

  it('answers as of a position before the transformation: the lot did not exist then (404)', async () => {
    const res = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?asOf=${beforeTransformation}`, example.keys.auditor);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a flag raised on the AU mine shows as flagged share downstream, and disappears once resolved but not as of before', async () => {
    const raised = await post(ledger, example.keys.auditor, `/v1/facilities/${id('au-mine')}/flags`, {
      flagId: id('FL-AU-1'),
      category: 'forced-labor',
      severity: 'high',
      description: 'allegation',
    });
    expect(raised.status).toBe(201);
    const flagged = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?minPosition=${raised.body.position}`, example.keys.auditor);
    expect(flagged.body.minerals.lithium.flaggedShare).toBeCloseTo(13213.115 / 26000, 6);
    const resolved = await post(ledger, example.keys.regulator, `/v1/facilities/${id('au-mine')}/flags/${id('FL-AU-1')}/resolution`, { outcome: 'cleared', note: 'audit' });
    expect(resolved.status).toBe(201);
    const after = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?minPosition=${resolved.body.position}`, example.keys.auditor);
    expect(after.body.minerals.lithium.flaggedShare).toBe(0);
    const asOfFlagged = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?asOf=${raised.body.position}`, example.keys.auditor);
    expect(asOfFlagged.body.minerals.lithium.flaggedShare).toBeCloseTo(13213.115 / 26000, 6);
  });

  it('draws the upstream graph as JSON, Mermaid and DOT', async () => {
    const json = await get(`/v1/lots/${id('JP-LIOH-1')}/provenance`, example.keys.jpRefinery);
    expect(json.status).toBe(200);
    expect(JSON.stringify(json.body)).toContain(id('AU-SPOD-1'));
    const mermaid = await get(`/v1/lots/${id('JP-LIOH-1')}/provenance?format=mermaid`, example.keys.auditor);
    expect(mermaid.status).toBe(200);
    expect(mermaid.headers['content-type']).toMatch(/^text\/vnd\.mermaid/);
    expect(mermaid.text).toMatch(/^flowchart/);
    const dot = await get(`/v1/lots/${id('JP-LIOH-1')}/provenance?format=dot`, example.keys.auditor);
    expect(dot.text).toMatch(/digraph/);
    expect((await get(`/v1/lots/${id('JP-LIOH-1')}/provenance?format=png`, example.keys.auditor)).status).toBe(400);
  });

  it('an operator that never held a lot cannot read its provenance (403); the mine that supplied it can read its own lot only', async () => {
    expect((await get(`/v1/lots/${id('JP-LIOH-1')}/origins`, stranger)).status).toBe(403);
    expect((await get(`/v1/lots/${id('AU-SPOD-1')}/provenance`, example.keys.auMine)).status).toBe(200);
    expect((await get(`/v1/lots/${id('JP-LIOH-1')}/provenance`, example.keys.auMine)).status).toBe(403);
  });

  it('traces forward: descendants of AU-SPOD-1 and downstream of the AU mine include JP-LIOH-1', async () => {
    const descendants = await get(`/v1/lots/${id('AU-SPOD-1')}/descendants`, example.keys.auditor);
    expect(descendants.status).toBe(200);
    expect(JSON.stringify(descendants.body)).toContain(id('JP-LIOH-1'));
    const downstream = await get(`/v1/facilities/${id('au-mine')}/downstream`, example.keys.auditor);
    expect(downstream.status).toBe(200);
    expect(JSON.stringify(downstream.body)).toContain(id('JP-LIOH-1'));
  });

  it('a minPosition the log never reaches answers 503 with Retry-After, in bounded time', async () => {
    const res = await get(`/v1/lots/${id('JP-LIOH-1')}/origins?minPosition=999999999`, example.keys.auditor);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
  }, 20_000);
});

import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { ledgerIds, post, workedExampleInputs, workedExampleTransformation, type WorkedExample } from './ledger-fixtures';

describe('finding lots, parties and facilities through HTTP', () => {
  let ledger: TestLedger;
  let example: WorkedExample;
  const id = ledgerIds();
  let beforeTransformation: string;
  let last: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    example = await workedExampleInputs(ledger);
    beforeTransformation = (await ledger.http.get('/health')).body.position;
    const transformed = await post(ledger, example.keys.jpRefinery, '/v1/transformations', workedExampleTransformation(undefined, id));
    expect(transformed.status).toBe(201);
    const flagged = await post(ledger, example.keys.auditor, `/v1/lots/${id('AU-SPOD-1')}/flags`, {
      flagId: id('FL-SPOD'),
      category: 'forced-labor',
      severity: 'high',
      description: 'report from the field',
    });
    expect(flagged.status).toBe(201);
    last = flagged.body.position;
  });
  afterAll(() => ledger.destroy());

  const get = (path: string, key = example.keys.auditor) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);
  const lotIds = async (query: string, key?: string) => {
    const res = await get(`/v1/lots?${query}&minPosition=${last}`, key);
    expect(res.status).toBe(200);
    return (res.body.items as { lotId: string }[]).map((l) => l.lotId);
  };
  const refinery = `facility=${id('jp-refinery')}`;

  it('lists the lots that passed through a facility, each as its lot state, in id order', async () => {
    const res = await get(`/v1/lots?${refinery}&minPosition=${last}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((l: { lotId: string }) => l.lotId)).toEqual([id('AU-SPOD-1'), id('CL-BRINE-7'), id('JP-LIOH-1'), id('US-BM-3')]);
    expect(res.body.items[0]).toMatchObject({
      lotId: id('AU-SPOD-1'),
      form: 'ore',
      status: 'active',
      custodianId: id('jp-refinery-co'),
      grossMassKg: '500000.000',
      composition: { lithium: '13950.000' },
      openFlags: [{ flagId: id('FL-SPOD'), category: 'forced-labor', severity: 'high' }],
    });
    expect(res.body.next).toBeNull();
    expect(BigInt(res.body.position)).toBeGreaterThanOrEqual(BigInt(last));
  });

  it('combines filters: status, mineral, origin country, custodian, open flags, time made', async () => {
    expect(await lotIds(`${refinery}&status=consumed`)).toEqual([id('CL-BRINE-7'), id('US-BM-3')]);
    expect(await lotIds(`${refinery}&mineral=nickel`)).toEqual([id('US-BM-3')]);
    expect(await lotIds(`custodian=${id('jp-refinery-co')}&originCountry=AU`)).toEqual([id('AU-SPOD-1'), id('JP-LIOH-1')]);
    expect(await lotIds(`${refinery}&flagged=true`)).toEqual([id('AU-SPOD-1')]);
    expect(await lotIds(`${refinery}&flagged=false`)).toEqual([id('CL-BRINE-7'), id('JP-LIOH-1'), id('US-BM-3')]);
    expect(await lotIds(`${refinery}&from=2026-03-15T00:00:00Z`)).toEqual([id('JP-LIOH-1')]);
    expect(await lotIds(`${refinery}&to=2026-03-15T09:00:00%2B09:00`)).toEqual([id('AU-SPOD-1'), id('CL-BRINE-7'), id('US-BM-3')]);
    expect(await lotIds(`idPrefix=${id('CL-BRINE-7').slice(0, -2)}`)).toEqual([id('CL-BRINE-7')]);
  });

  it('pages with next and after, and answers as of a past position', async () => {
    const first = await get(`/v1/lots?${refinery}&limit=3&minPosition=${last}`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.next).toBe(id('JP-LIOH-1'));
    const second = await get(`/v1/lots?${refinery}&limit=3&after=${first.body.next}&asOf=${first.body.position}`);
    expect(second.body.items.map((l: { lotId: string }) => l.lotId)).toEqual([id('US-BM-3')]);
    expect(second.body.next).toBeNull();

    const then = await get(`/v1/lots?${refinery}&asOf=${beforeTransformation}`);
    expect(then.body.position).toBe(beforeTransformation);
    expect(then.body.items.map((l: { lotId: string; status: string }) => [l.lotId, l.status])).toEqual([
      [id('AU-SPOD-1'), 'active'],
      [id('CL-BRINE-7'), 'active'],
      [id('US-BM-3'), 'active'],
    ]);
  });

  it('an operator lists only the lots it holds or held; the admin lists none', async () => {
    expect(await lotIds(refinery, example.keys.auMine)).toEqual([id('AU-SPOD-1')]);
    expect(await lotIds(refinery, example.keys.jpRefinery)).toEqual([id('AU-SPOD-1'), id('CL-BRINE-7'), id('JP-LIOH-1'), id('US-BM-3')]);
    const admin = await get(`/v1/lots?${refinery}`, ADMIN_TOKEN);
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('not-a-reader');
  });

  it('lists parties by role and country, and facilities by kind, country and operator', async () => {
    const parties = await get(`/v1/parties?role=processor&idPrefix=${id('jp-refinery-co').slice(0, -2)}`, example.keys.auMine);
    expect(parties.status).toBe(200);
    expect(parties.body.items).toEqual([{ partyId: id('jp-refinery-co'), name: `${id('jp-refinery-co')} Ltd`, country: 'JP', roles: ['processor'] }]);
    const facilities = await get(`/v1/facilities?operator=${id('jp-refinery-co')}&kind=refinery&country=JP`);
    expect(facilities.body.items).toEqual([
      { facilityId: id('jp-refinery'), operatorId: id('jp-refinery-co'), name: `${id('jp-refinery')} site`, kind: 'refinery', country: 'JP', rmiSmelterId: null },
    ]);
  });

  it.each([
    ['a parameter no list knows', '/v1/lots?custodain=x', 'custodain'],
    ['a status that is none', '/v1/lots?status=lost', 'status'],
    ['a limit out of range', '/v1/lots?limit=0', 'limit'],
    ['a time that is not RFC 3339', '/v1/lots?from=yesterday', 'from'],
    ['a country in lower case', '/v1/facilities?country=jp', 'country'],
    ['a role that is none', '/v1/parties?role=king', 'role'],
    ['a flag that is neither true nor false', '/v1/lots?flagged=yes', 'flagged'],
  ])('refuses %s with a problem naming the parameter', async (_what, path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'invalid-query', errors: [{ field }] });
  });

  it('refuses an asOf that is neither a position nor a time', async () => {
    const res = await get('/v1/lots?asOf=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-as-of');
  });

  it('draws the provenance graph as SVG on the server', async () => {
    const res = await get(`/v1/lots/${id('JP-LIOH-1')}/provenance?format=svg&minPosition=${last}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = Buffer.from(res.body as Buffer).toString('utf8');
    expect(svg).toContain('<svg');
    // Graphviz writes hyphens in text as character references.
    expect(svg.replace(/&#45;/g, '-')).toContain(`${id('au-mine')} site`);
  });
});

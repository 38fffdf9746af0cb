import { ledgerEvents, ledgerIds, post, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

const id = ledgerIds();

const validOrigin = () => ({
  lotId: id('BAD-1'),
  form: 'ore',
  grossMassKg: '1000',
  composition: { lithium: '20' },
  occurredAt: '2026-01-01T00:00:00Z',
  origin: { type: 'extraction', facilityId: id('bad-pit') },
});

describe('bad input gets a clear problem+json answer and stores nothing', () => {
  let ledger: TestLedger;
  let mine: string;
  let regulator: string;
  let eventsBefore: number;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    mine = await registerParty(ledger, id('bad-mine'), ['producer'], 'AU');
    regulator = await registerParty(ledger, id('bad-regulator'), ['regulator'], 'US');
    await registerFacility(ledger, mine, id('bad-pit'), 'mine', 'AU');
  });
  afterAll(() => ledger.destroy());

  beforeEach(async () => {
    eventsBefore = (await ledgerEvents(ledger, regulator)).length;
  });

  async function expectProblem(res: { status: number; headers: Record<string, string>; body: any }, status: number, code?: string) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringContaining(':problem:'), title: expect.any(String), detail: expect.any(String) });
    if (code) expect(res.body.code).toBe(code);
    expect(await ledgerEvents(ledger, regulator)).toHaveLength(eventsBefore);
  }

  it('malformed JSON → 400', async () => {
    const res = await ledger.http
      .post('/v1/lots')
      .set('Authorization', `Bearer ${mine}`)
      .set('Content-Type', 'application/json')
      .send(`{"lotId": "${id('BAD-1')}", "form": `);
    await expectProblem(res, 400, 'malformed-json');
  });

  it('a body that is not JSON at all → 415', async () => {
    const res = await ledger.http.post('/v1/lots').set('Authorization', `Bearer ${mine}`).set('Content-Type', 'text/plain').send(`lotId=${id('BAD-1')}`);
    await expectProblem(res, 415, 'unsupported-media-type');
  });

  it('a JSON array or scalar instead of an object → 400', async () => {
    const res = await ledger.http.post('/v1/lots').set('Authorization', `Bearer ${mine}`).set('Content-Type', 'application/json').send('[1,2,3]');
    await expectProblem(res, 400);
  });

  it('missing and unknown fields → 400 with per-field errors', async () => {
    const { lotId: _omitted, ...rest } = validOrigin();
    const res = await post(ledger, mine, '/v1/lots', { ...rest, colour: 'blue' });
    await expectProblem(res, 400, 'invalid-request');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['lotId', 'colour']));
  });

  it.each([
    ['a unit in the string', '1000 kg'],
    ['tonnes', '1t'],
    ['grams written as a unit', '1000000g'],
  ])('wrong unit (%s) → 422', async (_, mass) => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), grossMassKg: mass });
    await expectProblem(res, 422, 'invalid-mass');
    expect(res.body.errors[0].field).toBe('grossMassKg');
  });

  it('a JSON number instead of a decimal string → 400', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), grossMassKg: 1000 });
    await expectProblem(res, 400, 'invalid-mass');
  });

  it.each([
    ['negative', '-5'],
    ['zero', '0'],
    ['absurd (more than 10 Mt)', '99999999999'],
    ['finer than a gram', '1.0001'],
  ])('%s mass → 422', async (_, mass) => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), grossMassKg: mass });
    await expectProblem(res, 422, 'invalid-mass');
  });

  it('contained mass above gross mass → 422', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), grossMassKg: '10', composition: { lithium: '11' } });
    await expectProblem(res, 422, 'contained-exceeds-gross');
  });

  it('an unknown mineral → 422 naming it', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), composition: { unobtainium: '5' } });
    await expectProblem(res, 422, 'mineral-not-on-annex');
    expect(res.body.detail).toContain('unobtainium');
  });

  it('a mineral before the Annex was in force → 422', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), occurredAt: '2020-01-01T00:00:00Z' });
    await expectProblem(res, 422, 'mineral-not-on-annex');
  });

  it('a body over 1 MiB → 413', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), padding: 'x'.repeat(1024 * 1024 + 10) });
    await expectProblem(res, 413, 'body-too-large');
  });

  it.each([
    ["SQL in an id", "BAD-1'; DROP TABLE events; --"],
    ['a path in an id', '../../etc/passwd'],
    ['markup in an id', '<script>alert(1)</script>'],
  ])('injection strings: %s → 400', async (_, lotId) => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), lotId });
    await expectProblem(res, 400, 'invalid-request');
  });

  it('injection strings in free text are stored verbatim, never executed', async () => {
    const name = "Robert'); DROP TABLE events;-- <img src=x onerror=alert(1)>";
    const res = await ledger.http.post('/v1/facilities').set('Authorization', `Bearer ${mine}`).send({ id: id('odd-name-pit'), name, kind: 'mine', country: 'AU' });
    expect(res.status).toBe(201);
    const events = await ledgerEvents(ledger, regulator);
    expect(events[events.length - 1].data.name).toBe(name);
    expect(events.length).toBe(eventsBefore + 1);
  });

  it('an injection string in a path → 400', async () => {
    const res = await ledger.http.get(`/v1/lots/${encodeURIComponent("x' OR '1'='1")}`).set('Authorization', `Bearer ${regulator}`);
    await expectProblem(res, 400, 'invalid-path-id');
  });

  it('an unknown lot → 404', async () => {
    const res = await post(ledger, mine, `/v1/lots/${id('NO-SUCH-LOT')}/shipments`, {
      shipmentId: id('S-1'),
      toPartyId: id('bad-regulator'),
      destinationCountry: 'US',
      occurredAt: '2026-01-02T00:00:00Z',
    });
    await expectProblem(res, 404, 'lot-not-found');
  });

  it('a bad time, country or enum value → 400', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), occurredAt: 'yesterday', form: 'gravel', origin: { type: 'extraction', facilityId: id('bad-pit') } });
    await expectProblem(res, 400, 'invalid-request');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['occurredAt', 'form']));
  });

  it('a time in the future → 422', async () => {
    const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), occurredAt: '2099-01-01T00:00:00Z' });
    await expectProblem(res, 422);
  });

  describe('replayed Idempotency-Key', () => {
    it('returns the first response and stores nothing new', async () => {
      const first = await post(ledger, mine, '/v1/lots', { ...validOrigin(), lotId: id('IDEM-1') }, id('idem-key-1'));
      expect(first.status).toBe(201);
      const afterFirst = (await ledgerEvents(ledger, regulator)).length;
      expect(afterFirst).toBe(eventsBefore + 1);
      // The same body with keys in another order is the same request.
      const { composition, ...rest } = { ...validOrigin(), lotId: id('IDEM-1') };
      const replay = await post(ledger, mine, '/v1/lots', { composition, ...rest }, id('idem-key-1'));
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await ledgerEvents(ledger, regulator)).toHaveLength(afterFirst);
    });

    it('the same key with another body → 422 and nothing stored', async () => {
      const first = await post(ledger, mine, '/v1/lots', { ...validOrigin(), lotId: id('IDEM-2') }, id('idem-key-2'));
      expect(first.status).toBe(201);
      eventsBefore += 1;
      const res = await post(ledger, mine, '/v1/lots', { ...validOrigin(), lotId: id('IDEM-3') }, id('idem-key-2'));
      await expectProblem(res, 422, 'idempotency-key-reused');
    });

    it('a replayed party registration names the key it issued but never discloses it again', async () => {
      const { ADMIN_TOKEN } = await import('./ledger-test-app');
      const body = { id: id('idem-party'), name: 'Idem Party', country: 'JP', roles: ['trader'] };
      const first = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Idempotency-Key', id('party-key')).send(body);
      const replay = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Idempotency-Key', id('party-key')).send(body);
      expect(first.status).toBe(201);
      expect(first.body.apiKey).toMatch(/^cml_/);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual({ ...first.body, apiKey: null });
      expect(replay.text).not.toContain(first.body.apiKey);
      const lot = await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${first.body.apiKey}`);
      expect(lot.status).toBe(200);
    });

    it('an Idempotency-Key with spaces or control characters → 400', async () => {
      const res = await post(ledger, mine, '/v1/lots', validOrigin(), 'has space');
      await expectProblem(res, 400, 'invalid-idempotency-key');
    });
  });
});

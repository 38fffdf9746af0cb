import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { ledgerEvents, ledgerIds, post, registerFacility, registerParty } from './ledger-fixtures';

describe('access: keys, roles, custodians and readers', () => {
  let ledger: TestLedger;
  const keys: Record<string, string> = {};
  const id = ledgerIds();

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    keys.mine = await registerParty(ledger, id('acc-mine'), ['producer'], 'AU');
    keys.otherMine = await registerParty(ledger, id('acc-other-mine'), ['producer'], 'CL');
    keys.refinery = await registerParty(ledger, id('acc-refinery'), ['processor'], 'JP');
    keys.trader = await registerParty(ledger, id('acc-trader'), ['trader'], 'SG');
    keys.auditor = await registerParty(ledger, id('acc-auditor'), ['auditor'], 'JP');
    keys.regulator = await registerParty(ledger, id('acc-regulator'), ['regulator'], 'US');
    await registerFacility(ledger, keys.mine, id('acc-pit'), 'mine', 'AU');
    await registerFacility(ledger, keys.otherMine, id('acc-other-pit'), 'mine', 'CL');
    await registerFacility(ledger, keys.refinery, id('acc-refinery-site'), 'refinery', 'JP');
    const created = await post(ledger, keys.mine, '/v1/lots', {
      lotId: id('ACC-1'),
      form: 'concentrate',
      grossMassKg: '500',
      composition: { cobalt: '40' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('acc-pit') },
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => ledger.destroy());

  const shipment = { shipmentId: id('SHP-ACC-1'), toPartyId: id('acc-refinery'), destinationCountry: 'JP', occurredAt: '2026-01-05T00:00:00Z' };

  it('no key → 401 with a WWW-Authenticate challenge', async () => {
    const res = await ledger.http.get(`/v1/lots/${id('ACC-1')}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('an unknown key → 401', async () => {
    const res = await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', 'Bearer cml_not-a-real-key-at-all-000000');
    expect(res.status).toBe(401);
  });

  it('the bearer scheme is case-insensitive', async () => {
    const res = await ledger.http.get('/v1/annex').set('Authorization', `bearer ${keys.auditor}`);
    expect(res.status).toBe(200);
  });

  it('no party is registered with the admin role (400)', async () => {
    const res = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: id('x-admin'), name: 'X', country: 'US', roles: ['admin'] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('roles');
  });

  it('keeps credentials readable by the service user only', () => {
    expect(statSync(join(ledger.dataDir, 'access.sqlite')).mode & 0o777).toBe(0o600);
  });

  describe('API key rotation and revocation', () => {
    const keysOf = (partyId: string) => `/v1/parties/${partyId}/keys`;

    it('a party issues itself a second key, revokes the first, and the revoked key is told so', async () => {
      const registered = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: id('acc-rotating'), name: 'R', country: 'JP', roles: ['trader'] });
      expect(registered.body.keyId).toMatch(/^key_/);
      const second = await ledger.http.post(keysOf(id('acc-rotating'))).set('Authorization', `Bearer ${registered.body.apiKey}`);
      expect(second.status).toBe(201);
      expect(second.body).toEqual({ keyId: expect.stringMatching(/^key_/), apiKey: expect.stringMatching(/^cml_/) });
      const revoked = await ledger.http.delete(`${keysOf(id('acc-rotating'))}/${registered.body.keyId}`).set('Authorization', `Bearer ${second.body.apiKey}`);
      expect(revoked.status).toBe(204);
      const refused = await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${registered.body.apiKey}`);
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toMatch(/revoked/);
      expect((await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${second.body.apiKey}`)).status).toBe(200);
      const again = await ledger.http.delete(`${keysOf(id('acc-rotating'))}/${registered.body.keyId}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('api-key-not-found');
    });

    it("the admin issues a party's key; another party may not (403); an unknown party is 404", async () => {
      expect((await ledger.http.post(keysOf(id('acc-trader'))).set('Authorization', `Bearer ${ADMIN_TOKEN}`)).status).toBe(201);
      const other = await ledger.http.post(keysOf(id('acc-trader'))).set('Authorization', `Bearer ${keys.mine}`);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('not-key-holder');
      const unknown = await ledger.http.post(keysOf(id('acc-nobody'))).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(unknown.status).toBe(404);
    });
  });

  it('a malformed Authorization header → 401', async () => {
    const res = await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(res.status).toBe(401);
  });

  it('only the admin registers parties (403 for a party key)', async () => {
    const res = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${keys.regulator}`).send({ id: id('x-party'), name: 'X', country: 'US', roles: ['trader'] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing-role');
  });

  it('a processor cannot record an extraction (403: wrong role)', async () => {
    const res = await post(ledger, keys.refinery, '/v1/lots', {
      lotId: id('ACC-2'),
      form: 'ore',
      grossMassKg: '10',
      composition: { cobalt: '1' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('acc-refinery-site') },
    });
    expect(res.status).toBe(403);
  });

  it("a producer cannot record an extraction at another party's mine (403)", async () => {
    const res = await post(ledger, keys.mine, '/v1/lots', {
      lotId: id('ACC-3'),
      form: 'ore',
      grossMassKg: '10',
      composition: { cobalt: '1' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('acc-other-pit') },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not-facility-operator');
  });

  it('only the custodian ships (403 for another operator), and nothing is stored', async () => {
    const before = (await ledgerEvents(ledger, keys.regulator)).length;
    const res = await post(ledger, keys.otherMine, `/v1/lots/${id('ACC-1')}/shipments`, shipment);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not-custodian');
    expect(await ledgerEvents(ledger, keys.regulator)).toHaveLength(before);
  });

  it('an operator cannot read a lot it never held (403); the custodian, auditors and regulators can', async () => {
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.trader}`)).status).toBe(403);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}/events`).set('Authorization', `Bearer ${keys.trader}`)).status).toBe(403);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.mine}`)).status).toBe(200);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.auditor}`)).status).toBe(200);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.regulator}`)).status).toBe(200);
  });

  it('only the consignee receives (403 for a third party), then the former custodian can still read the lot it held', async () => {
    expect((await post(ledger, keys.mine, `/v1/lots/${id('ACC-1')}/shipments`, shipment)).status).toBe(201);
    const thirdParty = await post(ledger, keys.otherMine, `/v1/lots/${id('ACC-1')}/receipts`, {
      shipmentId: id('SHP-ACC-1'),
      facilityId: id('acc-other-pit'),
      receivedMassKg: '500',
      occurredAt: '2026-01-09T00:00:00Z',
    });
    expect(thirdParty.status).toBe(403);
    const received = await post(ledger, keys.refinery, `/v1/lots/${id('ACC-1')}/receipts`, {
      shipmentId: id('SHP-ACC-1'),
      facilityId: id('acc-refinery-site'),
      receivedMassKg: '500',
      occurredAt: '2026-01-09T00:00:00Z',
    });
    expect(received.status).toBe(201);
    const again = await post(ledger, keys.refinery, `/v1/lots/${id('ACC-1')}/receipts`, {
      shipmentId: id('SHP-ACC-1'),
      facilityId: id('acc-refinery-site'),
      receivedMassKg: '500',
      occurredAt: '2026-01-09T00:00:00Z',
    });
    expect(again.status).toBe(409);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.mine}`)).status).toBe(200);
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${keys.refinery}`)).status).toBe(200);
  });

  it('operators cannot read the global log; auditors can', async () => {
    expect((await ledger.http.get('/v1/ledger/events').set('Authorization', `Bearer ${keys.mine}`)).status).toBe(403);
    expect((await ledger.http.get('/v1/ledger/events').set('Authorization', `Bearer ${keys.auditor}`)).status).toBe(200);
  });

  it('only a regulator amends the Annex', async () => {
    const amendment = { add: [id.mineral('rare-earths')], remove: [], effectiveFrom: '2026-06-01T00:00:00Z', reference: 'Exchange of notes' };
    expect((await post(ledger, keys.auditor, '/v1/annex/amendments', amendment)).status).toBe(403);
    expect((await post(ledger, keys.regulator, '/v1/annex/amendments', amendment)).status).toBe(201);
    const annex = await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${keys.trader}`);
    expect(annex.body.inForce).toContain(id.mineral('rare-earths'));
  });

  it('the admin token is not a reader of lots', async () => {
    expect((await ledger.http.get(`/v1/lots/${id('ACC-1')}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`)).status).toBe(403);
  });
});

import { ledgerEvents, ledgerIds, post, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

describe('rule 8 through HTTP: certifications and flags by auditors and regulators', () => {
  let ledger: TestLedger;
  const keys: Record<string, string> = {};
  const id = ledgerIds();

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    keys.mine = await registerParty(ledger, id('risk-mine'), ['producer'], 'CD');
    keys.auditor = await registerParty(ledger, id('risk-auditor'), ['auditor'], 'JP');
    keys.regulator = await registerParty(ledger, id('risk-regulator'), ['regulator'], 'US');
    await registerFacility(ledger, keys.mine, id('risk-pit'), 'mine', 'CD');
    await post(ledger, keys.mine, '/v1/lots', {
      lotId: id('RISK-1'),
      form: 'concentrate',
      grossMassKg: '100',
      composition: { cobalt: '10' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('risk-pit') },
    });
  });
  afterAll(() => ledger.destroy());

  it('an auditor certifies a facility it does not operate', async () => {
    const res = await post(ledger, keys.auditor, `/v1/facilities/${id('risk-pit')}/certifications`, {
      certificationId: id('CERT-1'),
      scheme: 'IRMA 75',
      issuer: 'IRMA',
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2028-01-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
  });

  it('an operator cannot raise a flag (403), an auditor can, on a lot it never held', async () => {
    const flag = { flagId: id('FLAG-1'), category: 'forced-labor', severity: 'high', description: 'allegation under review' };
    expect((await post(ledger, keys.mine, `/v1/lots/${id('RISK-1')}/flags`, flag)).status).toBe(403);
    expect((await post(ledger, keys.auditor, `/v1/lots/${id('RISK-1')}/flags`, flag)).status).toBe(201);
    const lot = await ledger.http.get(`/v1/lots/${id('RISK-1')}`).set('Authorization', `Bearer ${keys.auditor}`);
    expect(lot.body.openFlags).toEqual([expect.objectContaining({ flagId: id('FLAG-1'), category: 'forced-labor', severity: 'high' })]);
  });

  it('a flag id is used once per subject (409), and an unknown category is refused (400)', async () => {
    const flag = { flagId: id('FLAG-1'), category: 'forced-labor', severity: 'high', description: 'again' };
    expect((await post(ledger, keys.regulator, `/v1/lots/${id('RISK-1')}/flags`, flag)).status).toBe(409);
    expect((await post(ledger, keys.regulator, `/v1/lots/${id('RISK-1')}/flags`, { ...flag, flagId: id('FLAG-2'), category: 'gossip' })).status).toBe(400);
  });

  it('a regulator resolves the flag; a second resolution is a conflict', async () => {
    const resolution = { outcome: 'cleared', note: 'site audit found no evidence' };
    expect((await post(ledger, keys.regulator, `/v1/lots/${id('RISK-1')}/flags/${id('FLAG-1')}/resolution`, resolution)).status).toBe(201);
    expect((await post(ledger, keys.regulator, `/v1/lots/${id('RISK-1')}/flags/${id('FLAG-1')}/resolution`, resolution)).status).toBe(409);
    const lot = await ledger.http.get(`/v1/lots/${id('RISK-1')}`).set('Authorization', `Bearer ${keys.auditor}`);
    expect(lot.body.openFlags).toEqual([]);
  });

  it('a flag on an unknown facility → 404, and the log holds the flag and certification events', async () => {
    const res = await post(ledger, keys.auditor, `/v1/facilities/${id('nowhere')}/flags`, { flagId: id('F-X'), category: 'other', severity: 'low', description: 'x' });
    expect(res.status).toBe(404);
    const types = (await ledgerEvents(ledger, keys.regulator)).map((e) => e.type);
    expect(types.filter((t) => t === 'FlagRaised')).toHaveLength(1);
    expect(types.filter((t) => t === 'FlagResolved')).toHaveLength(1);
    expect(types.filter((t) => t === 'CertificationRecorded')).toHaveLength(1);
  });
});

describe('corrections through HTTP: declared, never rewritten', () => {
  let ledger: TestLedger;
  const keys: Record<string, string> = {};
  const id = ledgerIds();

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    keys.mine = await registerParty(ledger, id('corr-mine'), ['producer'], 'AU');
    keys.other = await registerParty(ledger, id('corr-other'), ['producer'], 'AU');
    keys.regulator = await registerParty(ledger, id('corr-regulator'), ['regulator'], 'US');
    await registerFacility(ledger, keys.mine, id('corr-pit'), 'mine', 'AU');
    await post(ledger, keys.mine, '/v1/lots', {
      lotId: id('CORR-1'),
      form: 'ore',
      grossMassKg: '100',
      composition: { nickel: '3' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('corr-pit') },
    });
  });
  afterAll(() => ledger.destroy());

  it('the author declares its event erroneous; the original stays; a second declaration is a conflict; a stranger gets 403', async () => {
    const [original] = (await ledgerEvents(ledger, keys.regulator)).filter((e) => e.streamId === `lot-${id('CORR-1')}`);
    const body = { eventId: original.eventId, reason: 'composition was assayed twice; the right grade follows' };
    expect((await post(ledger, keys.other, `/v1/lots/${id('CORR-1')}/corrections`, body)).status).toBe(403);
    expect((await post(ledger, keys.mine, `/v1/lots/${id('CORR-1')}/corrections`, body)).status).toBe(201);
    expect((await post(ledger, keys.mine, `/v1/lots/${id('CORR-1')}/corrections`, body)).status).toBe(409);
    expect((await post(ledger, keys.mine, `/v1/lots/${id('CORR-1')}/corrections`, { ...body, eventId: id('no-such-event') })).status).toBe(404);
    const history = await ledger.http.get(`/v1/lots/${id('CORR-1')}/events`).set('Authorization', `Bearer ${keys.mine}`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['LotExtracted', 'EventCorrected']);
    expect(history.body.events[1].data).toEqual({ correctedEventId: original.eventId, reason: body.reason });
  });
});

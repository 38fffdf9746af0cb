import { ledgerEvents, ledgerIds, post, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

describe('rule 7 through HTTP: concurrent commands on one lot', () => {
  let ledger: TestLedger;
  let mine: string;
  let regulator: string;
  const id = ledgerIds();

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
    mine = await registerParty(ledger, id('race-mine'), ['producer'], 'AU');
    regulator = await registerParty(ledger, id('race-regulator'), ['regulator'], 'US');
    for (let i = 0; i < 50; i++) await registerParty(ledger, id(`buyer-${i}`), ['trader'], 'JP');
    await registerFacility(ledger, mine, id('race-pit'), 'mine', 'AU');
    const created = await post(ledger, mine, '/v1/lots', {
      lotId: id('RACE-1'),
      form: 'ore',
      grossMassKg: '1000',
      composition: { nickel: '15' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('race-pit') },
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => ledger.destroy());

  it('fifty concurrent shipments of one lot to fifty parties: exactly one 201, the rest 409, one LotShipped', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(ledger, mine, `/v1/lots/${id('RACE-1')}/shipments`, {
          shipmentId: id(`SHP-RACE-${i}`),
          toPartyId: id(`buyer-${i}`),
          destinationCountry: 'JP',
          occurredAt: '2026-01-02T00:00:00Z',
        }).then((res) => res),
      ),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const res of answers.filter((r) => r.status === 409)) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const shipped = (await ledgerEvents(ledger, regulator)).filter((e) => e.type === 'LotShipped');
    expect(shipped).toHaveLength(1);
  });

  it('the same Idempotency-Key sent ten times at once stores one event and answers the same each time', async () => {
    await post(ledger, mine, '/v1/lots', {
      lotId: id('RACE-2'),
      form: 'ore',
      grossMassKg: '10',
      composition: { nickel: '1' },
      occurredAt: '2026-01-01T00:00:00Z',
      origin: { type: 'extraction', facilityId: id('race-pit') },
    });
    const body = { shipmentId: id('SHP-RACE-2'), toPartyId: id('buyer-1'), destinationCountry: 'JP', occurredAt: '2026-01-02T00:00:00Z' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(ledger, mine, `/v1/lots/${id('RACE-2')}/shipments`, body, id('same-key-race-2'))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const shipped = (await ledgerEvents(ledger, regulator)).filter((e) => e.type === 'LotShipped' && e.streamId === `lot-${id('RACE-2')}`);
    expect(shipped).toHaveLength(1);
  });
});

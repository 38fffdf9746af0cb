import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { ledgerIds } from './ledger-fixtures';

/* What an operator reads: one JSON line per request, with its id, and never a secret. */

const id = ledgerIds();

describe('the request log', () => {
  let ledger: TestLedger;
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id, env: { LEDGER_LOG_LEVEL: 'log' }, logDestination: { write: (line: string) => lines.push(line) } });
  });
  afterAll(() => ledger.destroy());

  it('writes one JSON line per request, keyed by the X-Request-Id the client sent, and answers it', async () => {
    const res = await ledger.http.get('/health').set('X-Request-Id', 'probe-7f3a');
    expect(res.headers['x-request-id']).toBe('probe-7f3a');
    const line = logged().filter((entry) => entry.requestId === 'probe-7f3a');
    expect(line).toEqual([
      expect.objectContaining({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), route: '/health', party: null, durationMs: expect.any(Number), req: { method: 'GET', url: '/health' }, res: { status: 200 } }),
    ]);
  });

  it('names the party, never a key; every request of the run has its line', async () => {
    const registered = await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: id('log-trader'), name: 'Log Trader', country: 'SG', roles: ['trader'] });
    const refused = await ledger.http.get('/v1/annex').set('Authorization', 'Bearer cml_not-a-real-key-at-all-000000');
    const read = await ledger.http.get('/v1/annex').set('Authorization', `Bearer ${registered.body.apiKey}`);
    const byId = (res: { headers: Record<string, string> }) => logged().filter((entry) => entry.requestId === res.headers['x-request-id']);
    expect(byId(registered)).toEqual([expect.objectContaining({ route: '/v1/parties', party: 'admin', res: { status: 201 } })]);
    expect(byId(refused)).toEqual([expect.objectContaining({ route: '/v1/annex', party: null, res: { status: 401 } })]);
    expect(byId(read)).toEqual([expect.objectContaining({ route: '/v1/annex', party: id('log-trader'), res: { status: 200 } })]);
    const all = lines.join('');
    expect(all).not.toContain(ADMIN_TOKEN);
    expect(all).not.toContain(registered.body.apiKey);
    expect(all).not.toMatch(/\u001b\[/);
  });
});

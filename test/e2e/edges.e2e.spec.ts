import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApp } from '../../src/app.factory';
import { ConfigError, loadConfig } from '../../src/config/ledger-config';
import { ledgerIds, registerFacility, registerParty } from './ledger-fixtures';
import { startTestLedger, type TestLedger } from './ledger-test-app';

/* The edges a hostile client and an operator found (issue 15): each answered clearly, at once. */

const id = ledgerIds();
const FAR = '9000000000000000000';

describe('the edges: small wrongs answered right', () => {
  let ledger: TestLedger;
  let mine: string;
  let regulator: string;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id, env: { LEDGER_BODY_LIMIT: '100kb', LEDGER_RATE_LIMIT: '6' } });
    mine = await registerParty(ledger, id('edge-mine'), ['producer'], 'AU');
    regulator = await registerParty(ledger, id('edge-regulator'), ['regulator'], 'US');
    const other = await registerParty(ledger, id('edge-other'), ['producer'], 'CL');
    await registerFacility(ledger, other, id('edge-other-pit'), 'mine', 'CL');
  });
  afterAll(() => ledger.destroy());

  const as = (key: string, path: string) => ledger.http.get(path).set('Authorization', `Bearer ${key}`);

  it('a position of 30 digits is a bad query (400), not a fault', async () => {
    const res = await as(regulator, `/v1/ledger/events?after=${'9'.repeat(30)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-query');
  });

  it('asOf past the end of the log is 422 at once, not a 503 that can never succeed', async () => {
    const res = await as(regulator, `/v1/lots/${id('NO-LOT')}/origins?asOf=${FAR}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('as-of-beyond-log');
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it("an operator tracing another's facility with minPosition is refused (403) before any wait", async () => {
    const res = await as(mine, `/v1/facilities/${id('edge-other-pit')}/downstream?minPosition=${FAR}`);
    expect(res.status).toBe(403);
  });

  it('the 413 names the configured body limit', async () => {
    const res = await ledger.http
      .post('/v1/parties')
      .set('Authorization', `Bearer ${mine}`)
      .send({ id: 'x', name: 'y'.repeat(150_000) });
    expect(res.status).toBe(413);
    expect(res.body.detail).toContain('100 KiB');
  });

  it('limits each API key on its own: 429 with Retry-After past LEDGER_RATE_LIMIT; probes are never limited', async () => {
    const flood = 'Bearer cml_flooding-key-000000000000';
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await ledger.http.get('/v1/annex').set('Authorization', flood));
    expect(answers.slice(0, 6).map((res) => res.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers[6].status).toBe(429);
    expect(answers[6].body.code).toBe('rate-limited');
    expect(Number(answers[6].headers['retry-after'])).toBeGreaterThan(0);
    expect((await as(regulator, '/v1/annex')).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await ledger.http.get('/health/live')).status).toBe(200);
  });

  it('does not say which platform serves it', async () => {
    const res = await ledger.http.get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('start-up refuses what could never work, and says why', () => {
  it('an admin token under 16 characters', () => {
    expect(() => loadConfig({ LEDGER_ADMIN_TOKEN: 'short-token' })).toThrow(/LEDGER_ADMIN_TOKEN must be 16-512/);
  });

  it('a data directory it cannot write, named', async () => {
    const dir = join(tmpdir(), `ledger-not-a-dir-${process.pid}`);
    writeFileSync(dir, 'a file in the way');
    const config = loadConfig({ LEDGER_DATA_DIR: join(dir, 'data'), LEDGER_ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' });
    const started = createLedgerApp(config);
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(join(dir, 'data'));
    rmSync(dir);
  });
});

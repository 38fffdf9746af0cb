import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { ledgerEvents, ledgerIds, registerFacility, registerParty } from './ledger-fixtures';

/* What gave way to a hostile client (issue 15, items 1-3 and 6): each refused at once, nothing stored. */

const id = ledgerIds();

describe('hostile clients', () => {
  let ledger: TestLedger;
  let port: number;
  let regulator: string;
  let auditor: string;
  let eventsBefore: number;

  beforeAll(async () => {
    ledger = await startTestLedger({
      ids: id,
      env: { LEDGER_REQUEST_TIMEOUT_MS: '1500', LEDGER_HEADERS_TIMEOUT_MS: '1000', LEDGER_IDLE_TIMEOUT_MS: '1000', LEDGER_MAX_CONNECTIONS: '40' },
    });
    port = (ledger.app.getHttpServer().address() as AddressInfo).port;
    regulator = await registerParty(ledger, id('hostile-regulator'), ['regulator'], 'US');
    auditor = await registerParty(ledger, id('hostile-auditor'), ['auditor'], 'GB');
    const mine = await registerParty(ledger, id('hostile-mine'), ['producer'], 'AU');
    await registerFacility(ledger, mine, id('hostile-pit'), 'mine', 'AU');
  });
  afterAll(() => ledger.destroy());
  beforeEach(async () => {
    eventsBefore = (await ledgerEvents(ledger, regulator)).length;
  });
  afterEach(async () => {
    expect(await ledgerEvents(ledger, regulator)).toHaveLength(eventsBefore);
  });

  /** Sends raw bytes; resolves with what came back and whether the server closed the connection within `waitMs`. */
  const raw = (text: string, waitMs: number) =>
    new Promise<{ answer: string; closed: boolean }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ answer, closed: false });
      }, waitMs);
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ answer, closed: true });
      });
      socket.on('error', () => undefined);
      if (text) socket.write(text);
    });

  const promised = (headers: string) => `POST /v1/lots HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n${headers}\r\n{"a":`;

  it('refuses a body sent without a bearer token before reading it (401, connection closed)', async () => {
    const { answer, closed } = await raw(promised(''), 1000);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain('"code":"unauthenticated"');
    expect(closed).toBe(true);
  });

  it('drops a body promised and never sent, and a connection on which nothing is sent', async () => {
    expect(await raw(promised(`Authorization: Bearer ${regulator}\r\n`), 5000)).toMatchObject({ closed: true });
    expect(await raw('', 5000)).toMatchObject({ closed: true, answer: '' });
  });

  it('caps open connections, and answers again once they are gone', async () => {
    // Within 400 ms (before the idle timeout): only the connections over the cap of 40 are closed.
    const idle = await Promise.all(Array.from({ length: 45 }, () => raw('', 400)));
    const closedAtOnce = idle.filter((connection) => connection.closed).length;
    expect(closedAtOnce).toBeGreaterThanOrEqual(5);
    expect(closedAtOnce).toBeLessThan(45);
    // Once the server has seen them go, it answers again.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await ledger.http.get('/health/live').then((res) => res.status, () => 0);
    }
    expect(status).toBe(200);
  });

  const post = (path: string, text: string, key = ADMIN_TOKEN) =>
    ledger.http.post(path).set('Authorization', `Bearer ${key}`).set('Content-Type', 'application/json').send(text);

  it('refuses a body of 60,000 unknown keys cheaply, before validation (400 body-too-complex)', async () => {
    const body = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const res = await post('/v1/parties', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('body-too-complex');
    expect(res.body.detail).toContain('2000 keys');
  });

  it('reads a watch-list amendment of 1,000 entries past the key limit (the import sends that many), and still refuses 60,000 keys there', async () => {
    const entries = Array.from({ length: 1_000 }, (_, i) => ({ name: `Entity ${i}`, aliases: [`E${i}`], countries: ['CN'], identifiers: { lei: '529900T8BM49AURSDO55' } }));
    const amendment = JSON.stringify({ amendmentId: 'a-1', effectiveFrom: '2025-01-15T00:00:00Z', reference: 'notice', add: entries, remove: [] });
    const res = await post('/v1/watchlists/no-such-list/amendments', amendment);
    expect(res.body.code).not.toBe('body-too-complex');
    const flood = await post('/v1/watchlists/no-such-list/amendments', `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`);
    expect([flood.status, flood.body.code]).toEqual([400, 'body-too-complex']);
  });

  it('refuses deep nesting with 400 on every POST route (no stack overflow, no 500)', async () => {
    const document = (await ledger.http.get('/docs/openapi.json')).body as OpenAPIObject;
    const posts = Object.entries(document.paths).filter(([, item]) => item.post).map(([path]) => path.replace(/\{\w+\}/g, 'X-1'));
    expect(posts.length).toBeGreaterThanOrEqual(14);
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const path of posts) {
      const res = await post(path, deep);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'body-too-complex']);
    }
  });

  it.each([
    ['an unpaired UTF-16 surrogate', '{"id":"SUR-1","name":"Acme \\ud800","country":"JP","roles":["trader"]}', 'name'],
    ['a __proto__ key', '{"id":"PRO-1","name":"Acme","country":"JP","roles":["trader"],"__proto__":{"admin":true}}', '__proto__'],
    ['a constructor key', '{"id":"PRO-2","name":"Acme","country":"JP","roles":["trader"],"constructor":{}}', 'constructor'],
    ['a key given twice', '{"id":"DUP-1","name":"Acme","name":"Other","country":"JP","roles":["trader"]}', 'name'],
    ['a NUL character', '{"id":"NUL-1","name":"Ac\\u0000me","country":"JP","roles":["trader"]}', 'name'],
    ['a name of spaces', '{"id":"BLANK-1","name":"   ","country":"JP","roles":["trader"]}', 'name'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const res = await post('/v1/parties', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('refuses a mineral name of 10,000 characters and a date in the year 9999, naming the field', async () => {
    const composition = await post(
      '/v1/annex/amendments',
      JSON.stringify({ effectiveFrom: '2027-01-01T00:00:00Z', add: ['x'.repeat(10_000)], remove: [], reference: 'Exchange of notes' }),
      regulator,
    );
    expect(composition.status).toBe(400);
    expect(JSON.stringify(composition.body.errors)).toContain('add');
    const certification = await post(
      `/v1/facilities/${id('hostile-pit')}/certifications`,
      JSON.stringify({ certificationId: id('CERT-9999'), scheme: 'IRMA', issuer: 'IRMA', validFrom: '2026-01-01T00:00:00Z', validTo: '9999-12-31T00:00:00Z' }),
      auditor,
    );
    expect(certification.status).toBe(400);
    expect(certification.body.errors).toEqual([expect.objectContaining({ field: 'validTo' })]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLedgerProcess } from './ledger-process';

const ADMIN = 'durability-admin-token-0123456789';

async function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, text: await res.text() };
}

describe('durability: a ledger stopped and started again holds every acknowledged event', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-durability-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged event across SIGKILL and across a clean stop', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_TOKEN: ADMIN };
    let ledger = await startLedgerProcess(env);
    const regulator = JSON.parse((await call(ledger.url, 'POST', '/v1/parties', ADMIN, { id: 'dur-reg', name: 'Reg', country: 'US', roles: ['regulator'] })).text).apiKey;
    const mine = JSON.parse((await call(ledger.url, 'POST', '/v1/parties', ADMIN, { id: 'dur-mine', name: 'Mine', country: 'AU', roles: ['producer'] })).text).apiKey;
    const facility = await call(ledger.url, 'POST', '/v1/facilities', mine, { id: 'dur-pit', name: 'Pit', kind: 'mine', country: 'AU' });
    expect(facility).toMatchObject({ status: 201 });
    const acknowledged: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await call(ledger.url, 'POST', '/v1/lots', mine, {
          lotId: `DUR-${i}`,
          form: 'ore',
          grossMassKg: '100',
          composition: { nickel: '2' },
          occurredAt: '2026-01-01T00:00:00Z',
          origin: { type: 'extraction', facilityId: 'dur-pit' },
        });
        if (res.status === 201) acknowledged.push(...JSON.parse(res.text).eventIds);
      }),
    );
    expect(acknowledged).toHaveLength(40);
    const before = (await call(ledger.url, 'GET', '/v1/ledger/events?limit=10000', regulator)).text;
    await ledger.kill();

    ledger = await startLedgerProcess(env);
    const afterKill = (await call(ledger.url, 'GET', '/v1/ledger/events?limit=10000', regulator)).text;
    expect(afterKill).toBe(before);
    const ids = new Set(afterKill.trim().split('\n').map((line) => JSON.parse(line).eventId));
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);
    // API keys survive too: the regulator's key still reads after the restart.
    await ledger.stop();

    ledger = await startLedgerProcess(env);
    expect((await call(ledger.url, 'GET', '/v1/ledger/events?limit=10000', regulator)).text).toBe(before);
    await ledger.stop();
  }, 180_000);
});

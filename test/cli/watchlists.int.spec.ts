import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerEvents, post } from '../e2e/ledger-fixtures';
import { startTestLedger, type TestLedger } from '../e2e/ledger-test-app';
import { screened, screeningExample, type ScreeningExample } from '../e2e/screening-fixtures';
import { runLedgerCli } from '../integrity-e2e/run-ledger-cli';

const BASES = ['event-time', 'current', '2025-01-01T00:00:00Z'];

/**
 * Acceptance 4 (the same answers after `ledger projections rebuild` and offline through
 * `ledger verify --lot`) and the CSV side of acceptances 2 and 5, with the real binary on a real
 * data directory. KurrentDB: the e2e suite's hand-computed answers run there too.
 */
describe('watch lists with the ledger binary', () => {
  let ledger: TestLedger;
  let example: ScreeningExample;
  const work = mkdtempSync(join(tmpdir(), 'ledger-watchlists-'));
  const served = new Map<string, unknown>();
  let url: string;

  const exposureOf = async (l: TestLedger, basis: string, minPosition: string) =>
    (await l.http.get(`/v1/lots/BLEND-1/exposure?list=uflpa&basis=${encodeURIComponent(basis)}&minPosition=${minPosition}`).set('Authorization', `Bearer ${example.keys.auditor}`)).body;

  beforeAll(async () => {
    ledger = await startTestLedger();
    example = await screeningExample(ledger);
    const at = await screened(ledger);
    for (const basis of BASES) served.set(basis, (await exposureOf(ledger, basis, at)).minerals);
    url = `http://127.0.0.1:${(ledger.app.getHttpServer().address() as AddressInfo).port}`;
    const created = await post(ledger, example.keys.regulator, '/v1/watchlists', { listId: 'sanctions', name: 'Sanctions list', authority: 'OFAC', category: 'sanctions', effectiveFrom: '2024-01-01T00:00:00Z' });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await ledger.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  const importCsv = (file: string, ...extra: string[]) =>
    runLedgerCli([
      'watchlist', 'import', file,
      '--list', 'sanctions', '--effective-from', '2025-03-01T00:00:00Z', '--reference', 'OFAC notice 2025-03',
      '--url', url, '--api-key', example.keys.regulator, ...extra,
    ]);

  it('imports a CSV as one amendment; run again, it stores nothing; screening flags the identifier match', async () => {
    const file = join(work, 'sanctions.csv');
    writeFileSync(
      file,
      'entryId,name,aliases,countries,lei,registrationNumber\n' +
        'SDN-1,"Xinjiang Nonferrous Metal Co., Ltd.",XJNF;Xinjiang Nonferrous,cn,529900t8bm49aursdo55,\n' +
        'SDN-2,Acme Smelting LLC,,US,,\n' +
        'SDN-3,,,,5493001KJTIIGC8Y1R12,\n',
    );
    const first = await importCsv(file);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^imported 3 entries into sanctions from 2025-03-01T00:00:00Z as csv-[0-9a-f]{16} \(position \d+\)/);
    const second = await importCsv(file);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to import');
    const at = await screened(ledger);
    const events = await ledgerEvents(ledger, example.keys.regulator);
    expect(events.filter((e) => e.type === 'WatchlistAmended' && e.data.listId === 'sanctions')).toHaveLength(1);
    const flags = (await ledger.http.get(`/v1/watchlists/sanctions/flags?minPosition=${at}`).set('Authorization', `Bearer ${example.keys.auditor}`)).body.items;
    expect(flags).toEqual([expect.objectContaining({ subject: { kind: 'party', partyId: 'xj' }, category: 'sanctions', automatic: true, source: expect.objectContaining({ entryId: 'SDN-1' }) })]);
  }, 120_000);

  it('a CSV with a malformed row is refused naming the line, and nothing is stored', async () => {
    const before = (await ledgerEvents(ledger, example.keys.regulator)).length;
    const badLei = join(work, 'bad-lei.csv');
    writeFileSync(badLei, 'entryId,name,lei\nSDN-10,Good Name,\nSDN-11,Bad Lei,12345\n');
    const refused = await importCsv(badLei);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad-lei\.csv, line 3: identifiers\.lei: an LEI is 20 capital letters/);
    const unquoted = join(work, 'broken.csv');
    writeFileSync(unquoted, 'entryId,name\nSDN-20,"never closed\n');
    const broken = await importCsv(unquoted);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.csv, line \d+:/);
    const unknownColumn = join(work, 'columns.csv');
    writeFileSync(unknownColumn, 'entryId,fullName\nSDN-30,X\n');
    expect((await importCsv(unknownColumn)).stderr).toMatch(/line 1: unknown column "fullName"/);
    const nameless = join(work, 'nameless.csv');
    writeFileSync(nameless, 'entryId,name,countries\nSDN-40,,CN\n');
    expect((await importCsv(nameless)).stderr).toMatch(/line 2: .*neither a name nor an identifier/);
    expect((await ledgerEvents(ledger, example.keys.regulator)).length).toBe(before);
  }, 120_000);

  it('ledger verify --lot answers the exposure offline as the service does, on every basis', async () => {
    const out = join(work, 'history.ndjson');
    const exported = await runLedgerCli(['export', '--out', out], { LEDGER_DATA_DIR: ledger.dataDir, LEDGER_STORE: 'sqlite' });
    expect(exported.code).toBe(0);
    writeFileSync(join(work, 'key.pem'), (await ledger.http.get('/v1/ledger/public-key').set('Authorization', `Bearer ${example.keys.auditor}`)).text);
    for (const basis of BASES) {
      const verified = await runLedgerCli(['verify', out, '--public-key', join(work, 'key.pem'), '--lot', 'BLEND-1', '--list', 'uflpa', '--basis', basis, '--json']);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout).exposure['BLEND-1'].uflpa.minerals).toEqual(served.get(basis));
    }
    const text = await runLedgerCli(['verify', out, '--public-key', join(work, 'key.pem'), '--lot', 'BLEND-1']);
    expect(text.stdout).toContain('exposure of lot BLEND-1 to uflpa (event-time');
    expect(text.stdout).toContain('nickel 777.777 kg: exposed 311.111 kg, 40.00%');
  }, 120_000);

  it('ledger projections rebuild gives the same exposure answers; screening from scratch after a restart writes nothing twice', async () => {
    const logged = await ledgerEvents(ledger, example.keys.regulator);
    await ledger.close();
    const rebuilt = await runLedgerCli(['--data-dir', ledger.dataDir, 'projections', 'rebuild'], { LEDGER_STORE: 'sqlite' });
    expect(rebuilt.code).toBe(0);
    // As if it crashed before it ever saved a checkpoint: the reactor follows the whole log again.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(ledger.dataDir, `screening.sqlite${suffix}`), { force: true });
    const again = await startTestLedger({ dataDir: ledger.dataDir });
    try {
      const at = await screened(again);
      for (const basis of BASES) expect((await exposureOf(again, basis, at)).minerals).toEqual(served.get(basis));
      expect(await ledgerEvents(again, example.keys.regulator)).toEqual(logged);
    } finally {
      await again.close();
    }
  }, 120_000);
});

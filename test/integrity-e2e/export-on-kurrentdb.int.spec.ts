import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post, workedExampleInputs, workedExampleTransformation } from '../e2e/ledger-fixtures';
import { startTestLedger, type TestLedger } from '../e2e/ledger-test-app';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';
import { runLedgerCli } from './run-ledger-cli';

jest.setTimeout(120_000);

/** The Merkle log is a projection of the port, so export and verify work the same on KurrentDB. */
describe('ledger export and verify with the KurrentDB store (wire-level stand-in)', () => {
  let standIn: KurrentDbStandIn;
  let ledger: TestLedger;
  let work: string;

  beforeAll(async () => {
    standIn = await KurrentDbStandIn.start();
    work = mkdtempSync(join(tmpdir(), 'ledger-kdb-export-'));
  });
  afterAll(async () => {
    await ledger?.destroy();
    await standIn.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports the log from KurrentDB with the service stopped, and the export verifies with the served key', async () => {
    const env = { LEDGER_STORE: 'kurrentdb', KURRENTDB_URL: `${standIn.connectionString}&discoveryInterval=10` };
    ledger = await startTestLedger({ env });
    const { keys } = await workedExampleInputs(ledger);
    const written = await post(ledger, keys.jpRefinery, '/v1/transformations', workedExampleTransformation());
    expect(written.status).toBe(201);
    const served = await ledger.http.get('/v1/ledger/public-key').set('Authorization', `Bearer ${keys.regulator}`);
    const held = await ledger.http
      .get(`/v1/ledger/checkpoint?minPosition=${written.body.position}`)
      .set('Authorization', `Bearer ${keys.regulator}`);
    writeFileSync(join(work, 'key.pem'), served.text);
    writeFileSync(join(work, 'held.txt'), held.text);
    await ledger.close();

    const out = join(work, 'history.ndjson');
    const exported = await runLedgerCli(['export', '--out', out], { ...env, LEDGER_DATA_DIR: ledger.dataDir });
    expect(exported.stderr).toContain('exported');
    expect(exported.code).toBe(0);
    const verified = await runLedgerCli(['verify', out, '--public-key', join(work, 'key.pem'), '--held', join(work, 'held.txt'), '--lot', 'JP-LIOH-1', '--json']);
    expect(verified.code).toBe(0);
    const result = JSON.parse(verified.stdout);
    expect(result.treeSize).toBe(readFileSync(out, 'utf8').trimEnd().split('\n').length - 1);
    expect(result.held).toEqual([expect.objectContaining({ consistent: true })]);
    expect(result.lots['JP-LIOH-1'].minerals.lithium.massKg).toBe('26000.000');
  });
});

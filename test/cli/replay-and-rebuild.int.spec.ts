import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { COMPILED_CLI } from '../compiled-ledger';
import { post, workedExampleInputs, workedExampleTransformation, type WorkedExample } from '../e2e/ledger-fixtures';
import { startTestLedger, type TestLedger } from '../e2e/ledger-test-app';

const ROOT = join(__dirname, '..', '..');

function ledgerCli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [COMPILED_CLI, '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LEDGER_STORE: 'sqlite' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ledger replay and ledger projections rebuild (the real binary, on a real data directory)', () => {
  let ledger: TestLedger;
  let example: WorkedExample;
  let before: string;
  let after: string;
  let serviceOrigins: unknown;

  beforeAll(async () => {
    ledger = await startTestLedger();
    example = await workedExampleInputs(ledger);
    before = (await ledger.http.get('/health')).body.position;
    const res = await post(ledger, example.keys.jpRefinery, '/v1/transformations', workedExampleTransformation());
    after = res.body.position;
    serviceOrigins = (await ledger.http.get(`/v1/lots/JP-LIOH-1/origins?minPosition=${after}`).set('Authorization', `Bearer ${example.keys.auditor}`)).body;
    await ledger.close();
  }, 60_000);
  afterAll(() => ledger.destroy());

  it('replay --to the transformation answers the same origins as the service did', () => {
    const run = ledgerCli(ledger.dataDir, 'replay', '--to', after, '--lot', 'JP-LIOH-1');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    expect(json).toEqual(serviceOrigins);
  }, 120_000);

  it('replay --to a position before the transformation: the lot did not exist yet (exit 1, named)', () => {
    const run = ledgerCli(ledger.dataDir, 'replay', '--to', before, '--lot', 'JP-LIOH-1');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('JP-LIOH-1');
  }, 120_000);

  it('replay --to a time in the future includes everything; a malformed --to is refused (exit 2)', () => {
    const run = ledgerCli(ledger.dataDir, 'replay', '--to', '2999-01-01T00:00:00Z');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`up to position ${after}`);
    expect(ledgerCli(ledger.dataDir, 'replay', '--to', 'last tuesday').status).toBe(2);
  }, 120_000);

  it('projections rebuild folds every event again and says how many', () => {
    const run = ledgerCli(ledger.dataDir, 'projections', 'rebuild');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`rebuilt the provenance read models: ${after} events .* position ${after}`));
  }, 120_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLedgerProgram } from '../../src/cli/ledger-program';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { runLedgerCli } from '../integrity-e2e/run-ledger-cli';

/* The `ledger` binary as an operator meets it: exit 2 for usage, 1 only for a failed check. */
describe('ledger: usage, version, help and file errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-usage-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version', async () => {
    const run = await runLedgerCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${require('../../package.json').version}\n` });
  });

  it('exits 2 on a usage error (an unknown option, a missing argument), never 1', async () => {
    const unknown = await runLedgerCli(['export', '--out', 'x.ndjson', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect((await runLedgerCli(['verify'])).code).toBe(2);
    expect((await runLedgerCli(['no-such-command'])).code).toBe(2);
  });

  it('names the file the user gave when it cannot be read or written', async () => {
    const verify = await runLedgerCli(['verify', 'no-such-export.ndjson', '--public-key', 'no-such-key.pem']);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('no-such-key.pem');
    await openSqliteEventStore(join(dir, 'data')).close();
    const out = join(dir, 'missing-folder', 'export.ndjson');
    const exported = await runLedgerCli(['export', '--out', out], { LEDGER_DATA_DIR: join(dir, 'data'), LEDGER_ADMIN_TOKEN: '' });
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain(`cannot write ${out}`);
  });

  it('lists every command in its help, each with an example', async () => {
    const help = await runLedgerCli(['--help']);
    expect(help.code).toBe(0);
    const names = buildLedgerProgram().commands.map((command) => command.name());
    for (const name of names) expect([name, help.stdout]).toEqual([name, expect.stringMatching(new RegExp(`^\\s+\\$ ledger ${name} `, 'm'))]);
  });
});

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { exportFixture } from '../ledger-fixture/fixture-files';
import { ensureLedgerFixture } from '../ledger-fixture/ledger-fixtures';

const REPO_ROOT = join(__dirname, '..', '..');

/** Runs the real `ledger` binary from the checkout, compiled, as a user would. */
function ledger(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * W7's prepare phase: copies the ledger fixture into a data directory and runs `ledger export` and
 * `ledger public-key` on it (the compiled binary, as a user would). The measured phase runs the
 * verify command compiled (`compiled-workloads.ts`).
 */
export async function prepareExport(job: BenchJob): Promise<BenchRow[]> {
  const fixture = exportFixture(job.fixturesDir, job.size);
  if (existsSync(fixture.file)) return [];
  const ledgerFile = await ensureLedgerFixture(job.fixturesDir, job.size);
  const dataDir = join(job.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(ledgerFile, join(dataDir, 'ledger.sqlite'));
  ledger(['--data-dir', dataDir, 'export', '--out', fixture.file], { LEDGER_DATA_DIR: dataDir });
  writeFileSync(fixture.publicKey, ledger(['--data-dir', dataDir, 'public-key'], { LEDGER_DATA_DIR: dataDir }));
  return [];
}

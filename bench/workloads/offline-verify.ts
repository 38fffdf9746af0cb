import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { compiled } from '../compiled';
import { ensureLedgerFixture } from '../ledger-fixture/ledger-fixtures';

const REPO_ROOT = join(__dirname, '..', '..');

function exportFixture(fixturesDir: string, events: number): { file: string; publicKey: string } {
  return { file: join(fixturesDir, `export-${events}.ndjson`), publicKey: join(fixturesDir, `export-${events}.pem`) };
}

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
 * W7: `ledger verify` of an export of the synthetic ledger, offline. The prepare phase copies the
 * ledger fixture into a data directory and runs `ledger export` and `ledger public-key` on it; the
 * measured phase runs the compiled verify command in this process (so the peak RSS is the verifier's):
 * every leaf and the root recomputed, the checkpoint signature checked, the projections replayed.
 */
export async function offlineVerify(job: BenchJob): Promise<BenchRow[]> {
  const fixture = exportFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') {
    if (existsSync(fixture.file)) return [];
    const ledgerFile = await ensureLedgerFixture(job.fixturesDir, job.size);
    const dataDir = join(job.dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    copyFileSync(ledgerFile, join(dataDir, 'ledger.sqlite'));
    ledger(['--data-dir', dataDir, 'export', '--out', fixture.file], { LEDGER_DATA_DIR: dataDir });
    writeFileSync(fixture.publicKey, ledger(['--data-dir', dataDir, 'public-key'], { LEDGER_DATA_DIR: dataDir }));
    return [];
  }
  // The CLI as the `ledger` binary runs it: compiled, its verifier thread too.
  const { buildLedgerProgram } = compiled<typeof import('../../src/cli/ledger-program')>('src/cli/ledger-program');
  const output: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The command prints its JSON result on stdout; keep it off the row channel.
  process.stdout.write = ((chunk: string | Uint8Array) => (output.push(chunk.toString()), true)) as typeof process.stdout.write;
  const started = performance.now();
  try {
    await buildLedgerProgram().parseAsync(['node', 'ledger', 'verify', fixture.file, '--public-key', fixture.publicKey, '--json']);
  } finally {
    process.stdout.write = write;
  }
  const elapsedMs = performance.now() - started;
  const result = JSON.parse(output.join('').trim().split('\n').pop()!) as { ok: boolean; treeSize: number };
  if (!result.ok) throw new Error(`ledger verify did not verify the export: ${output.join('')}`);
  return [
    {
      workload: 'W7',
      subject: 'ledger',
      eventsPerSec: Math.round(result.treeSize / (elapsedMs / 1000)),
      p50Ms: null,
      p99Ms: null,
      peakRssMb: null,
      events: result.treeSize,
      note: `ledger verify --json of a ${Math.round(statSync(fixture.file).size / 2 ** 20)} MiB export: leaves, root, signature, projection replay`,
    },
  ];
}

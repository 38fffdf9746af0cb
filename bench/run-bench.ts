import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROWS_MARKER, type BenchJob } from './bench-job';
import { type BenchRow, type SubjectName, skippedRow } from './bench-row';
import { renderTable, workloadLegend } from './bench-table';
import { benchPlan, type PlannedJob } from './bench-plan';
import { ensurePeersInstalled, needsPeers } from './bench-peers';
import { ThrowawayPostgres } from './throwaway-postgres';
import { runSoak, soakOptions } from './soak/soak';

const REPO_ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');

interface Options {
  quick: boolean;
  workloads: Set<string> | null;
  subjects: Set<string> | null;
}

function parseOptions(argv: string[]): Options {
  const listOf = (flag: string) => {
    const arg = argv.find((a) => a.startsWith(`${flag}=`));
    return arg ? new Set(arg.slice(flag.length + 1).split(',').map((s) => s.trim())) : null;
  };
  return { quick: argv.includes('--quick'), workloads: listOf('--only'), subjects: listOf('--subjects') };
}

/**
 * `npm run bench [-- --quick] [--only=W1,W2] [--subjects=ledger,raw-sqlite-1]`: runs every planned
 * job in its own child process, prints the table and writes `bench/results/latest.json`.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--soak')) {
    // The soak is a run of its own: one service for minutes, not a table of workloads.
    process.exitCode = (await runSoak(soakOptions(process.argv.slice(2)))) ? 0 : 1;
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const plan = benchPlan(options.quick).filter(
    (job) =>
      (!options.workloads || options.workloads.has(job.workload.split(' ')[0])) &&
      (!options.subjects || options.subjects.has(job.subject)),
  );
  if (needsPeers(plan)) ensurePeersInstalled();
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const fixturesDir = join(scratch, 'fixtures');
  mkdirSync(fixturesDir);
  const rows: BenchRow[] = [];
  let postgres: ThrowawayPostgres | null = null;
  let postgresProblem: string | null = null;
  const stopPostgres = () => {
    postgres?.stop();
    postgres = null;
  };
  process.once('SIGINT', () => {
    stopPostgres();
    rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });

  try {
    for (const [index, planned] of plan.entries()) {
      if (planned.skip) {
        rows.push(skippedRow(planned.workload, planned.subject, planned.skip));
        report(rows[rows.length - 1]);
        continue;
      }
      const dir = join(scratch, `job-${index}`);
      mkdirSync(dir);
      const job: BenchJob = { ...planned, dir, fixturesDir, phase: 'measure' };
      if (planned.subject === 'emmett-postgresql') {
        if (!postgres && !postgresProblem) {
          postgresProblem = ThrowawayPostgres.available();
          if (!postgresProblem) postgres = ThrowawayPostgres.start();
        }
        if (!postgres) {
          rows.push(skippedRow(planned.workload, planned.subject, postgresProblem ?? 'no PostgreSQL'));
          report(rows[rows.length - 1]);
          continue;
        }
        job.postgresUrl = postgres.createDatabase();
      }
      const load = Math.round(loadavg()[0] * 10) / 10;
      const jobStarted = Date.now();
      const prepared = planned.prepare ? await runInChild({ ...job, phase: 'prepare' }, planned) : [];
      const measured = prepared.length > 0 ? prepared : await runInChild(job, planned);
      for (const row of measured) {
        row.loadAvg1m = load;
        report(row);
        keepFastest(rows, row, planned.rounds ?? 1);
      }
      process.stdout.write(`${' '.repeat(11)}(job took ${Math.round((Date.now() - jobStarted) / 1000)} s)\n`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    stopPostgres();
    rmSync(scratch, { recursive: true, force: true });
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const command = `npm run bench${options.quick ? ' -- --quick' : ''}`;
  const machine = `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node.js ${process.version}, ${process.platform}`;
  const table = renderTable(rows);
  const markdown = [
    `Command: \`${command}\` — ${new Date().toISOString()}, ${seconds} s`,
    `Machine: ${machine}`,
    '',
    workloadLegend(rows.map((r) => r.workload)),
    '',
    table,
    '',
  ].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  process.stdout.write(`\n${markdown}\nWrote bench/results/latest.json and latest.md\n`);
}

/**
 * The machine is shared, so write jobs run in interleaved rounds (every subject once, then again)
 * and each subject keeps its fastest round: an interrupted run only ever makes a subject look
 * slower than it is, and interleaving gives every subject the same chances.
 */
function keepFastest(rows: BenchRow[], row: BenchRow, rounds: number): void {
  const index = rows.findIndex((r) => r.workload === row.workload && r.subject === row.subject);
  if (rounds > 1) row.note = [row.note, `best of ${rounds} interleaved runs`].filter(Boolean).join('; ');
  if (index < 0) rows.push(row);
  else if ((row.eventsPerSec ?? -1) > (rows[index].eventsPerSec ?? -1)) rows[index] = row;
}

function report(row: BenchRow): void {
  const latency = row.p99Ms === null ? '' : `, p99 ${row.p99Ms.toFixed(1)} ms`;
  const figure =
    row.eventsPerSec !== null
      ? `${row.eventsPerSec.toLocaleString('en-US')} events/s${latency}`
      : row.p99Ms !== null
        ? `p50 ${row.p50Ms?.toFixed(2)} ms${latency}`
        : row.note;
  process.stdout.write(`${row.workload.padEnd(10)} ${row.subject.padEnd(18)} ${figure}\n`);
}

/** Runs one job phase in a child; resolves its rows, or one failure row (so a prepare failure stops the job). */
function runInChild(job: BenchJob, planned: PlannedJob): Promise<BenchRow[]> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=2048', '-r', 'ts-node/register/transpile-only', join(__dirname, 'subject-process.ts'), JSON.stringify(job)],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), planned.killAfterSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith(ROWS_MARKER));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(ROWS_MARKER.length)) as BenchRow[]);
        return;
      }
      const reason = code === null ? `killed after ${planned.killAfterSeconds} s` : lastLine(stderr) || `exit ${code}`;
      resolve([failedRow(job.workload, job.subject, `${job.phase === 'prepare' ? 'preparing: ' : ''}${reason}`)]);
    });
  });
}

function failedRow(workload: string, subject: SubjectName, reason: string): BenchRow {
  return { ...skippedRow(workload, subject, ''), note: `failed: ${reason}` };
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  return (lines.find((l) => /Error/.test(l)) ?? lines[lines.length - 1] ?? '').slice(0, 200);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ROWS_MARKER, type BenchJob } from './bench-job';
import { type BenchRow, type SubjectName, skippedRow, SUBJECTS, WORKLOADS } from './bench-row';
import { noteShares, renderTable, workloadLegend } from './bench-table';
import { benchPlan, type PlannedJob } from './bench-plan';
import { ensurePeersInstalled, needsPeers } from './bench-peers';
import { buildCompiledBench, COMPILED_PROCESS, runsCompiled } from './compiled';
import { ThrowawayPostgres } from './throwaway-postgres';

const REPO_ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');

interface Options {
  quick: boolean;
  workloads: Set<string> | null;
  subjects: Set<string> | null;
  /** Keep generated ledgers and exports here between runs instead of in the run's scratch folder. */
  fixtures: string | null;
}

const USAGE = `npm run bench [-- options]

  --quick             smaller sizes and shorter caps (under 2 minutes)
  --only=W2,W5        only these workloads, of ${WORKLOADS.join(', ')} (W5 includes "W5 read-only")
  --subjects=a,b      only these subjects, of ${SUBJECTS.join(', ')}
  --fixtures=<dir>    keep the generated ledgers and exports in <dir> between runs
  --help              print this and exit

Method, workloads and the latest figures: bench/README.md
`;

const FLAGS = ['--quick', '--only', '--subjects', '--fixtures', '--help'];

function parseOptions(argv: string[]): Options {
  // An unknown flag would otherwise start a full run of a quarter of an hour.
  const unknown = argv.filter((a) => !FLAGS.includes(a.split('=')[0]));
  if (argv.includes('--help') || unknown.length > 0) {
    if (unknown.length > 0) process.stderr.write(`unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n\n`);
    (unknown.length > 0 ? process.stderr : process.stdout).write(USAGE);
    process.exit(unknown.length > 0 ? 2 : 0);
  }
  const listOf = (flag: string) => {
    const arg = argv.find((a) => a.startsWith(`${flag}=`));
    return arg ? new Set(arg.slice(flag.length + 1).split(',').map((s) => s.trim())) : null;
  };
  const fixtures = argv.find((a) => a.startsWith('--fixtures='));
  return {
    quick: argv.includes('--quick'),
    workloads: listOf('--only'),
    subjects: listOf('--subjects'),
    fixtures: fixtures ? resolve(fixtures.slice('--fixtures='.length)) : null,
  };
}

/**
 * `npm run bench [-- --quick] [--only=W1,W2] [--subjects=ledger,raw-sqlite-1] [--fixtures=dir]`: runs every planned
 * job in its own child process, prints the table and writes `bench/results/latest.json`.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const plan = benchPlan(options.quick).filter(
    (job) =>
      (!options.workloads || options.workloads.has(job.workload.split(' ')[0])) &&
      (!options.subjects || options.subjects.has(job.subject)),
  );
  if (needsPeers(plan)) ensurePeersInstalled();
  // W5 and W7 measure the service's code compiled (the peers' W5 rows fold with it too).
  if (plan.some((job) => !job.skip && ['W5', 'W7'].includes(job.workload.split(' ')[0]))) buildCompiledBench();
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const fixturesDir = options.fixtures ?? join(scratch, 'fixtures');
  mkdirSync(fixturesDir, { recursive: true });
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

  noteShares(rows);
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
    const entry = runsCompiled(job)
      ? [COMPILED_PROCESS]
      : ['-r', 'ts-node/register/transpile-only', join(__dirname, 'subject-process.ts')];
    const child = spawn(process.execPath, ['--max-old-space-size=2048', ...entry, JSON.stringify(job)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
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

import { copyFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { exportFixture, ledgerFixture, readModelFixture } from '../ledger-fixture/fixture-files';
import { buildLedgerProgram } from '../../src/cli/ledger-program';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { provenanceProjections } from '../../projections/provenance-projections';

/**
 * The measured phases of W5 and W7: the service's own code as `ledger projections rebuild` and
 * `ledger verify` run it, compiled, in a process of plain Node.js (`compiled-process.ts`), so the
 * peak RSS is the service's and not the bench's TypeScript loader's. Their prepare phases build
 * the fixtures from sources as the other workloads do. This file is transpiled on its own, so it
 * imports only the service's modules and the bench files listed in `compiled.ts`.
 */

/** Events per page of a rebuild, and of the read-only pass that is its yardstick. */
export const REBUILD_PAGE = 500;

/**
 * W5 for the ledger: `ProjectionRunner.rebuild()` from zero over the synthetic ledger, exactly what
 * `ledger projections rebuild` runs. Latency is that of one committed page. The rebuilt read
 * models are kept as the W6 fixture of the same size.
 */
export async function ledgerRebuild(job: BenchJob): Promise<BenchRow[]> {
  const store = SqliteEventStore.open({ file: ledgerFixture(job.fixturesDir, job.size) });
  const file = join(job.dir, 'read-models.sqlite');
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const runner = new ProjectionRunner(store, readModel, { batchSize: REBUILD_PAGE });
  const pages = new LatencyRecorder();
  let last = performance.now();
  const summary = await runner.rebuild(() => {
    const now = performance.now();
    pages.record(now - last);
    last = now;
  });
  readModel.close();
  await store.close();
  keepAsFixture(file, readModelFixture(job.fixturesDir, job.size));
  return [
    {
      workload: 'W5',
      subject: 'ledger',
      eventsPerSec: Math.round(summary.applied / (summary.durationMs / 1000)),
      p50Ms: pages.percentile(50),
      p99Ms: pages.percentile(99),
      peakRssMb: null,
      events: summary.applied,
      note: `ProjectionRunner.rebuild, compiled, 4 provenance projections into SQLite; latency = one committed page of ${REBUILD_PAGE}`,
    },
  ];
}

/**
 * W5 read-only: the same log read and decoded (every payload parsed) page by page through the
 * store port's `readAll`, with nothing folded: the ceiling a rebuild is measured against, so the
 * projections' cost shows as the ratio of the two rows of one run.
 */
export async function ledgerReadOnly(job: BenchJob): Promise<BenchRow[]> {
  const store = SqliteEventStore.open({ file: ledgerFixture(job.fixturesDir, job.size) });
  const pages = new LatencyRecorder();
  let events = 0;
  let after: bigint | null = null;
  const started = performance.now();
  for (;;) {
    const begun = performance.now();
    const page = await store.readAll({ after, limit: REBUILD_PAGE });
    if (page.length === 0) break;
    pages.record(performance.now() - begun);
    events += page.length;
    after = page[page.length - 1].position;
  }
  const elapsedMs = performance.now() - started;
  await store.close();
  return [
    {
      workload: 'W5 read-only',
      subject: 'ledger',
      eventsPerSec: Math.round(events / (elapsedMs / 1000)),
      p50Ms: pages.percentile(50),
      p99Ms: pages.percentile(99),
      peakRssMb: null,
      events,
      note: `the same log through EventStore.readAll, compiled, pages of ${REBUILD_PAGE}, every payload parsed, nothing folded`,
    },
  ];
}

/**
 * W7: `ledger verify --json` of the export the prepare phase wrote, run in this process (so the
 * peak RSS is the verifier's): every leaf and the root recomputed, the checkpoint signature
 * checked, the projections replayed.
 */
export async function offlineVerify(job: BenchJob): Promise<BenchRow[]> {
  const fixture = exportFixture(job.fixturesDir, job.size);
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
      note: `ledger verify --json, compiled, of a ${Math.round(statSync(fixture.file).size / 2 ** 20)} MiB export: leaves, root, signature, projection replay`,
    },
  ];
}

function keepAsFixture(file: string, fixture: string): void {
  rmSync(fixture, { force: true });
  try {
    renameSync(file, fixture);
  } catch {
    copyFileSync(file, fixture);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

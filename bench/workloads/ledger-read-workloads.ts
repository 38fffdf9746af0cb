import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { compiled } from '../compiled';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { ProvenanceQueries } from '../../src/provenance/provenance-queries';
import { provenanceProjections } from '../../projections/provenance-projections';
import { ensureLedgerFixture, ensureReadModelFixture, readModelFixture } from '../ledger-fixture/ledger-fixtures';
import { TARGET_LOT } from '../ledger-fixture/synthetic-ledger';

/** Events per page of a rebuild, and of the read-only pass that is its yardstick. */
const REBUILD_PAGE = 500;

/**
 * W5 for the ledger: `ProjectionRunner.rebuild()` from zero over the synthetic ledger, exactly what
 * `ledger projections rebuild` runs. Latency is that of one page (read, fold, commit). The rebuilt
 * read models are kept as the W6 fixture of the same size.
 */
export async function ledgerRebuild(job: BenchJob): Promise<BenchRow[]> {
  const ledger = await ensureLedgerFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  // The service's code as `ledger projections rebuild` runs it: compiled, its rebuild thread too.
  const service = {
    ...compiled<typeof import('../../src/event-store/sqlite/sqlite-event-store')>('src/event-store/sqlite/sqlite-event-store'),
    ...compiled<typeof import('../../src/projection-runner/sqlite-read-model')>('src/projection-runner/sqlite-read-model'),
    ...compiled<typeof import('../../src/projection-runner/projection-runner')>('src/projection-runner/projection-runner'),
    ...compiled<typeof import('../../projections/provenance-projections')>('projections/provenance-projections'),
  };
  const store = service.SqliteEventStore.open({ file: ledger });
  const file = join(job.dir, 'read-models.sqlite');
  const readModel = new service.SqliteReadModel(file, service.provenanceProjections);
  const runner = new service.ProjectionRunner(store, readModel, { batchSize: REBUILD_PAGE });
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
      note: `ProjectionRunner.rebuild (compiled), 4 provenance projections into SQLite; latency = one committed page of ${REBUILD_PAGE}`,
    },
  ];
}

/**
 * W5 read-only: the same log read and decoded (every payload parsed) page by page through the
 * store port's `readAll`, with nothing folded: the ceiling a rebuild is measured against, so the
 * projections' cost shows as the ratio of the two rows of one run.
 */
export async function ledgerReadOnly(job: BenchJob): Promise<BenchRow[]> {
  const ledger = await ensureLedgerFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const store = SqliteEventStore.open({ file: ledger });
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
      note: `the same log through EventStore.readAll, pages of ${REBUILD_PAGE}, every payload parsed, nothing folded`,
    },
  ];
}

/**
 * W6: `origins` and `provenance` of the lot 8 transformations deep with fan-in 20, asked again
 * and again of read models built over a ledger of `size` events. Rows are per query and size.
 */
export async function ledgerProvenanceLatency(job: BenchJob): Promise<BenchRow[]> {
  const file = await ensureReadModelFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const queries = new ProvenanceQueries(readModel);
  const rows: BenchRow[] = [];
  const deadline = performance.now() + job.maxSeconds * 1000;
  for (const [name, ask] of [
    ['origins', () => queries.origins(TARGET_LOT)],
    ['provenance', () => queries.provenance(TARGET_LOT)],
  ] as const) {
    const latency = new LatencyRecorder();
    const lotsSeen = name === 'provenance' ? (queries.provenance(TARGET_LOT).nodes?.length ?? 0) : 0;
    ask(); // warm the statement cache and the page cache once, as a running service would be
    const until = Math.min(deadline, performance.now() + (job.maxSeconds * 1000) / 2);
    while (performance.now() < until && latency.count < 2000) {
      const started = performance.now();
      ask();
      latency.record(performance.now() - started);
    }
    rows.push({
      workload: `W6 ${name} @${compact(job.size)}`,
      subject: 'ledger',
      eventsPerSec: null,
      p50Ms: latency.percentile(50),
      p99Ms: latency.percentile(99),
      peakRssMb: null,
      events: job.size,
      note: `${latency.count} queries of ${TARGET_LOT}${lotsSeen ? `, ${lotsSeen} nodes in the answer` : ''}; in-process, no HTTP`,
    });
  }
  readModel.close();
  return rows;
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

export function compact(events: number): string {
  return events >= 1_000_000 ? `${events / 1_000_000}M` : events >= 1000 ? `${events / 1000}k` : String(events);
}

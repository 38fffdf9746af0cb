import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { ExposureQueries } from '../../src/provenance/exposure-queries';
import { ProvenanceQueries } from '../../src/provenance/provenance-queries';
import { provenanceProjections } from '../../projections/provenance-projections';
import { ensureLedgerFixture, ensureReadModelFixture } from '../ledger-fixture/ledger-fixtures';
import { BENCH_WATCHLIST, TARGET_LOT } from '../ledger-fixture/synthetic-ledger';

/** W5 and W5 read-only: the synthetic ledger their compiled measured phase reads (`compiled-workloads.ts`). */
export async function prepareLedger(job: BenchJob): Promise<BenchRow[]> {
  await ensureLedgerFixture(job.fixturesDir, job.size);
  return [];
}

/**
 * W6: `origins`, `provenance` and `exposure` (to the list that named one of its mines, event-time
 * basis) of the lot 8 transformations deep with fan-in 20, asked again and again of read models
 * built over a ledger of `size` events. Rows are per query and size.
 */
export async function ledgerProvenanceLatency(job: BenchJob): Promise<BenchRow[]> {
  const file = await ensureReadModelFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const queries = new ProvenanceQueries(readModel);
  const exposure = new ExposureQueries(readModel, queries);
  const now = new Date().toISOString();
  const rows: BenchRow[] = [];
  const deadline = performance.now() + job.maxSeconds * 1000;
  for (const [name, ask] of [
    ['origins', () => queries.origins(TARGET_LOT)],
    ['provenance', () => queries.provenance(TARGET_LOT)],
    ['exposure', () => exposure.lotExposure(TARGET_LOT, BENCH_WATCHLIST, { now })],
  ] as const) {
    const latency = new LatencyRecorder();
    const lotsSeen = name === 'provenance' ? (queries.provenance(TARGET_LOT).nodes?.length ?? 0) : 0;
    const exposed = name === 'exposure' ? exposure.lotExposure(TARGET_LOT, BENCH_WATCHLIST, { now }).minerals.cobalt : null;
    ask(); // warm the statement cache and the page cache once, as a running service would be
    const until = Math.min(deadline, performance.now() + (job.maxSeconds * 1000) / 3);
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
      note:
        `${latency.count} queries of ${TARGET_LOT}${lotsSeen ? `, ${lotsSeen} nodes in the answer` : ''}` +
        `${exposed ? `, cobalt exposed ${exposed.exposedShare.toFixed(3)} by ${exposed.paths.length} paths` : ''}; in-process, no HTTP`,
    });
  }
  readModel.close();
  return rows;
}

export function compact(events: number): string {
  return events >= 1_000_000 ? `${events / 1_000_000}M` : events >= 1000 ? `${events / 1000}k` : String(events);
}

import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { ProvenanceQueries } from '../../src/provenance/provenance-queries';
import { SearchQueries, type LotSearch, type PageRequest } from '../../src/provenance/search-queries';
import { provenanceProjections } from '../../projections/provenance-projections';
import { ensureReadModelFixture } from '../ledger-fixture/ledger-fixtures';
import { compact } from './ledger-read-workloads';

const PAGE = 50;

/**
 * The searches an explorer sends, from broad to narrow to empty, over the synthetic ledger (two
 * parties, 40 mines in 8 countries, 8 refineries, nickel and cobalt in every lot, most lots
 * consumed, the last output of each chain active, nothing flagged, every lot made at one instant).
 */
function searches(halfway: bigint): { name: string; search: LotSearch; page?: Partial<PageRequest> }[] {
  return [
    { name: 'first page, no filter', search: {} },
    { name: 'id prefix', search: { idPrefix: 'c77' } },
    { name: 'custodian, deep page', search: { custodian: 'kokkola-refining' }, page: { after: 'c800-l4' } },
    { name: 'mine', search: { facility: 'mine-5' } },
    { name: 'active', search: { status: 'active' } },
    { name: 'active from CD', search: { status: 'active', originCountry: 'CD' } },
    { name: 'nickel consumed at a refinery', search: { mineral: 'nickel', facility: 'refinery-3', status: 'consumed' } },
    { name: 'flagged (none)', search: { flagged: true } },
    { name: 'not flagged, cobalt', search: { flagged: false, mineral: 'cobalt' } },
    { name: 'made in a window (all)', search: { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } },
    { name: 'made in a window (none)', search: { originCountry: 'AU', from: '2027-01-01T00:00:00Z' } },
    { name: 'operator: its consumed lots', search: { readableBy: 'kcc-mining', status: 'consumed' } },
    { name: 'lithium (none)', search: { mineral: 'lithium' } },
    { name: 'as of halfway: active', search: { status: 'active' }, page: { asOf: halfway } },
  ];
}

/**
 * W9: `GET /v1/lots?…` without HTTP: a page of 50 lot states found through the search index and
 * read back (lots and their open flags) as of one position, asked again and again of read
 * models built over a ledger of `size` events. One row per size: p50 and p99 over the whole mix,
 * the slowest search named in the note.
 */
export async function lotSearchLatency(job: BenchJob): Promise<BenchRow[]> {
  const file = await ensureReadModelFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const search = new SearchQueries(readModel, new ProvenanceQueries(readModel));
  const mix = searches(readModel.lastPosition()! / 2n);
  const all = new LatencyRecorder();
  const each = mix.map(() => new LatencyRecorder());
  for (const { search: s, page } of mix) search.lots(s, { limit: PAGE, ...page }); // warm statements and pages once
  const deadline = performance.now() + job.maxSeconds * 1000;
  let found = 0;
  while (performance.now() < deadline && all.count < 20_000) {
    for (const [i, { search: s, page }] of mix.entries()) {
      const started = performance.now();
      found += search.lots(s, { limit: PAGE, ...page }).items.length;
      const took = performance.now() - started;
      all.record(took);
      each[i].record(took);
    }
  }
  readModel.close();
  const slowest = mix.map((m, i) => ({ name: m.name, p99: each[i].percentile(99) ?? 0 })).sort((a, b) => b.p99 - a.p99)[0];
  return [
    {
      workload: `W9 lot search @${compact(job.size)}`,
      subject: 'ledger',
      eventsPerSec: null,
      p50Ms: all.percentile(50),
      p99Ms: all.percentile(99),
      peakRssMb: null,
      events: job.size,
      note: `${all.count} searches (${mix.length} kinds, pages of ${PAGE}, ${Math.round(found / Math.max(all.count, 1))} lots a page on average); slowest p99: ${slowest.name} ${slowest.p99.toFixed(2)} ms; in-process, no HTTP`,
    },
  ];
}

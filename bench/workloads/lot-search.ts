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
type Search = { name: string; search: LotSearch; page?: Partial<PageRequest> };

function searchesAtTheHead(): Search[] {
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
  ];
}

/**
 * The same as of half the log: each term is then read as the spans held at that position, which
 * the index walks over every span the term ever had (the head has the open spans' own index).
 */
function searchesAsOf(halfway: bigint): Search[] {
  return [
    { name: 'first page', search: {}, page: { asOf: halfway } },
    { name: 'mine', search: { facility: 'mine-5' }, page: { asOf: halfway } },
    { name: 'active', search: { status: 'active' }, page: { asOf: halfway } },
  ];
}

/**
 * W9: `GET /v1/lots?…` without HTTP: a page of 50 lot states found through the search index and
 * read back (lots and their open flags) as of one position, asked again and again of read
 * models built over a ledger of `size` events. Two rows per size, searches at the head and as of
 * half the log: p50 and p99 over each mix, the slowest search named in the note.
 */
export async function lotSearchLatency(job: BenchJob): Promise<BenchRow[]> {
  const file = await ensureReadModelFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const search = new SearchQueries(readModel, new ProvenanceQueries(readModel));
  const halfway = readModel.lastPosition()! / 2n;
  const rows = [
    measure(search, searchesAtTheHead(), `W9 lot search @${compact(job.size)}`, job, job.maxSeconds * 0.75),
    measure(search, searchesAsOf(halfway), `W9 lot search as of @${compact(job.size)}`, job, job.maxSeconds * 0.25),
  ];
  readModel.close();
  return rows;
}

function measure(search: SearchQueries, mix: Search[], workload: string, job: BenchJob, seconds: number): BenchRow {
  const all = new LatencyRecorder();
  // CPU time too: on a shared machine a wall-clock p99 is mostly the time the process waited for a core.
  const cpu = new LatencyRecorder();
  const each = mix.map(() => new LatencyRecorder());
  for (const { search: s, page } of mix) search.lots(s, { limit: PAGE, ...page }); // warm statements and pages once
  const deadline = performance.now() + seconds * 1000;
  let found = 0;
  while (performance.now() < deadline && all.count < 20_000) {
    for (const [i, { search: s, page }] of mix.entries()) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      found += search.lots(s, { limit: PAGE, ...page }).items.length;
      const took = performance.now() - started;
      const used = process.cpuUsage(cpuBefore);
      all.record(took);
      cpu.record((used.user + used.system) / 1000);
      each[i].record(took);
    }
  }
  const slowest = mix.map((m, i) => ({ name: m.name, p99: each[i].percentile(99) ?? 0 })).sort((a, b) => b.p99 - a.p99)[0];
  return {
    workload,
    subject: 'ledger',
    eventsPerSec: null,
    p50Ms: all.percentile(50),
    p99Ms: all.percentile(99),
    peakRssMb: null,
    events: job.size,
    note:
      `${all.count} searches (${mix.length} kinds, pages of ${PAGE}, ${Math.round(found / Math.max(all.count, 1))} lots a page on average); ` +
      `CPU time p50 ${cpu.percentile(50)?.toFixed(2)} ms, p99 ${cpu.percentile(99)?.toFixed(2)} ms; slowest p99: ${slowest.name} ${slowest.p99.toFixed(2)} ms; in-process, no HTTP`,
  };
}

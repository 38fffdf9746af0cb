import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { ensureLedgerFixture } from '../ledger-fixture/ledger-fixtures';
import { PRODUCER, TARGET_LOT } from '../ledger-fixture/synthetic-ledger';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { EpcisEventFilter, EventReader } from '../../src/epcis/query/epcis-event-filter';
import { openEpcisIndexFollower } from '../../src/epcis/query/epcis-index-follower';
import { epcisQueryDocument } from '../../src/epcis/query/epcis-query-document';
import { compact } from './ledger-read-workloads';

const PAGE = 500;

/**
 * W10: the EPCIS event index over the synthetic ledger. First built from zero, as the follower
 * does after a layout change (latency = one page of the log folded and committed); then pages of
 * `GET /epcis/events` asked of it in-process (the index's search and the EPCISQueryDocument
 * around it; no HTTP).
 */
export async function epcisIndexWorkloads(job: BenchJob): Promise<BenchRow[]> {
  const ledger = await ensureLedgerFixture(job.fixturesDir, job.size);
  if (job.phase === 'prepare') return [];
  const store = SqliteEventStore.open({ file: ledger });
  const side = openEpcisIndexFollower(store, job.dir, { batchSize: PAGE });
  const pages = new LatencyRecorder();
  let last = performance.now();
  const started = last;
  const folded = await side.follower.catchUp(() => {
    const now = performance.now();
    pages.record(now - last);
    last = now;
  });
  const seconds = (performance.now() - started) / 1000;
  const rows: BenchRow[] = [
    {
      workload: `W10 index build @${compact(job.size)}`,
      subject: 'ledger',
      eventsPerSec: Math.round(folded / seconds),
      p50Ms: pages.percentile(50),
      p99Ms: pages.percentile(99),
      peakRssMb: null,
      events: folded,
      note: `EPCIS event index from zero, rendering and indexing every custody event; latency = one page of ${PAGE}`,
    },
  ];

  const head = side.index.position()!;
  const everything: EventReader = { kind: 'everything' };
  const middle = head / 2n;
  const queries: [string, EpcisEventFilter, EventReader, bigint | null, number][] = [
    ['first page of 30', {}, everything, null, 30],
    ['page of 1000 mid-log', {}, everything, middle, 1000],
    ['operator page of 30', {}, { kind: 'party', partyId: PRODUCER }, middle, 30],
    ['one lot, any role', { epcClasses: [{ roles: ['quantity', 'input', 'output'], classes: [`urn:cml:lot:${TARGET_LOT}`] }] }, everything, null, 30],
    ['receipts at one refinery', { bizSteps: ['receiving'], bizLocations: ['urn:cml:facility:refinery-3'] }, everything, middle, 30],
  ];
  const deadline = performance.now() + job.maxSeconds * 1000;
  for (const [name, filter, reader, after, limit] of queries) {
    const latency = new LatencyRecorder();
    const ask = () => epcisQueryDocument(side.index.search(filter, reader, { after, upTo: head, limit }).events, '2026-01-01T00:00:00Z');
    const served = ask().length;
    const until = Math.min(deadline, performance.now() + (job.maxSeconds * 1000) / queries.length);
    while (performance.now() < until && latency.count < 2000) {
      const t = performance.now();
      ask();
      latency.record(performance.now() - t);
    }
    rows.push({
      workload: `W10 ${name} @${compact(job.size)}`,
      subject: 'ledger',
      eventsPerSec: null,
      p50Ms: latency.percentile(50),
      p99Ms: latency.percentile(99),
      peakRssMb: null,
      events: job.size,
      note: `${latency.count} queries, ${Math.round(served / 1024)} KiB each; in-process, no HTTP`,
    });
  }
  await side.close();
  await store.close();
  return rows;
}

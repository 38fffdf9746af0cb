import type { BenchRow } from './bench-row';

const WORKLOAD_TITLES: Record<string, string> = {
  W1: 'W1 single-event appends, one at a time, 1,000 streams',
  W2: 'W2 single-event appends, 64 in flight, 1,000 streams',
  W3: 'W3 transformations (3 in, 2 out: 5 streams atomically), 64 in flight',
  W4: 'W4 HTTP ingestion of custody commands, 64 connections, auth + validation',
  W5: 'W5 projection rebuild from zero',
  W6: 'W6 origins / provenance / exposure latency, lot 8 transformations deep, fan-in 20',
  W7: 'W7 offline `ledger verify` throughput',
  W8: 'W8 EPCIS bulk capture over HTTP: documents of 1, 100 and 1,000 custody events, rollback, 4 in flight (events/s; p50/p99 per document)',
  W9: 'W9 lot search (`GET /v1/lots?…` in-process), pages of 50: 13 kinds of search at the head, 3 as of half the log',
  W10: 'W10 EPCIS event index: built from zero, then pages of GET /epcis/events',
  S1: 'S1 screening one amendment of 1,000 entries against 10,000 parties and facilities',
};

/** Workloads whose target is a share of another row of the same run and subject. */
const SHARE_OF: Record<string, string> = { W5: 'W5 read-only' };

/** Notes on each such row what share of its yardstick it reached (W5: the rebuild of the bare read). */
export function noteShares(rows: BenchRow[]): void {
  for (const row of rows) {
    const yardstick = SHARE_OF[row.workload];
    const base = rows.find((r) => r.workload === yardstick && r.subject === row.subject);
    if (!base?.eventsPerSec || !row.eventsPerSec) continue;
    const share = `${Math.round((row.eventsPerSec / base.eventsPerSec) * 100)} % of ${yardstick}`;
    row.note = [row.note, share].filter(Boolean).join('; ');
  }
}

/** The rows as a Markdown table, one section per workload, notes as a last column. */
export function renderTable(rows: BenchRow[]): string {
  const lines = [
    '| workload | subject | events/s | p50 ms | p99 ms | peak RSS MB | events | load | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.workload} | ${row.subject} | ${integer(row.eventsPerSec)} | ${millis(row.p50Ms)} | ${millis(row.p99Ms)} | ` +
        `${integer(row.peakRssMb)} | ${integer(row.events)} | ${row.loadAvg1m ?? ''} | ${row.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

export function workloadLegend(workloads: string[]): string {
  return [...new Set(workloads.map((w) => w.split(' ')[0]))]
    .map((w) => `- ${WORKLOAD_TITLES[w] ?? w}`)
    .join('\n');
}

function integer(value: number | null): string {
  return value === null ? '–' : Math.round(value).toLocaleString('en-US');
}

function millis(value: number | null): string {
  if (value === null) return '–';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

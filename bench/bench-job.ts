import type { BenchRow, SubjectName } from './bench-row';

/** What the orchestrator asks one child process to measure. */
export interface BenchJob {
  workload: string;
  subject: SubjectName;
  /** Events (W1–W3, W5, W7) or ledger size (W6) to aim for. */
  size: number;
  /** Stop taking new work after this long; the row reports what was done. */
  maxSeconds: number;
  /** A fresh directory for the job's files. */
  dir: string;
  /** Connection string of a fresh database, for emmett-postgresql. */
  postgresUrl?: string;
  /** Shared by all jobs of a run: generated ledgers and read models, reused across workloads. */
  fixturesDir: string;
  /**
   * Read workloads run twice: 'prepare' builds what is missing in the fixtures (not measured, and
   * in its own process so its memory does not count), then 'measure' runs the workload.
   */
  phase: 'prepare' | 'measure';
}

export const ROWS_MARKER = 'BENCH_ROWS ';

/** Ends a measuring child: its rows behind the marker, each with this process's peak RSS unless it has its own. */
export function writeRows(rows: BenchRow[]): void {
  // maxRSS is the high-water mark of this process alone, in kilobytes.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  for (const row of rows) row.peakRssMb ??= peakRssMb;
  process.stdout.write(`${ROWS_MARKER}${JSON.stringify(rows)}\n`);
}

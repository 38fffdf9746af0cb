import type { SubjectName } from './bench-row';

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
}

export const ROW_MARKER = 'BENCH_ROW ';

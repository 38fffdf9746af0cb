/** The subjects compared side by side; each runs in its own child process so its peak RSS is its own. */
export const SUBJECTS = ['ledger', 'raw-sqlite-1', 'raw-sqlite-100', 'emmett-sqlite', 'emmett-postgresql'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export const WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W10', 'S1'] as const;
export type WorkloadId = (typeof WORKLOADS)[number];

/** One line of `bench/results/latest.json`. Null figures mean the workload did not run (see `note`). */
export interface BenchRow {
  workload: string;
  subject: SubjectName;
  eventsPerSec: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  events: number;
  /** How the figure was obtained when that is not obvious, or `skipped: <reason>`. */
  note?: string;
  /** 1-minute load average of the machine when the job started: the machine is shared. */
  loadAvg1m?: number;
}

export function skippedRow(workload: string, subject: SubjectName, reason: string): BenchRow {
  return { workload, subject, eventsPerSec: null, p50Ms: null, p99Ms: null, peakRssMb: null, events: 0, note: `skipped: ${reason}` };
}

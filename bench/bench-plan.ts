import type { BenchJob } from './bench-job';
import type { SubjectName } from './bench-row';

/** A job before it has a directory: what to run, how big, and when to give up on it. */
export interface PlannedJob extends Omit<BenchJob, 'dir' | 'postgresUrl' | 'fixturesDir' | 'phase'> {
  /** Run a 'prepare' phase in its own child first (read workloads build their fixtures there). */
  prepare?: boolean;
  /** The child is killed after this long (setup included). */
  killAfterSeconds: number;
  /** Write jobs run in this many interleaved rounds; the fastest round is kept. */
  rounds?: number;
  /** Set when the job cannot run here; it is reported as `skipped: <reason>`. */
  skip?: string;
}

const WRITE_SUBJECTS: SubjectName[] = ['ledger', 'raw-sqlite-1', 'raw-sqlite-100', 'emmett-sqlite', 'emmett-postgresql'];

/**
 * Every job of a run, in order. Quick mode keeps the same workloads with smaller sizes and
 * shorter caps, so the run stays under two minutes; the full run stays under fifteen.
 */
export function benchPlan(quick: boolean): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  const writes = quick
    ? { W1: 3000, W2: 10_000, W3: 10_000, cap: 2 }
    : { W1: 20_000, W2: 100_000, W3: 100_000, cap: 5 };
  // The targets are ratios of the ledger to the raw rows, measured minutes apart on a shared disk:
  // in the full mode those three run in interleaved rounds (the Emmett stores are far off either way).
  const rounds = quick ? 1 : 3;
  for (const workload of ['W1', 'W2', 'W3'] as const) {
    for (let round = 0; round < rounds; round++) {
      for (const subject of WRITE_SUBJECTS) {
        const paired = subject === 'ledger' || subject.startsWith('raw-');
        if (round > 0 && !paired) continue;
        jobs.push({
          workload,
          subject,
          size: writes[workload],
          maxSeconds: writes.cap,
          killAfterSeconds: writes.cap + 60,
          rounds: paired ? rounds : 1,
        });
      }
    }
  }
  // Start-up alone (the service and its load generator compiled by ts-node) took over 100 s at a load average of 20.
  jobs.push({ workload: 'W4', subject: 'ledger', size: 0, maxSeconds: quick ? 3 : 20, killAfterSeconds: quick ? 180 : 300 });
  // W8 runs right after W4, in the same run, so the two rates compare on the same machine state.
  for (const size of [1, 100, 1000]) {
    jobs.push({ workload: 'W8', subject: 'ledger', size, maxSeconds: quick ? 3 : 15, killAfterSeconds: quick ? 180 : 300 });
  }
  // The same load with the screening reactor off: screening on must stay within 10 % of it (issue 12).
  jobs.push({ workload: 'W4 screening-off', subject: 'ledger', size: 0, maxSeconds: quick ? 3 : 20, killAfterSeconds: quick ? 60 : 120 });
  jobs.push({ workload: 'S1', subject: 'ledger', size: 0, maxSeconds: 0, killAfterSeconds: 600 });
  const rebuildSize = quick ? 20_000 : 1_000_000;
  // The bare read of the same log first: W5's target is a share of it, measured in the same run.
  jobs.push({ workload: 'W5 read-only', subject: 'ledger', size: rebuildSize, maxSeconds: 0, killAfterSeconds: quick ? 120 : 600, prepare: true });
  jobs.push({ workload: 'W5', subject: 'ledger', size: rebuildSize, maxSeconds: 0, killAfterSeconds: quick ? 120 : 600, prepare: true });
  jobs.push({
    workload: 'W5',
    subject: 'raw-sqlite-1',
    size: 0,
    maxSeconds: 0,
    killAfterSeconds: 0,
    skip: 'a rebuild only reads; the raw log reads the same whatever its write batching (see raw-sqlite-100)',
  });
  for (const subject of ['raw-sqlite-100', 'emmett-sqlite', 'emmett-postgresql'] as const) {
    jobs.push({ workload: 'W5', subject, size: rebuildSize, maxSeconds: quick ? 6 : 60, killAfterSeconds: quick ? 120 : 600, prepare: true });
  }
  for (const size of quick ? [10_000, rebuildSize] : [10_000, 100_000, rebuildSize]) {
    jobs.push({ workload: 'W6', subject: 'ledger', size, maxSeconds: quick ? 2 : 6, killAfterSeconds: quick ? 120 : 600, prepare: true });
  }
  for (const size of quick ? [10_000, rebuildSize] : [10_000, 100_000, rebuildSize]) {
    jobs.push({ workload: 'W9', subject: 'ledger', size, maxSeconds: quick ? 2 : 6, killAfterSeconds: quick ? 120 : 600, prepare: true });
  }
  // W7's target is set on a 1M-event export of W5's ledger (1.1 GiB; exporting it is the longest prepare, 2 to 6 minutes here).
  jobs.push({ workload: 'W7', subject: 'ledger', size: rebuildSize, maxSeconds: 0, killAfterSeconds: quick ? 120 : 900, prepare: true });
  // The EPCIS index over W6's 100k ledger (the quick run's W5 ledger): built from zero, then queried.
  jobs.push({ workload: 'W10', subject: 'ledger', size: quick ? rebuildSize : 100_000, maxSeconds: quick ? 5 : 15, killAfterSeconds: quick ? 120 : 600, prepare: true });
  return jobs;
}

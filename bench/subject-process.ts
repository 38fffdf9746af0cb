import { ROW_MARKER, type BenchJob } from './bench-job';
import type { BenchRow } from './bench-row';
import { runWriteWorkload } from './workloads/write-workloads';

/**
 * One child process per subject and workload, so the peak RSS reported is that subject's own.
 * The job comes as JSON in argv; the row goes to stdout behind a marker.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as BenchJob;
  const row = await runJob(job);
  // maxRSS is the high-water mark of this process alone, in kilobytes.
  row.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${ROW_MARKER}${JSON.stringify(row)}\n`);
}

async function runJob(job: BenchJob): Promise<BenchRow> {
  switch (job.workload) {
    case 'W1':
    case 'W2':
    case 'W3':
      return runWriteWorkload(job);
    default:
      throw new Error(`unknown workload ${job.workload}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { writeRows, type BenchJob } from './bench-job';
import type { BenchRow } from './bench-row';
import { ledgerReadOnly, ledgerRebuild, offlineVerify } from './workloads/compiled-workloads';

/**
 * The child of a measured phase that runs the service's code compiled (`compiled.ts`): plain
 * Node.js, no TypeScript loader, so its peak RSS is the service's own. Run from dist/bench/.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as BenchJob;
  writeRows(await runJob(job));
}

function runJob(job: BenchJob): Promise<BenchRow[]> {
  switch (job.workload) {
    case 'W5':
      return ledgerRebuild(job);
    case 'W5 read-only':
      return ledgerReadOnly(job);
    case 'W7':
      return offlineVerify(job);
  }
  throw new Error(`no compiled measurement of ${job.workload}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

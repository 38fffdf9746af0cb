import { writeRows, type BenchJob } from './bench-job';
import type { BenchRow } from './bench-row';
import { runWriteWorkload } from './workloads/write-workloads';

/**
 * One child process per subject and workload, so the peak RSS reported is that subject's own.
 * The job comes as JSON in argv; the rows go to stdout behind a marker.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as BenchJob;
  writeRows(await runJob(job));
}

async function runJob(job: BenchJob): Promise<BenchRow[]> {
  const workload = job.workload.split(' ')[0];
  switch (workload) {
    case 'W1':
    case 'W2':
    case 'W3':
      return [await runWriteWorkload(job)];
    case 'W4':
      if (job.subject === 'ledger') return (await import('./workloads/http-ingestion')).httpIngestion(job);
      break;
    case 'W8':
      if (job.subject === 'ledger') return (await import('./workloads/epcis-capture')).epcisCapture(job);
      break;
    case 'W5':
      // The ledger's measured phase runs compiled (compiled-process.ts); here its fixtures are built.
      if (job.subject === 'ledger' && job.phase === 'prepare') return (await import('./workloads/ledger-read-workloads')).prepareLedger(job);
      if (job.subject !== 'ledger') return (await import('./workloads/peer-rebuild')).peerRebuild(job);
      break;
    case 'W7':
      if (job.subject === 'ledger' && job.phase === 'prepare') return (await import('./workloads/offline-verify')).prepareExport(job);
      break;
    case 'S1':
      if (job.subject === 'ledger') return (await import('./workloads/screening-amendment')).screeningAmendment(job);
      break;
    case 'W6':
      if (job.subject === 'ledger') return (await import('./workloads/ledger-read-workloads')).ledgerProvenanceLatency(job);
      break;
    case 'W9':
      if (job.subject === 'ledger') return (await import('./workloads/lot-search')).lotSearchLatency(job);
      break;
    case 'W10':
      if (job.subject === 'ledger') return (await import('./workloads/epcis-query-workloads')).epcisIndexWorkloads(job);
      break;
  }
  throw new Error(`no ${workload} workload for ${job.subject}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

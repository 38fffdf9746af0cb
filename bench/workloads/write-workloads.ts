import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import { peerStore } from '../bench-peers';
import type { BenchRow } from '../bench-row';
import { RawSqliteSubject } from '../subjects/raw-sqlite-subject';
import type { WriteSubject } from '../subjects/write-subject';
import { type AppendPlan, interleave, singleEventPlan, transformationPlan } from './append-plan';
import { type DriveResult, driveBatches, driveLanes } from './append-driver';

export const IN_FLIGHT = 64;

/** W1 one at a time, W2 64 in flight, W3 five-stream transformations 64 in flight. */
export function planFor(workload: string, events: number): AppendPlan {
  switch (workload) {
    case 'W1':
      return singleEventPlan(events, 1);
    case 'W2':
      return singleEventPlan(events, IN_FLIGHT);
    case 'W3':
      return transformationPlan(Math.ceil(events / 5), IN_FLIGHT);
    default:
      throw new Error(`${workload} is not a write workload`);
  }
}

export async function runWriteWorkload(job: BenchJob): Promise<BenchRow> {
  const plan = planFor(job.workload, job.size);
  const notes: string[] = [];
  let result: DriveResult;

  if (job.subject === 'raw-sqlite-1' || job.subject === 'raw-sqlite-100') {
    const batchSize = job.subject === 'raw-sqlite-1' ? 1 : 100;
    const subject = new RawSqliteSubject(join(job.dir, 'raw.sqlite'));
    driveBatches(subject, plan.setup, 100, Infinity);
    result = driveBatches(subject, interleave(plan.lanes), batchSize, deadlineIn(job.maxSeconds));
    await subject.close();
    notes.push(batchSize === 1 ? 'one txn per append' : '100 appends per txn; latency = one txn');
  } else {
    const subject = await openWriteSubject(job);
    try {
      await driveLanes(subject, spread(plan.setup, IN_FLIGHT), Infinity);
      result = await driveLanes(subject, plan.lanes, deadlineIn(job.maxSeconds));
      notes.push(...subject.notes());
    } finally {
      await subject.close();
    }
  }

  const events = result.appends * plan.eventsPerAppend;
  return {
    workload: job.workload,
    subject: job.subject,
    eventsPerSec: Math.round(events / (result.elapsedMs / 1000)),
    p50Ms: result.latency.percentile(50),
    p99Ms: result.latency.percentile(99),
    peakRssMb: null,
    events,
    note: notes.join('; ') || undefined,
  };
}

/** Peers are loaded only in their own process, so no subject pays for another's modules. */
async function openWriteSubject(job: BenchJob): Promise<WriteSubject> {
  switch (job.subject) {
    case 'ledger': {
      const { LedgerSubject } = await import('../subjects/ledger-subject');
      return new LedgerSubject(join(job.dir, 'ledger.sqlite'));
    }
    case 'emmett-sqlite':
    case 'emmett-postgresql':
      return peerStore(job.subject).openWriteSubject(job);
    default:
      throw new Error(`${job.subject} is not an asynchronous write subject`);
  }
}

function deadlineIn(seconds: number): number {
  return performance.now() + seconds * 1000;
}

function spread<T>(items: T[], laneCount: number): T[][] {
  const lanes: T[][] = Array.from({ length: laneCount }, () => []);
  items.forEach((item, index) => lanes[index % laneCount].push(item));
  return lanes;
}

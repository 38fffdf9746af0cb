import { benchPayload } from '../bench-payload';
import { LatencyRecorder } from '../latency-recorder';
import type { BatchingSubject, WriteSubject } from '../subjects/write-subject';
import type { PlannedAppend } from './append-plan';

export interface DriveResult {
  appends: number;
  elapsedMs: number;
  latency: LatencyRecorder;
}

let payloadSequence = 0;

/**
 * Runs every lane as its own writer, all lanes at once (one lane = one at a time). A lane stops
 * taking new appends once the deadline has passed, so slow subjects finish with fewer events
 * rather than blowing the time budget; throughput counts only what was acknowledged.
 */
export async function driveLanes(subject: WriteSubject, lanes: PlannedAppend[][], deadline: number): Promise<DriveResult> {
  const latency = new LatencyRecorder();
  let appends = 0;
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const planned of lane) {
        if (performance.now() > deadline) return;
        const payload = benchPayload(payloadSequence++);
        const begun = performance.now();
        await subject.append(planned.targets, payload);
        latency.record(performance.now() - begun);
        appends++;
      }
    }),
  );
  return { appends, elapsedMs: performance.now() - started, latency };
}

/**
 * The raw subjects: appends in the same order, `batchSize` of them per transaction. The latency
 * recorded is that of a whole transaction, the time its first append waited to be durable.
 */
export function driveBatches(subject: BatchingSubject, appends: PlannedAppend[], batchSize: number, deadline: number): DriveResult {
  const latency = new LatencyRecorder();
  let done = 0;
  const started = performance.now();
  for (let from = 0; from < appends.length; from += batchSize) {
    if (performance.now() > deadline) break;
    const batch = appends.slice(from, from + batchSize).map((planned) => ({
      targets: planned.targets,
      payload: benchPayload(payloadSequence++),
    }));
    const begun = performance.now();
    subject.appendBatch(batch);
    latency.record(performance.now() - begun);
    done += batch.length;
  }
  return { appends: done, elapsedMs: performance.now() - started, latency };
}

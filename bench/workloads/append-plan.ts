import type { StreamTarget } from '../subjects/write-subject';

/** One append of a write workload: one event on each target, atomically. */
export interface PlannedAppend {
  targets: StreamTarget[];
}

/**
 * A write workload cut into lanes: each lane is one writer that appends in order, waiting for each
 * append before the next, so it always knows the exact revision of its own streams. Lanes never
 * share a stream, so no append conflicts and every append is a real write.
 */
export interface AppendPlan {
  /** Appends that prepare the streams (not measured). */
  setup: PlannedAppend[];
  lanes: PlannedAppend[][];
  eventsPerAppend: number;
}

export const STREAM_COUNT = 1000;

function streamId(prefix: string, index: number): string {
  return `lot-${prefix}${index}`;
}

/**
 * W1 and W2: single-event appends to 1,000 streams with exact expected revisions, stream by stream
 * in rounds. Lane k owns the streams whose index is k modulo the lane count.
 */
export function singleEventPlan(events: number, laneCount: number): AppendPlan {
  const lanes: PlannedAppend[][] = Array.from({ length: laneCount }, () => []);
  for (let sequence = 0; sequence < events; sequence++) {
    const stream = sequence % STREAM_COUNT;
    const round = Math.floor(sequence / STREAM_COUNT);
    lanes[stream % laneCount].push({
      targets: [{ streamId: streamId('s', stream), expected: round === 0 ? 'no-stream' : round - 1 }],
    });
  }
  return { setup: [], lanes, eventsPerAppend: 1 };
}

/**
 * W3: transformations with three input lots and two new output lots, five streams in one atomic
 * append. The 1,000 input lots are created first; lane k consumes its own inputs in rotation.
 */
export function transformationPlan(transformations: number, laneCount: number): AppendPlan {
  const setup: PlannedAppend[] = [];
  for (let input = 0; input < STREAM_COUNT; input++) {
    setup.push({ targets: [{ streamId: streamId('in', input), expected: 'no-stream' }] });
  }
  const revisions = new Array<number>(STREAM_COUNT).fill(0);
  const laneInputs: number[][] = Array.from({ length: laneCount }, () => []);
  for (let input = 0; input < STREAM_COUNT; input++) laneInputs[input % laneCount].push(input);
  const cursors = new Array<number>(laneCount).fill(0);
  const lanes: PlannedAppend[][] = Array.from({ length: laneCount }, () => []);
  for (let t = 0; t < transformations; t++) {
    const lane = t % laneCount;
    const own = laneInputs[lane];
    const targets: StreamTarget[] = [];
    for (let i = 0; i < 3; i++) {
      const input = own[cursors[lane]++ % own.length];
      targets.push({ streamId: streamId('in', input), expected: revisions[input]++ });
    }
    targets.push({ streamId: streamId('out', 2 * t), expected: 'no-stream' });
    targets.push({ streamId: streamId('out', 2 * t + 1), expected: 'no-stream' });
    lanes[lane].push({ targets });
  }
  return { setup, lanes, eventsPerAppend: 5 };
}

/** All lanes as one sequence in the order concurrent writers would roughly interleave. */
export function interleave(lanes: PlannedAppend[][]): PlannedAppend[] {
  const order: PlannedAppend[] = [];
  const longest = Math.max(0, ...lanes.map((lane) => lane.length));
  for (let i = 0; i < longest; i++) {
    for (const lane of lanes) if (i < lane.length) order.push(lane[i]);
  }
  return order;
}

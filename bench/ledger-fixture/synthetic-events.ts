import { randomUUID } from 'node:crypto';
import { cut } from './load-synthetic-ledger';
import { syntheticLedger } from './synthetic-ledger';

/** One event of the synthetic ledger as any store would hold it. */
export interface SyntheticEvent {
  eventId: string;
  streamId: string;
  /** 0-based revision within its stream. */
  streamRevision: number;
  type: string;
  data: Record<string, unknown>;
  actorPartyId: string;
}

/** The first `events` events of the synthetic ledger in log order, for loading the peers' stores. */
export function* syntheticEvents(events: number): Generator<SyntheticEvent> {
  const revisions = new Map<string, number>();
  for (const append of cut(syntheticLedger(), 0, events)) {
    for (const { streamId, event } of append.writes) {
      const streamRevision = (revisions.get(streamId) ?? -1) + 1;
      revisions.set(streamId, streamRevision);
      yield {
        eventId: randomUUID(),
        streamId,
        streamRevision,
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        actorPartyId: append.actorPartyId,
      };
    }
  }
}

/** Groups a generator into arrays of `size`. */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

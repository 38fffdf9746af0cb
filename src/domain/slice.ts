import type { LedgerCommand } from './commands';
import { routedStreams } from './event-routing';
import type { LedgerEvent } from './events';
import type { StateOf } from './stream-states';
import { streamIdOf, streamRef, type StreamEntry, type StreamKind, type StreamRef } from './stream-ref';

/**
 * A use case as a slice: a multi-stream Decider. It declares the streams its command reads, by
 * name, and decides over their states and the server's "now". Where the decided events are
 * written follows from the event registry, each stream at the revision it was read; so the
 * generic runner (`src/ledger/use-case-runner.ts`) and the test world (`testing/world.ts`) run
 * the same declaration, one against the store, one in memory.
 */

/** A stream's folded state (`LotState` for a lot, …). */
export interface StateRead<K extends StreamKind = StreamKind> {
  readonly state: StreamRef<K>;
}

/** A stream's raw history: every event with its id and author (corrections need them). */
export interface HistoryRead {
  readonly history: StreamRef;
}

export type StreamRead = StateRead | HistoryRead;

/** Several streams under one name, keyed (TransformLots reads every input and output lot by id). */
export interface KeyedRead<R extends StreamRead = StreamRead> {
  readonly each: Readonly<Record<string, R>>;
}

/** `undefined` is a read the command skips (ShipLot reads the destination facility only when it names one). */
export type Read = StreamRead | KeyedRead | undefined;

export type Reads = { readonly [name: string]: Read };

export const read = {
  lot: (lotId: string): StateRead<'lot'> => ({ state: streamRef.lot(lotId) }),
  facility: (facilityId: string): StateRead<'facility'> => ({ state: streamRef.facility(facilityId) }),
  party: (partyId: string): StateRead<'party'> => ({ state: streamRef.party(partyId) }),
  watchlist: (listId: string): StateRead<'watchlist'> => ({ state: streamRef.watchlist(listId) }),
  gln: (gln: string): StateRead<'gln'> => ({ state: streamRef.gln(gln) }),
  annex: (): StateRead<'annex'> => ({ state: streamRef.annex() }),
  history: (stream: StreamRef): HistoryRead => ({ history: stream }),
  each: <R extends StreamRead>(ids: readonly string[], one: (id: string) => R): KeyedRead<R> => ({
    each: Object.fromEntries(ids.map((id) => [id, one(id)])),
  }),
} as const;

type ReadState<R> =
  R extends StateRead<infer K>
    ? StateOf<K>
    : R extends HistoryRead
      ? readonly StreamEntry[]
      : R extends KeyedRead<infer S>
        ? Readonly<Record<string, ReadState<S>>>
        : undefined;

/** What a decision sees: each read by its name, and the server's "now" (RFC 3339). */
export type DecisionContext<Rs extends Reads> = { [N in keyof Rs]: ReadState<Rs[N]> } & { now: string };

export interface Slice<C extends LedgerCommand, Rs extends Reads = Reads> {
  readonly reads: (command: C) => Rs;
  readonly decide: (command: C, context: DecisionContext<Rs>) => readonly LedgerEvent[];
  /** The stream of the decided events the registry routes `by-use-case` (EventCorrected). */
  readonly writesTo?: (command: C) => StreamRef;
}

/** A slice with its reads erased, as the registry of slices and the runners hold it. */
export interface AnySlice<C extends LedgerCommand = LedgerCommand> {
  readonly reads: (command: C) => Reads;
  readonly decide: (command: C, context: never) => readonly LedgerEvent[];
  readonly writesTo?: (command: C) => StreamRef;
}

/** Declares a slice; the decide function is checked against what `reads` declares. */
export function defineSlice<C extends LedgerCommand, Rs extends Reads>(slice: {
  reads: (command: C) => Rs;
  decide: (command: C, context: NoInfer<DecisionContext<Rs>>) => readonly LedgerEvent[];
  writesTo?: (command: C) => StreamRef;
}): Slice<C, Rs> {
  return slice;
}

/** Registration commands carry no business time: their events are recorded at "now". */
export function occurredAtOf(command: LedgerCommand, now: string): string {
  return 'occurredAt' in command ? command.occurredAt : now;
}

export function streamOf(streamRead: StreamRead): StreamRef {
  return 'state' in streamRead ? streamRead.state : streamRead.history;
}

/** Identifies a read: the same stream read the same way twice is loaded once. */
export function readKey(streamRead: StreamRead): string {
  return `${'state' in streamRead ? 'state' : 'history'}:${streamIdOf(streamOf(streamRead))}`;
}

/** Every stream the reads name, once each, in declaration order. */
export function streamReads(reads: Reads): StreamRead[] {
  const all = new Map<string, StreamRead>();
  const add = (streamRead: StreamRead) => {
    if (!all.has(readKey(streamRead))) all.set(readKey(streamRead), streamRead);
  };
  for (const one of Object.values(reads)) {
    if (one === undefined) continue;
    if ('each' in one) Object.values(one.each).forEach(add);
    else add(one);
  }
  return [...all.values()];
}

/** Decides the command with each stream read resolved by `resolve` (from the store, or the test world). */
export function decideSlice<C extends LedgerCommand>(
  slice: AnySlice<C>,
  command: C,
  resolve: (streamRead: StreamRead) => unknown,
  now: string,
): readonly LedgerEvent[] {
  const context: Record<string, unknown> = { now };
  for (const [name, one] of Object.entries(slice.reads(command))) {
    if (one === undefined) context[name] = undefined;
    else if ('each' in one) context[name] = Object.fromEntries(Object.entries(one.each).map(([id, each]) => [id, resolve(each)]));
    else context[name] = resolve(one);
  }
  return slice.decide(command, context as never);
}

export interface SliceWrite {
  stream: StreamRef;
  streamId: string;
  events: LedgerEvent[];
}

/**
 * Where the decided events are written: the registry's streams for each (the slice's `writesTo`
 * for the types it leaves to the use case), grouped by stream in order of first write. A stream
 * the command did not read has no revision to be written at: that is a programming error.
 */
export function writesOf<C extends LedgerCommand>(
  slice: AnySlice<C>,
  command: C,
  events: readonly LedgerEvent[],
  readStreamIds: ReadonlySet<string>,
): SliceWrite[] {
  const writes = new Map<string, SliceWrite>();
  for (const event of events) {
    const targets = routedStreams(event) ?? (slice.writesTo ? [slice.writesTo(command)] : null);
    if (!targets) throw new Error(`${command.type} decided ${event.type}, which names no stream: its slice must declare writesTo`);
    for (const stream of targets) {
      const streamId = streamIdOf(stream);
      if (!readStreamIds.has(streamId)) throw new Error(`${command.type} writes ${streamId}, which it did not read`);
      const write = writes.get(streamId) ?? { stream, streamId, events: [] };
      // A stream named twice for one event (never by the deciders) still gets it once.
      if (!write.events.includes(event)) write.events.push(event);
      writes.set(streamId, write);
    }
  }
  return [...writes.values()];
}

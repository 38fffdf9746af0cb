import { Inject, Injectable } from '@nestjs/common';
import { sliceOf, type LedgerCommand } from '../domain/commands';
import { decideSlice, occurredAtOf, readKey, streamOf, streamReads, writesOf, type StreamRead } from '../domain/slice';
import type { StateOf } from '../domain/stream-states';
import { streamIdOf, type StreamKind } from '../domain/stream-ref';
import { CLOCK, type Clock } from './clock';
import { LedgerStateReader, type Loaded } from './ledger-state.reader';
import { expectedAt, LedgerWriter, type PlannedWrite, type WriteOutcome, type WriteRequest } from './ledger-writer';

/** The request's idempotency facts, as the HTTP layer hands them over. */
export type RunOptions = Pick<WriteRequest, 'idempotencyKey' | 'requestHash'>;

/** How each kind of stream is loaded: through the reader, which keeps folded states between commands. */
const LOADERS = {
  lot: (reader, lotId) => reader.lot(lotId),
  facility: (reader, facilityId) => reader.facility(facilityId),
  party: (reader, partyId) => reader.party(partyId),
  watchlist: (reader, listId) => reader.watchlist(listId),
  gln: (reader, gln) => reader.gln(gln),
  annex: (reader) => reader.annex(),
} satisfies { readonly [K in StreamKind]: (reader: LedgerStateReader, id: string) => Promise<Loaded<StateOf<K>>> };

/**
 * Runs any command through its slice: loads the streams it declares (in parallel), decides at the
 * clock's "now", and writes the decided events where the registry routes them, each stream at the
 * revision it was read ('no-stream' when new), through `LedgerWriter` (which decides again on a
 * lost race and answers a replayed Idempotency-Key with the first result).
 */
@Injectable()
export class UseCaseRunner {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `now` defaults to the clock's; a caller that already stamped something with it passes it on. */
  run(command: LedgerCommand, options: RunOptions = {}, now: string = this.clock.now()): Promise<WriteOutcome> {
    const slice = sliceOf(command);
    return this.writer.write({ actor: command.actor, occurredAt: occurredAtOf(command, now), ...options }, async () => {
      const reads = streamReads(slice.reads(command));
      const loaded = await Promise.all(reads.map((streamRead) => this.load(streamRead)));
      const states = new Map(reads.map((streamRead, i) => [readKey(streamRead), loaded[i].state]));
      const revisions = new Map(reads.map((streamRead, i) => [streamIdOf(streamOf(streamRead)), loaded[i].revision]));
      const events = decideSlice(slice, command, (streamRead) => states.get(readKey(streamRead)), now);
      return writesOf(slice, command, events, new Set(revisions.keys())).map(
        (write): PlannedWrite => ({
          streamId: write.streamId,
          expectedRevision: expectedAt(revisions.get(write.streamId) ?? null),
          events: write.events,
        }),
      );
    });
  }

  private load(streamRead: StreamRead): Promise<Loaded<unknown>> {
    return loadStreamRead(this.reader, streamRead);
  }
}

/** One declared read through the reader: a stream's folded state, or its raw history. */
export function loadStreamRead(reader: LedgerStateReader, streamRead: StreamRead): Promise<Loaded<unknown>> {
  const stream = streamOf(streamRead);
  if ('history' in streamRead) return reader.history(streamIdOf(stream));
  const load = LOADERS[stream.kind] as (reader: LedgerStateReader, id: string) => Promise<Loaded<unknown>>;
  return load(reader, stream.id);
}

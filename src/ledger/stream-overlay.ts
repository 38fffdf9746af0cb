import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from '../domain/events';
import { readKey, streamOf, type SliceWrite, type StreamRead } from '../domain/slice';
import { evolveStream } from '../domain/stream-states';
import { streamIdOf, type StreamEntry } from '../domain/stream-ref';
import type { NewEvent, StreamRevision, StreamWrite } from '../event-store/event-store.port';
import type { LedgerStateReader } from './ledger-state.reader';
import { expectedAt } from './ledger-writer';
import { loadStreamRead } from './use-case-runner';

/** One stream as the unit of work sees it: read from the store once, then folded forward with each decision. */
interface OverlayStream {
  /** Revision when first read (null: the stream did not exist): the expected revision of the one append. */
  readonly revision: StreamRevision | null;
  /** The folded state, when the stream was read as a state. */
  state?: unknown;
  /** The raw history, when the stream was read as history (corrections). */
  history?: StreamEntry[];
  /** Events decided on this stream by this unit of work, in order. */
  pending: NewEvent[];
}

/** Who decided what, and when it happened: the envelope of the events one decision adds. */
export interface DecisionStamp {
  occurredAt: string;
  actorPartyId: string;
  idempotencyKey: string | null;
}

/** A point to go back to when a later decision of the same part is refused. */
export interface OverlayMark {
  readonly undo: number;
}

type Undo = { streamId: string; state: unknown; historyLength: number | undefined; pendingLength: number; created: boolean };

/**
 * The streams a unit of work touches, in memory: each is read from the store the first time a
 * decision needs it, at the revision it then had, and every decision is folded into it at once,
 * so a later command sees the earlier ones (an origin, then its shipment). At the end every
 * stream written is appended in one go, each at the revision first read.
 */
export class StreamOverlay {
  private readonly streams = new Map<string, OverlayStream>();
  /** Stream ids in the order of their first write: the order of the append. */
  private readonly writeOrder: string[] = [];
  private readonly undoLog: Undo[] = [];

  constructor(private readonly reader: LedgerStateReader) {}

  /** Loads, in parallel, each stream of these reads that the overlay does not hold yet in that form. */
  async resolve(reads: readonly StreamRead[]): Promise<void> {
    const missing = reads.filter((streamRead) => !this.holds(streamRead));
    if (missing.length === 0) return;
    const loaded = await Promise.all(missing.map((streamRead) => loadStreamRead(this.reader, streamRead)));
    missing.forEach((streamRead, i) => this.adopt(streamRead, loaded[i].state, loaded[i].revision));
  }

  /** The current state (or history) of a resolved read. */
  read(streamRead: StreamRead): unknown {
    const entry = this.streams.get(streamIdOf(streamOf(streamRead)));
    if (!entry) throw new Error(`${readKey(streamRead)} was not resolved before it was read`);
    return 'history' in streamRead ? entry.history : entry.state;
  }

  /** Adds one decision's writes: new event ids, folded into every state and history the overlay holds. */
  record(writes: readonly SliceWrite[], stamp: DecisionStamp): { eventId: string; streamId: string }[] {
    const written: { eventId: string; streamId: string }[] = [];
    for (const write of writes) {
      const entry = this.streams.get(write.streamId);
      if (!entry) throw new Error(`${write.streamId} is written but was never read`);
      this.undoLog.push({
        streamId: write.streamId,
        state: entry.state,
        historyLength: entry.history?.length,
        pendingLength: entry.pending.length,
        created: entry.pending.length === 0,
      });
      if (entry.pending.length === 0) this.writeOrder.push(write.streamId);
      for (const event of write.events) {
        // A transformation is one payload on several streams, each copy with its own id.
        const eventId = randomUUID();
        written.push({ eventId, streamId: write.streamId });
        // Folded as decided, as the test world folds it: deciders write plain JSON data (no undefined
        // fields, no NaN), which a fold of the stored stream reads back the same.
        const data = event.data as unknown as Record<string, unknown>;
        entry.pending.push({
          eventId,
          type: event.type,
          data,
          metadata: { occurredAt: stamp.occurredAt, actorPartyId: stamp.actorPartyId, idempotencyKey: stamp.idempotencyKey, schemaVersion: SCHEMA_VERSION },
        });
        if (entry.state !== undefined) {
          entry.state = evolveStream(write.stream, entry.state, { type: event.type, data, occurredAt: stamp.occurredAt });
        }
        if (entry.history !== undefined) {
          entry.history = [...entry.history, { eventId, type: event.type, actorPartyId: stamp.actorPartyId, data }];
        }
      }
    }
    return written;
  }

  mark(): OverlayMark {
    return { undo: this.undoLog.length };
  }

  /** Forgets every decision recorded after the mark (a part refused halfway leaves nothing behind). */
  restore(mark: OverlayMark): void {
    while (this.undoLog.length > mark.undo) {
      const undo = this.undoLog.pop()!;
      const entry = this.streams.get(undo.streamId)!;
      entry.state = undo.state;
      if (entry.history !== undefined && undo.historyLength !== undefined) entry.history = entry.history.slice(0, undo.historyLength);
      entry.pending.length = undo.pendingLength;
      if (undo.created) this.writeOrder.splice(this.writeOrder.lastIndexOf(undo.streamId), 1);
    }
  }

  /** Every stream written, in order of first write, each at the revision it was first read. */
  writes(): StreamWrite[] {
    return this.writeOrder.map((streamId) => {
      const entry = this.streams.get(streamId)!;
      return { streamId, expectedRevision: expectedAt(entry.revision), events: [...entry.pending] };
    });
  }

  private holds(streamRead: StreamRead): boolean {
    const entry = this.streams.get(streamIdOf(streamOf(streamRead)));
    if (!entry) return false;
    return 'history' in streamRead ? entry.history !== undefined : entry.state !== undefined;
  }

  /**
   * Takes a stream loaded from the store. A stream already held in the other form (state vs
   * history) was loaded at a revision of its own: both must be the same, or the store moved
   * between the two reads and the unit of work decides again (it throws a revision conflict on append).
   */
  private adopt(streamRead: StreamRead, loaded: unknown, revision: StreamRevision | null): void {
    const streamId = streamIdOf(streamOf(streamRead));
    let entry = this.streams.get(streamId);
    if (!entry) {
      entry = { revision, pending: [] };
      this.streams.set(streamId, entry);
    } else if (entry.revision !== revision) {
      throw new OverlayReadSkew(streamId);
    }
    if ('history' in streamRead) {
      const history = (loaded as StreamEntry[]).map(({ eventId, type, actorPartyId, data }) => ({ eventId, type, actorPartyId, data }));
      entry.history = [...history, ...entry.pending.map((e) => ({ eventId: e.eventId, type: e.type, actorPartyId: e.metadata.actorPartyId, data: e.data }))];
    } else {
      let state = loaded;
      for (const e of entry.pending) state = evolveStream(streamOf(streamRead), state, { type: e.type, data: e.data, occurredAt: e.metadata.occurredAt });
      entry.state = state;
    }
  }
}

/** A stream read twice, in two forms, at two revisions: another writer moved it in between. */
export class OverlayReadSkew extends Error {
  constructor(readonly streamId: string) {
    super(`${streamId} moved between two reads of one unit of work`);
    this.name = 'OverlayReadSkew';
  }
}

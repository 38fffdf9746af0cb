import { Inject, Injectable } from '@nestjs/common';
import { foldAnnex, type AnnexState } from '../domain/annex';
import { foldFacility, type FacilityState } from '../domain/facility';
import { foldGlnIndex, type GlnIndexState } from '../domain/gln-index';
import { evolveLot, foldLot, type LotState } from '../domain/lot';
import { foldParty, type PartyState } from '../domain/party';
import { foldWatchlist, type WatchlistState } from '../domain/watchlist';
import { streams, type LedgerEvent } from '../domain/events';
import { EVENT_STORE, type EventStore, type ExpectedRevision, type Position, type RecordedEvent, type StreamRevision } from '../event-store/event-store.port';

/** A folded stream and the revision it was folded at: the expected revision of the next write. */
export interface Loaded<S> {
  state: S;
  revision: StreamRevision | null;
  /** Position of the stream's last event, null for a stream that does not exist. */
  position: bigint | null;
}

/** Lots kept folded in memory, least recently used dropped first: a lot is busy for a while, then rests. */
const KEPT_LOTS = 10_000;

function loaded<S>(events: RecordedEvent[], state: S): Loaded<S> {
  const last = events[events.length - 1];
  return { state, revision: last ? last.streamRevision : null, position: last ? last.position : null };
}

/**
 * Loads the current state of lots, facilities, parties, watch lists and the Annex from their own streams.
 *
 * Parties, facilities and the Annex are read by nearly every command yet change seldom, so their
 * folded state is kept per stream together with the revision it was folded at. Every load still
 * asks the store for the stream's current revision (one index probe) and folds again whenever it
 * moved, so a flag or certification on a facility is seen by the very next command, from any
 * process writing to the same store.
 *
 * Lots change with every custody command, so their folded state is also updated from the events
 * this process has just appended (`recordLotAppend`); the next command on the lot then costs the
 * same one revision probe instead of reading and folding the stream again.
 */
@Injectable()
export class LedgerStateReader {
  private readonly folded = new Map<string, Loaded<unknown>>();
  private readonly lots = new Map<string, Loaded<LotState>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async lot(lotId: string): Promise<Loaded<LotState>> {
    const revision = await this.store.streamRevision(streams.lot(lotId));
    if (revision === null) return { state: foldLot(lotId, []), revision: null, position: null };
    const kept = this.lots.get(lotId);
    if (kept && kept.revision === revision) return kept;
    return (await this.lotWithEvents(lotId)).lot;
  }

  /** The lot's state and the events it was folded from, in one read. */
  async lotWithEvents(lotId: string): Promise<{ lot: Loaded<LotState>; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streams.lot(lotId));
    const lot = loaded(events, foldLot(lotId, events));
    if (lot.revision !== null) this.keepLot(lotId, lot);
    return { lot, events };
  }

  /**
   * Folds events this process has just appended to a lot stream into the kept state, when that
   * state is the one the append was decided on (its revision is the append's expected revision);
   * otherwise forgets the lot, so the next load reads it. `position` is the global position of
   * the last event appended, null when unknown (the lot is then forgotten too).
   */
  recordLotAppend(
    lotId: string,
    append: { expectedRevision: ExpectedRevision; events: readonly LedgerEvent[]; occurredAt: string; revision: StreamRevision; position: Position | null },
  ): void {
    const base =
      append.expectedRevision === 'no-stream' ? { state: foldLot(lotId, []), revision: null } : this.lots.get(lotId);
    if (!base || append.position === null || base.revision !== (append.expectedRevision === 'no-stream' ? null : append.expectedRevision)) {
      this.lots.delete(lotId);
      return;
    }
    let state = base.state;
    for (const event of append.events) {
      // Through JSON, as the store keeps it: the state must be what a fold of the stored stream gives.
      state = evolveLot(state, { type: event.type, data: JSON.parse(JSON.stringify(event.data)) as object, occurredAt: append.occurredAt });
    }
    this.keepLot(lotId, { state, revision: append.revision, position: append.position });
  }

  private keepLot(lotId: string, lot: Loaded<LotState>): void {
    this.lots.delete(lotId);
    this.lots.set(lotId, lot);
    if (this.lots.size > KEPT_LOTS) this.lots.delete(this.lots.keys().next().value as string);
  }

  /** A stream's raw events, with the revision they end at: for decisions about events themselves (corrections). */
  async history(streamId: string): Promise<Loaded<RecordedEvent[]>> {
    const events = await this.store.readStream(streamId);
    return loaded(events, events);
  }

  facility(facilityId: string): Promise<Loaded<FacilityState>> {
    return this.atCurrentRevision(streams.facility(facilityId), foldFacility);
  }

  party(partyId: string): Promise<Loaded<PartyState>> {
    return this.atCurrentRevision(streams.party(partyId), foldParty);
  }

  watchlist(listId: string): Promise<Loaded<WatchlistState>> {
    return this.atCurrentRevision(streams.watchlist(listId), foldWatchlist);
  }

  /** Who is registered under a GLN (13 digits). */
  gln(gln: string): Promise<Loaded<GlnIndexState>> {
    return this.atCurrentRevision(streams.gln(gln), (events) => foldGlnIndex(gln, events));
  }

  annex(): Promise<Loaded<AnnexState>> {
    return this.atCurrentRevision(streams.annex, foldAnnex);
  }

  private async atCurrentRevision<S>(streamId: string, fold: (events: RecordedEvent[]) => S): Promise<Loaded<S>> {
    const revision = await this.store.streamRevision(streamId);
    const kept = this.folded.get(streamId) as Loaded<S> | undefined;
    if (kept && revision !== null && kept.revision === revision) return kept;
    const events = await this.store.readStream(streamId);
    const fresh = loaded(events, fold(events));
    // A stream that does not exist yet is not kept: it costs one probe either way.
    if (fresh.revision !== null) this.folded.set(streamId, fresh);
    return fresh;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { foldAnnex, type AnnexState } from '../domain/annex';
import { foldFacility, type FacilityState } from '../domain/facility';
import { foldLot, type LotState } from '../domain/lot';
import { foldParty, type PartyState } from '../domain/party';
import { streams } from '../domain/events';
import { EVENT_STORE, type EventStore, type RecordedEvent, type StreamRevision } from '../event-store/event-store.port';

/** A folded stream and the revision it was folded at: the expected revision of the next write. */
export interface Loaded<S> {
  state: S;
  revision: StreamRevision | null;
  /** Position of the stream's last event, null for a stream that does not exist. */
  position: bigint | null;
}

function loaded<S>(events: RecordedEvent[], state: S): Loaded<S> {
  const last = events[events.length - 1];
  return { state, revision: last ? last.streamRevision : null, position: last ? last.position : null };
}

/**
 * Loads the current state of lots, facilities, parties and the Annex from their own streams.
 *
 * Parties, facilities and the Annex are read by nearly every command yet change seldom, so their
 * folded state is kept per stream together with the revision it was folded at. Every load still
 * asks the store for the stream's current revision (one index probe) and folds again whenever it
 * moved, so a flag or certification on a facility is seen by the very next command, from any
 * process writing to the same store.
 */
@Injectable()
export class LedgerStateReader {
  private readonly folded = new Map<string, Loaded<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async lot(lotId: string): Promise<Loaded<LotState>> {
    return (await this.lotWithEvents(lotId)).lot;
  }

  /** The lot's state and the events it was folded from, in one read. */
  async lotWithEvents(lotId: string): Promise<{ lot: Loaded<LotState>; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streams.lot(lotId));
    return { lot: loaded(events, foldLot(lotId, events)), events };
  }

  facility(facilityId: string): Promise<Loaded<FacilityState>> {
    return this.atCurrentRevision(streams.facility(facilityId), foldFacility);
  }

  party(partyId: string): Promise<Loaded<PartyState>> {
    return this.atCurrentRevision(streams.party(partyId), foldParty);
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

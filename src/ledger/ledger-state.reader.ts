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

/** Loads the current state of lots, facilities, parties and the Annex from their own streams. */
@Injectable()
export class LedgerStateReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async lot(lotId: string): Promise<Loaded<LotState>> {
    return (await this.lotWithEvents(lotId)).lot;
  }

  /** The lot's state and the events it was folded from, in one read. */
  async lotWithEvents(lotId: string): Promise<{ lot: Loaded<LotState>; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streams.lot(lotId));
    return { lot: loaded(events, foldLot(lotId, events)), events };
  }

  async facility(facilityId: string): Promise<Loaded<FacilityState>> {
    const events = await this.store.readStream(streams.facility(facilityId));
    return loaded(events, foldFacility(events));
  }

  async party(partyId: string): Promise<Loaded<PartyState>> {
    const events = await this.store.readStream(streams.party(partyId));
    return loaded(events, foldParty(events));
  }

  async annex(): Promise<Loaded<AnnexState>> {
    const events = await this.store.readStream(streams.annex);
    return loaded(events, foldAnnex(events));
  }
}

import type { FacilityKind } from './events';
import { eventOn, type StoredEventLike } from './stored-event';

/**
 * Who is registered under one GLN, folded from `gln-<13 digits>`: the stream on which every
 * PartyRegistered and FacilityRegistered naming that GLN is also written. Several facilities may
 * share a GLN (a site registered twice, a demo run twice on one ledger).
 */
export interface GlnIndexState {
  gln: string;
  facilities: { facilityId: string; operatorId: string; kind: FacilityKind; country: string }[];
  parties: { partyId: string }[];
}

export function initialGlnIndexState(gln: string): GlnIndexState {
  return { gln, facilities: [], parties: [] };
}

/** Handles every event type the registry writes on GLN streams (a missing one does not compile). */
export function evolveGlnIndex(state: GlnIndexState, stored: StoredEventLike): GlnIndexState {
  const event = eventOn('gln', stored);
  if (!event) return state;
  switch (event.type) {
    case 'FacilityRegistered': {
      const { facilityId, operatorId, kind, country } = event.data;
      return { ...state, facilities: [...state.facilities, { facilityId, operatorId, kind, country }] };
    }
    case 'PartyRegistered':
      return { ...state, parties: [...state.parties, { partyId: event.data.partyId }] };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export function foldGlnIndex(gln: string, events: Iterable<StoredEventLike>): GlnIndexState {
  let state = initialGlnIndexState(gln);
  for (const event of events) state = evolveGlnIndex(state, event);
  return state;
}

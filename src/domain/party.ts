import { OPERATOR_ROLES, type PartyRole } from './events';
import { eventOn, type StoredEventLike } from './stored-event';

/** The state of one party, folded from `party-<partyId>`. */
export interface PartyState {
  exists: boolean;
  partyId: string | null;
  name: string | null;
  country: string | null;
  roles: PartyRole[];
}

export function initialPartyState(): PartyState {
  return { exists: false, partyId: null, name: null, country: null, roles: [] };
}

/** Handles every event type the registry writes on party streams (a missing one does not compile). */
export function evolveParty(state: PartyState, stored: StoredEventLike): PartyState {
  const event = eventOn('party', stored);
  if (!event) return state;
  switch (event.type) {
    case 'PartyRegistered': {
      const { partyId, name, country, roles } = event.data;
      return { exists: true, partyId, name, country, roles: [...roles] };
    }
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
}

export function foldParty(events: Iterable<StoredEventLike>): PartyState {
  let state = initialPartyState();
  for (const event of events) state = evolveParty(state, event);
  return state;
}

/** Operators are the roles that take custody of material: producer, processor, recycler, trader, manufacturer. */
export function isOperator(roles: readonly PartyRole[]): boolean {
  return roles.some((role) => OPERATOR_ROLES.includes(role));
}

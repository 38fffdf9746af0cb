import { OPERATOR_ROLES, type PartyIdentifiers, type PartyRole } from './events';
import { emptyRiskRecord, evolveRiskRecord, type RiskRecord } from './risk-record';
import { eventOn, type StoredEventLike } from './stored-event';

/** The state of one party, folded from `party-<partyId>`; flags on it count for all it operates and held. */
export interface PartyState extends RiskRecord {
  exists: boolean;
  partyId: string | null;
  name: string | null;
  country: string | null;
  roles: PartyRole[];
  identifiers: PartyIdentifiers;
}

export function initialPartyState(): PartyState {
  return { exists: false, partyId: null, name: null, country: null, roles: [], identifiers: {}, ...emptyRiskRecord() };
}

/** Handles every event type the registry writes on party streams (a missing one does not compile). */
export function evolveParty(state: PartyState, stored: StoredEventLike): PartyState {
  const event = eventOn('party', stored);
  if (!event) return state;
  switch (event.type) {
    case 'PartyRegistered': {
      const { partyId, name, country, roles, identifiers } = event.data;
      return { ...state, exists: true, partyId, name, country, roles: [...roles], identifiers: { ...identifiers } };
    }
    case 'FlagRaised':
    case 'FlagResolved':
      return { ...state, ...evolveRiskRecord(state, event) };
    default: {
      const unreachable: never = event;
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

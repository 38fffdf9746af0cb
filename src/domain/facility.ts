import type { FacilityKind } from './events';
import { emptyRiskRecord, evolveRiskRecord, type RiskRecord } from './risk-record';
import { eventOn, type StoredEventLike } from './stored-event';

/** The state of one facility, folded from `facility-<facilityId>`. */
export interface FacilityState extends RiskRecord {
  exists: boolean;
  facilityId: string | null;
  operatorId: string | null;
  name: string | null;
  kind: FacilityKind | null;
  country: string | null;
}

export function initialFacilityState(): FacilityState {
  return { exists: false, facilityId: null, operatorId: null, name: null, kind: null, country: null, ...emptyRiskRecord() };
}

/** Handles every event type the registry writes on facility streams (a missing one does not compile). */
export function evolveFacility(state: FacilityState, stored: StoredEventLike): FacilityState {
  const event = eventOn('facility', stored);
  if (!event) return state;
  switch (event.type) {
    case 'FacilityRegistered': {
      const { facilityId, operatorId, name, kind, country } = event.data;
      return { ...state, exists: true, facilityId, operatorId, name, kind, country };
    }
    case 'FlagRaised':
    case 'FlagResolved':
    case 'CertificationRecorded':
      return { ...state, ...evolveRiskRecord(state, event) };
    case 'EventCorrected':
      // Declares an earlier event erroneous; the remedy is new events, so the state stays.
      return state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export function foldFacility(events: Iterable<StoredEventLike>): FacilityState {
  let state = initialFacilityState();
  for (const event of events) state = evolveFacility(state, event);
  return state;
}

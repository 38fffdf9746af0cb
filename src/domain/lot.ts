import type { Composition, Feedstock, Grams, LotForm, LotTransformed } from './events';
import { emptyRiskRecord, evolveRiskRecord, type RiskRecord } from './risk-record';
import { eventOn, type StoredEventLike } from './stored-event';

/** The state of one lot, folded from its own stream (`lot-<lotId>`). */

export type LotStatus = 'active' | 'in-transit' | 'consumed' | 'retired';

export type LotOrigin =
  | { type: 'extraction'; facilityId: string; country: string; recycled: false }
  | { type: 'recycling'; facilityId: string; country: string; recycled: true; feedstock: Feedstock }
  | { type: 'transformation'; facilityId: string; country: string; transformationId: string };

export interface PendingShipment {
  shipmentId: string;
  fromPartyId: string;
  toPartyId: string;
  toFacilityId?: string;
  grossMassG: Grams;
}

export interface LotState extends RiskRecord {
  lotId: string;
  exists: boolean;
  form: LotForm | null;
  status: LotStatus;
  /** Exactly one at a time; the shipper stays custodian while the lot is in transit. */
  custodianId: string | null;
  /** Remaining gross mass. */
  grossMassG: Grams;
  /** Remaining contained grams per mineral; minerals at 0 g are dropped. */
  composition: Composition;
  origin: LotOrigin | null;
  /** Facility where the lot is; null while in transit. */
  locationFacilityId: string | null;
  pendingShipment: PendingShipment | null;
  /** Every shipment id used on this lot, received or not. */
  shipmentIds: string[];
  receivedShipmentIds: string[];
  /** Every party that has been custodian, in order of first custody. */
  holders: string[];
  /** Business time of the lot's last event. */
  lastOccurredAt: string | null;
}

/** The lot id comes from the stream being folded: a transformation event names several lots. */
export function initialLotState(lotId: string): LotState {
  return {
    lotId,
    exists: false,
    form: null,
    status: 'active',
    custodianId: null,
    grossMassG: 0,
    composition: {},
    origin: null,
    locationFacilityId: null,
    pendingShipment: null,
    shipmentIds: [],
    receivedShipmentIds: [],
    holders: [],
    lastOccurredAt: null,
    ...emptyRiskRecord(),
  };
}

/** Handles every event type the registry writes on lot streams (a missing one does not compile). */
export function evolveLot(state: LotState, stored: StoredEventLike): LotState {
  const event = eventOn('lot', stored);
  if (!event) return state;
  const next = { ...state, lastOccurredAt: stored.occurredAt };
  switch (event.type) {
    case 'LotExtracted':
    case 'LotRecovered': {
      const d = event.data;
      return {
        ...next,
        exists: true,
        form: d.form,
        status: 'active',
        custodianId: d.custodianId,
        grossMassG: d.grossMassG,
        composition: withoutZeros(d.composition),
        origin:
          event.type === 'LotRecovered'
            ? {
                type: 'recycling',
                facilityId: d.facilityId,
                country: d.country,
                recycled: true,
                feedstock: event.data.feedstock,
              }
            : { type: 'extraction', facilityId: d.facilityId, country: d.country, recycled: false },
        locationFacilityId: d.facilityId,
        holders: addHolder(state.holders, d.custodianId),
      };
    }
    case 'LotShipped': {
      const d = event.data;
      return {
        ...next,
        status: 'in-transit',
        locationFacilityId: null,
        pendingShipment: {
          shipmentId: d.shipmentId,
          fromPartyId: d.fromPartyId,
          toPartyId: d.toPartyId,
          ...(d.toFacilityId !== undefined ? { toFacilityId: d.toFacilityId } : {}),
          grossMassG: d.grossMassG,
        },
        shipmentIds: [...state.shipmentIds, d.shipmentId],
      };
    }
    case 'LotReceived': {
      const d = event.data;
      return {
        ...next,
        status: 'active',
        custodianId: d.receiverId,
        grossMassG: d.receivedMassG,
        composition: withoutZeros(d.composition),
        locationFacilityId: d.facilityId,
        pendingShipment: null,
        receivedShipmentIds: [...state.receivedShipmentIds, d.shipmentId],
        holders: addHolder(state.holders, d.receiverId),
      };
    }
    case 'LotTransformed':
      return evolveTransformed(state, next, event.data);
    case 'LotRetired':
      return { ...next, status: 'retired' };
    case 'FlagRaised':
    case 'FlagResolved':
    case 'CertificationRecorded':
      return { ...next, ...evolveRiskRecord(state, event) };
    case 'EventCorrected':
      // A correction declares an earlier event erroneous but undoes nothing by itself: the
      // remedy is new events, so the lot's state stays as folded.
      return next;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Input: the lot gives up consumed gross and minerals. Output: the event creates the lot. */
function evolveTransformed(state: LotState, next: LotState, d: LotTransformed['data']): LotState {
  const input = d.inputs.find((i) => i.lotId === state.lotId);
  if (input) {
    const composition: Composition = {};
    for (const [mineral, grams] of Object.entries(state.composition)) {
      const left = grams - (input.givenUp[mineral] ?? 0);
      if (left > 0) composition[mineral] = left;
    }
    const grossMassG = state.grossMassG - input.consumedMassG;
    return { ...next, grossMassG, composition, status: grossMassG <= 0 ? 'consumed' : state.status };
  }
  const output = d.outputs.find((o) => o.lotId === state.lotId);
  if (output) {
    return {
      ...next,
      exists: true,
      form: output.form,
      status: 'active',
      custodianId: d.custodianId,
      grossMassG: output.grossMassG,
      composition: withoutZeros(output.composition),
      origin: { type: 'transformation', facilityId: d.facilityId, country: d.country, transformationId: d.transformationId },
      locationFacilityId: d.facilityId,
      holders: addHolder(state.holders, d.custodianId),
    };
  }
  return state;
}

export function foldLot(lotId: string, events: Iterable<StoredEventLike>): LotState {
  let state = initialLotState(lotId);
  for (const event of events) state = evolveLot(state, event);
  return state;
}

function addHolder(holders: string[], partyId: string): string[] {
  return holders.includes(partyId) ? holders : [...holders, partyId];
}

function withoutZeros(composition: Composition): Composition {
  const out: Composition = {};
  for (const [mineral, grams] of Object.entries(composition)) if (grams > 0) out[mineral] = grams;
  return out;
}

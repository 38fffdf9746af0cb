import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import {
  streams,
  type Composition,
  type FacilityKind,
  type Feedstock,
  type LotForm,
  type PartyRole,
  type RetirementReason,
  type TransformationInput,
  type TransformationOutput,
} from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { handledEventOf, isCanonicalTransformationCopy } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import type { DocumentState, Projection } from './projection';

export type LotStatus = 'active' | 'in-transit' | 'consumed' | 'retired';

/** One custody hop: the shipper's attestation, closed by the receiver's. */
export interface CustodyHop {
  shipmentId: string;
  fromPartyId: string;
  toPartyId: string;
  toFacilityId: string | null;
  destinationCountry: string;
  shippedMassG: number;
  shippedAt: string;
  shippedPosition: string;
  transportMode: string | null;
  documents: { type: string; reference: string; sha256?: string }[];
  receipt: {
    receiverId: string;
    facilityId: string;
    country: string;
    receivedMassG: number;
    receivedAt: string;
    position: string;
  } | null;
}

export interface LotOrigin {
  kind: 'extraction' | 'recycling';
  facilityId: string;
  country: string;
  feedstock: Feedstock | null;
  occurredAt: string;
}

/** An event of the subject's stream declared erroneous: shown beside it, undoing nothing. */
export interface CorrectionNote {
  correctedEventId: string;
  reason: string;
  declaredAt: string;
  position: string;
}

/** A lot node of the custody graph, with its current mass, custodian and hops. */
export interface LotDoc {
  lotId: string;
  form: LotForm;
  status: LotStatus;
  custodianId: string;
  grossMassG: number;
  /** Its gross mass when it was extracted, recovered or produced: what went into it. */
  madeMassG: number;
  composition: Composition;
  origin: LotOrigin | null;
  producedBy: string | null;
  consumedBy: string[];
  hops: CustodyHop[];
  retirement: { reason: RetirementReason; productRef: string | null; occurredAt: string } | null;
  corrections: CorrectionNote[];
  createdAt: string;
  createdPosition: string;
}

export interface TransformationDoc {
  transformationId: string;
  facilityId: string;
  country: string;
  process: string;
  custodianId: string;
  occurredAt: string;
  position: string;
  inputs: TransformationInput[];
  outputs: TransformationOutput[];
}

export interface FacilityDoc {
  facilityId: string;
  operatorId: string;
  name: string;
  kind: FacilityKind;
  country: string;
  /** RMI smelter id (`CID…`) as registered, for the EMRT Smelter List. */
  rmiSmelterId: string | null;
  corrections: CorrectionNote[];
}

export interface PartyDoc {
  partyId: string;
  name: string;
  country: string;
  roles: PartyRole[];
}

const LOT_STREAM = streams.lot('');
const FACILITY_STREAM = streams.facility('');

export const LOTS = 'lots';
export const TRANSFORMATIONS = 'transformations';
export const FACILITIES = 'facilities';
export const PARTIES = 'parties';
/** output lot → input lot: the upstream direction of the graph. */
export const PARENTS = 'parents';

/** The event types the custody graph is built from; its switch names these and no other. */
const CUSTODY_GRAPH_TYPES = [
  'PartyRegistered',
  'FacilityRegistered',
  'LotExtracted',
  'LotRecovered',
  'LotShipped',
  'LotReceived',
  'LotTransformed',
  'LotRetired',
  'EventCorrected',
] as const;

/** (a) The custody graph: lots, transformations, hops, origins, facilities and parties. */
export const custodyGraphProjection: Projection = {
  name: 'custody-graph',
  collections: [LOTS, TRANSFORMATIONS, FACILITIES, PARTIES],
  relations: [PARENTS],
  canHandle: CUSTODY_GRAPH_TYPES,
  dependsOn: {
    asLedgerEvent,
    KNOWN_TYPES,
    evolveCustodyGraph,
    newLot,
    subtract,
    handledEventOf,
    CUSTODY_GRAPH_TYPES,
    isCanonicalTransformationCopy,
    streams,
    LOT_STREAM,
    FACILITY_STREAM,
  },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveCustodyGraph(state, event);
    return state;
  },
};

function evolveCustodyGraph(state: DocumentState, event: RecordedEvent): void {
  const e = handledEventOf(event, CUSTODY_GRAPH_TYPES);
  if (!e) return;
  const at = event.position;
  const updateLot = (lotId: string, change: (lot: LotDoc) => LotDoc) => {
    const lot = state.get<LotDoc>(LOTS, lotId);
    if (lot) state.put(LOTS, lotId, change(lot), at);
  };
  switch (e.type) {
    case 'PartyRegistered':
      state.put<PartyDoc>(PARTIES, e.data.partyId, { ...e.data }, at);
      return;
    case 'FacilityRegistered': {
      const { facilityId, operatorId, name, kind, country } = e.data;
      const rmiSmelterId = e.data.identifiers?.rmiSmelterId ?? null;
      state.put<FacilityDoc>(FACILITIES, facilityId, { facilityId, operatorId, name, kind, country, rmiSmelterId, corrections: [] }, at);
      return;
    }
    case 'LotExtracted':
    case 'LotRecovered': {
      const d = e.data;
      const origin: LotOrigin = {
        kind: e.type === 'LotExtracted' ? 'extraction' : 'recycling',
        facilityId: d.facilityId,
        country: d.country,
        feedstock: e.type === 'LotRecovered' ? e.data.feedstock : null,
        occurredAt: event.occurredAt,
      };
      state.put<LotDoc>(LOTS, d.lotId, newLot(d.lotId, d.form, d.custodianId, d.grossMassG, d.composition, event, { origin }), at);
      return;
    }
    case 'LotShipped': {
      const d = e.data;
      updateLot(d.lotId, (lot) => ({
        ...lot,
        status: 'in-transit',
        hops: [
          ...lot.hops,
          {
            shipmentId: d.shipmentId,
            fromPartyId: d.fromPartyId,
            toPartyId: d.toPartyId,
            toFacilityId: d.toFacilityId ?? null,
            destinationCountry: d.destinationCountry,
            shippedMassG: d.grossMassG,
            shippedAt: event.occurredAt,
            shippedPosition: at.toString(),
            transportMode: d.transportMode ?? null,
            documents: d.documents ?? [],
            receipt: null,
          },
        ],
      }));
      return;
    }
    case 'LotReceived': {
      const d = e.data;
      updateLot(d.lotId, (lot) => ({
        ...lot,
        status: 'active',
        custodianId: d.receiverId,
        grossMassG: d.receivedMassG,
        composition: d.composition,
        hops: lot.hops.map((hop) =>
          hop.shipmentId !== d.shipmentId
            ? hop
            : {
                ...hop,
                receipt: {
                  receiverId: d.receiverId,
                  facilityId: d.facilityId,
                  country: d.country,
                  receivedMassG: d.receivedMassG,
                  receivedAt: event.occurredAt,
                  position: at.toString(),
                },
              },
        ),
      }));
      return;
    }
    case 'LotTransformed': {
      const d = e.data;
      if (!isCanonicalTransformationCopy(event, d)) return;
      state.put<TransformationDoc>(
        TRANSFORMATIONS,
        d.transformationId,
        {
          transformationId: d.transformationId,
          facilityId: d.facilityId,
          country: d.country,
          process: d.process,
          custodianId: d.custodianId,
          occurredAt: event.occurredAt,
          position: at.toString(),
          inputs: d.inputs,
          outputs: d.outputs,
        },
        at,
      );
      for (const input of d.inputs) {
        updateLot(input.lotId, (lot) => {
          const grossMassG = lot.grossMassG - input.consumedMassG;
          return {
            ...lot,
            status: grossMassG <= 0 ? 'consumed' : lot.status,
            grossMassG: Math.max(grossMassG, 0),
            composition: subtract(lot.composition, input.givenUp),
            consumedBy: [...lot.consumedBy, d.transformationId],
          };
        });
      }
      for (const output of d.outputs) {
        state.put<LotDoc>(
          LOTS,
          output.lotId,
          newLot(output.lotId, output.form, d.custodianId, output.grossMassG, output.composition, event, {
            producedBy: d.transformationId,
          }),
          at,
        );
        for (const input of d.inputs) state.link(PARENTS, output.lotId, input.lotId, at);
      }
      return;
    }
    case 'LotRetired': {
      const d = e.data;
      updateLot(d.lotId, (lot) => ({
        ...lot,
        status: 'retired',
        retirement: { reason: d.reason, productRef: d.productRef ?? null, occurredAt: event.occurredAt },
      }));
      return;
    }
    case 'EventCorrected': {
      // As the domain decides: the original event keeps its effect; readers see the declaration.
      const note: CorrectionNote = { ...e.data, declaredAt: event.occurredAt, position: at.toString() };
      if (event.streamId.startsWith(LOT_STREAM)) {
        updateLot(event.streamId.slice(LOT_STREAM.length), (lot) => ({ ...lot, corrections: [...lot.corrections, note] }));
      } else if (event.streamId.startsWith(FACILITY_STREAM)) {
        const facilityId = event.streamId.slice(FACILITY_STREAM.length);
        const facility = state.get<FacilityDoc>(FACILITIES, facilityId);
        if (facility) state.put<FacilityDoc>(FACILITIES, facilityId, { ...facility, corrections: [...facility.corrections, note] }, at);
      }
      return;
    }
    default: {
      const exhaustive: never = e;
      return exhaustive;
    }
  }
}

function newLot(
  lotId: string,
  form: LotForm,
  custodianId: string,
  grossMassG: number,
  composition: Composition,
  event: RecordedEvent,
  source: { origin?: LotOrigin; producedBy?: string },
): LotDoc {
  return {
    lotId,
    form,
    status: 'active',
    custodianId,
    grossMassG,
    madeMassG: grossMassG,
    composition: { ...composition },
    origin: source.origin ?? null,
    producedBy: source.producedBy ?? null,
    consumedBy: [],
    hops: [],
    retirement: null,
    corrections: [],
    createdAt: event.occurredAt,
    createdPosition: event.position.toString(),
  };
}

function subtract(composition: Composition, givenUp: Composition): Composition {
  const rest: Composition = {};
  for (const [mineral, grams] of Object.entries(composition)) {
    const left = grams - (givenUp[mineral] ?? 0);
    if (left > 0) rest[mineral] = left;
  }
  return rest;
}

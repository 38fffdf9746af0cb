/**
 * EPCIS 2.0 documents in the ledger's mapping (docs/epcis.md), as a client writes them: plain JSON
 * built from the contract only. The demo's `--epcis` run, the e2e tests and benchmark W8 use them.
 * Masses are given as JSON numbers of kilograms (uom KGM) from the decimal strings of /v1.
 */

import type { EpcisDocument, EpcisEvent } from './ledger-api-client';

export type { EpcisDocument, EpcisEvent };

export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { cml: 'urn:cml:' }];

export function epcisDocument(events: EpcisEvent[], creationDate = new Date().toISOString()): EpcisDocument {
  return { '@context': EPCIS_CONTEXT, type: 'EPCISDocument', schemaVersion: '2.0', creationDate, epcisBody: { eventList: events } };
}

/** A kilogram decimal string as the JSON number text of EPCIS (written unquoted by `JSON.stringify`). */
function kgNumber(kg: string): number {
  // Every /v1 mass has at most 3 decimals and 13 significant digits: exact as a JSON number.
  return Number(kg);
}

const lot = (lotId: string) => `urn:cml:lot:${lotId}`;
const facility = (facilityId: string) => `urn:cml:facility:${facilityId}`;
const party = (partyId: string) => `urn:cml:party:${partyId}`;

function common(eventID: string, occurredAt: string): Pick<EpcisEvent, 'eventID' | 'eventTime' | 'eventTimeZoneOffset'> {
  return { eventID, eventTime: occurredAt, eventTimeZoneOffset: '+00:00' };
}

export interface OriginEvent {
  eventID: string;
  lotId: string;
  form: string;
  grossMassKg: string;
  composition: Record<string, string>;
  occurredAt: string;
  origin: { type: 'extraction'; facilityId: string } | { type: 'recycling'; facilityId: string; feedstock: string };
}

export function originEvent(o: OriginEvent): EpcisEvent {
  return {
    type: 'ObjectEvent',
    ...common(o.eventID, o.occurredAt),
    action: 'ADD',
    bizStep: 'commissioning',
    bizLocation: { id: facility(o.origin.facilityId) },
    quantityList: [{ epcClass: lot(o.lotId), quantity: kgNumber(o.grossMassKg), uom: 'KGM' }],
    ilmd: {
      'cml:form': o.form,
      'cml:originType': o.origin.type,
      ...(o.origin.type === 'recycling' ? { 'cml:feedstock': o.origin.feedstock } : {}),
      'cml:containedMass': Object.entries(o.composition).map(([mineral, kg]) => ({ 'cml:mineral': mineral, quantity: kgNumber(kg), uom: 'KGM' })),
    },
  };
}

export interface ShipmentEvent {
  eventID: string;
  lotId: string;
  grossMassKg: string;
  shipmentId: string;
  toPartyId: string;
  toFacilityId?: string;
  destinationCountry?: string;
  occurredAt: string;
}

export function shipmentEvent(s: ShipmentEvent): EpcisEvent {
  return {
    type: 'ObjectEvent',
    ...common(s.eventID, s.occurredAt),
    action: 'OBSERVE',
    bizStep: 'shipping',
    quantityList: [{ epcClass: lot(s.lotId), quantity: kgNumber(s.grossMassKg), uom: 'KGM' }],
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:cml:shipment:${s.shipmentId}` }],
    destinationList: [
      { type: 'owning_party', destination: party(s.toPartyId) },
      ...(s.toFacilityId ? [{ type: 'location', destination: facility(s.toFacilityId) }] : []),
    ],
    ...(s.destinationCountry ? { 'cml:destinationCountry': s.destinationCountry } : {}),
  };
}

export interface ReceiptEvent {
  eventID: string;
  lotId: string;
  shipmentId?: string;
  facilityId: string;
  receivedMassKg: string;
  occurredAt: string;
}

export function receiptEvent(r: ReceiptEvent): EpcisEvent {
  return {
    type: 'ObjectEvent',
    ...common(r.eventID, r.occurredAt),
    action: 'OBSERVE',
    bizStep: 'receiving',
    bizLocation: { id: facility(r.facilityId) },
    quantityList: [{ epcClass: lot(r.lotId), quantity: kgNumber(r.receivedMassKg), uom: 'KGM' }],
    ...(r.shipmentId ? { bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:cml:shipment:${r.shipmentId}` }] } : {}),
  };
}

export interface TransformationEvent {
  eventID: string;
  transformationId: string;
  facilityId: string;
  process: string;
  occurredAt: string;
  inputs: { lotId: string; massKg: string }[];
  outputs: { lotId: string; form: string; grossMassKg: string; composition: Record<string, string> }[];
}

export function transformationEvent(t: TransformationEvent): EpcisEvent {
  return {
    type: 'TransformationEvent',
    ...common(t.eventID, t.occurredAt),
    transformationID: `urn:cml:transformation:${t.transformationId}`,
    bizLocation: { id: facility(t.facilityId) },
    inputQuantityList: t.inputs.map((input) => ({ epcClass: lot(input.lotId), quantity: kgNumber(input.massKg), uom: 'KGM' })),
    outputQuantityList: t.outputs.map((output) => ({ epcClass: lot(output.lotId), quantity: kgNumber(output.grossMassKg), uom: 'KGM' })),
    ilmd: {
      'cml:outputs': t.outputs.map((output) => ({
        epcClass: lot(output.lotId),
        'cml:form': output.form,
        'cml:containedMass': Object.entries(output.composition).map(([mineral, kg]) => ({ 'cml:mineral': mineral, quantity: kgNumber(kg), uom: 'KGM' })),
      })),
    },
    'cml:kind': t.process,
  };
}

export interface RetirementEvent {
  eventID: string;
  lotId: string;
  grossMassKg: string;
  reason: 'manufactured' | 'disposed' | 'lost';
  occurredAt: string;
  productRef?: string;
}

const RETIREMENT_BIZ_STEPS = { manufactured: 'decommissioning', disposed: 'destroying', lost: 'cml:lost' } as const;

export function retirementEvent(r: RetirementEvent): EpcisEvent {
  return {
    type: 'ObjectEvent',
    ...common(r.eventID, r.occurredAt),
    action: 'DELETE',
    bizStep: RETIREMENT_BIZ_STEPS[r.reason],
    quantityList: [{ epcClass: lot(r.lotId), quantity: kgNumber(r.grossMassKg), uom: 'KGM' }],
    ...(r.productRef ? { 'cml:productRef': r.productRef } : {}),
  };
}

import { fullFormats } from 'ajv-formats/dist/formats';
import type { Composition, LedgerEvent, RetirementReason } from '../../domain/events';
import { asLedgerEvent } from '../../domain/stored-event';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { isCanonicalTransformationCopy } from '../../../projections/ledger-event';
import { facilityUri, lotClassUri, partyUri, shipmentUri, transformationUri } from '../identifiers';
import { errorReasonTerm } from './cbv-vocabulary';
import { eventTimeOf } from './event-time';
import { kilogramsOf, type JsonObjectTree, type JsonTree } from './exact-json-writing';

/**
 * The EPCIS 2.0 rendering of the ledger's custody events (`../shared/reference/epcis.md`, "Event
 * mapping"), whatever API posted them: origin → ObjectEvent ADD commissioning, shipment → OBSERVE
 * shipping, receipt → OBSERVE receiving, transformation → one TransformationEvent (its canonical
 * copy), retirement → DELETE. Registration, Annex amendments, certifications and flags are master
 * data and render as nothing. Lots, parties and facilities are shown with the identifiers they
 * were created with, which the caller's directory remembers from earlier in the log.
 */

/** What the rendering needs to know from earlier in the log. */
export interface MasterDataDirectory {
  /** The GLN a facility was registered with (13 digits or an SGLN URN), if any. */
  facilityGln(facilityId: string): string | undefined;
  /** The PGLN a party was registered with, if any. */
  partyPgln(partyId: string): string | undefined;
  /** The GS1 class a lot was created with, if any. */
  lotClass(lotId: string): string | undefined;
  /** The lot as it stands before the event: remaining gross and the facility where it is (null in transit). */
  lot(lotId: string): { grossMassG: number; facilityId: string | null } | undefined;
}

/** How a lot takes part in an event: what `MATCH_epcClass`, `MATCH_inputEPCClass` and `MATCH_outputEPCClass` look at. */
export type LotRole = 'quantity' | 'input' | 'output';

export type EpcisEventType = 'ObjectEvent' | 'TransformationEvent';

/** One EPCIS event, with the fields the index filters on beside it. */
export interface RenderedEvent {
  eventId: string;
  eventType: EpcisEventType;
  /** The ledger's occurred-at. */
  occurredAt: string;
  /** As the index compares it (`bizStepTerm`). */
  bizStep: string | null;
  /** Facility ids, not URIs: a facility is found by either of its identifiers. */
  bizLocation: string | null;
  readPoint: string | null;
  lots: { lotId: string; role: LotRole }[];
  /** The event as served, but for `recordTime` and `errorDeclaration`, which each row adds. */
  body: JsonObjectTree;
}

const KGM = 'KGM';

const RETIREMENT_STEPS: Record<RetirementReason, string> = {
  manufactured: 'decommissioning',
  disposed: 'destroying',
  lost: 'cml:lost',
};

/** The schema's own test of a URI (ajv-formats), so what passes here passes the official schema. */
const isUri = fullFormats.uri as (value: string) => boolean;

/** The EPCIS rendering of a custody event; null for master data and for the other copies of a transformation. */
export function renderCustodyEvent(event: RecordedEvent, directory: MasterDataDirectory): RenderedEvent | null {
  const ledgerEvent = asLedgerEvent(event);
  if (!ledgerEvent) return null;
  const render = new EventRendering(event, directory);
  return render.of(ledgerEvent);
}

/**
 * The EPCIS eventID of a ledger event: the one its poster gave through EPCIS capture (kept in the
 * idempotency key as `<poster>:epcis:<eventID>`), else `urn:uuid:<ledger event id>`.
 */
export function epcisEventIdOf(event: Pick<RecordedEvent, 'eventId' | 'actorPartyId' | 'idempotencyKey'>): string {
  const prefix = `${event.actorPartyId}:epcis:`;
  const given = event.idempotencyKey?.startsWith(prefix) ? event.idempotencyKey.slice(prefix.length) : null;
  return given !== null && isUri(given) ? given : `urn:uuid:${event.eventId}`;
}

/** The `errorDeclaration` of an `EventCorrected`, and the reason as the index compares it (null for free text). */
export function errorDeclarationOf(correction: RecordedEvent): { declaration: JsonObjectTree; reasonTerm: string | null; correctiveEventIds: string[] } {
  const data = correction.data as { reason?: unknown; declarationTime?: unknown; correctiveEventIds?: unknown };
  const reason = typeof data.reason === 'string' ? data.reason : '';
  const term = errorReasonTerm(reason);
  // A /v1 correction's reason is a sentence, which the schema's `reason` (a URI or a CBV word) cannot hold.
  const standard = term === 'did_not_occur' || term === 'incorrect_data' || isUri(reason);
  const correctiveEventIds = Array.isArray(data.correctiveEventIds) ? data.correctiveEventIds.filter((id): id is string => typeof id === 'string' && isUri(id)) : [];
  return {
    declaration: {
      declarationTime: typeof data.declarationTime === 'string' ? data.declarationTime : correction.occurredAt,
      reason: standard ? reason : undefined,
      correctiveEventIDs: correctiveEventIds.length > 0 ? correctiveEventIds : undefined,
      'cml:reason': standard || reason === '' ? undefined : reason,
    },
    reasonTerm: standard ? term : null,
    correctiveEventIds,
  };
}

class EventRendering {
  constructor(
    private readonly event: RecordedEvent,
    private readonly directory: MasterDataDirectory,
  ) {}

  of(ledgerEvent: LedgerEvent): RenderedEvent | null {
    switch (ledgerEvent.type) {
      case 'LotExtracted':
      case 'LotRecovered': {
        const d = ledgerEvent.data;
        const epcClass = lotClassUri(d.lotId, optionalString(d, 'epcClass'));
        return this.objectEvent({
          action: 'ADD',
          bizStep: 'commissioning',
          lots: [{ lotId: d.lotId, role: 'quantity' }],
          quantityList: [this.quantity(epcClass, d.grossMassG)],
          readPoint: d.facilityId,
          bizLocation: d.facilityId,
          fields: {
            ilmd: {
              'cml:form': d.form,
              'cml:originType': ledgerEvent.type === 'LotExtracted' ? 'extraction' : 'recycling',
              'cml:feedstock': ledgerEvent.type === 'LotRecovered' ? ledgerEvent.data.feedstock : undefined,
              'cml:containedMass': containedMass(d.composition),
            },
          },
        });
      }
      case 'LotShipped': {
        const d = ledgerEvent.data;
        const from = this.directory.lot(d.lotId)?.facilityId ?? null;
        return this.objectEvent({
          action: 'OBSERVE',
          bizStep: 'shipping',
          lots: [{ lotId: d.lotId, role: 'quantity' }],
          quantityList: [this.quantity(this.lotClass(d.lotId), d.grossMassG)],
          // It leaves the facility where it was: a read point there, and no business location.
          readPoint: from,
          bizLocation: null,
          fields: {
            bizTransactionList: [{ type: 'desadv', bizTransaction: shipmentUri(d.shipmentId) }],
            sourceList: [{ type: 'owning_party', source: this.party(d.fromPartyId) }],
            destinationList: [
              { type: 'owning_party', destination: this.party(d.toPartyId) },
              ...(d.toFacilityId !== undefined ? [{ type: 'location', destination: this.facility(d.toFacilityId) }] : []),
            ],
            // The destination facility says the country; without one, the ledger's field does.
            'cml:destinationCountry': d.toFacilityId === undefined ? d.destinationCountry : undefined,
          },
        });
      }
      case 'LotReceived': {
        const d = ledgerEvent.data;
        return this.objectEvent({
          action: 'OBSERVE',
          bizStep: 'receiving',
          lots: [{ lotId: d.lotId, role: 'quantity' }],
          quantityList: [this.quantity(this.lotClass(d.lotId), d.receivedMassG)],
          readPoint: d.facilityId,
          bizLocation: d.facilityId,
          fields: { bizTransactionList: [{ type: 'desadv', bizTransaction: shipmentUri(d.shipmentId) }] },
        });
      }
      case 'LotTransformed': {
        const d = ledgerEvent.data;
        if (!isCanonicalTransformationCopy(this.event, d)) return null;
        const outputClasses = d.outputs.map((output) => lotClassUri(output.lotId, optionalString(output, 'epcClass')));
        return this.rendered('TransformationEvent', {
          bizStep: null,
          readPoint: d.facilityId,
          bizLocation: d.facilityId,
          lots: [...d.inputs.map((i) => ({ lotId: i.lotId, role: 'input' as const })), ...d.outputs.map((o) => ({ lotId: o.lotId, role: 'output' as const }))],
          fields: {
            inputQuantityList: d.inputs.map((input) => this.quantity(this.lotClass(input.lotId), input.consumedMassG)),
            outputQuantityList: d.outputs.map((output, i) => this.quantity(outputClasses[i], output.grossMassG)),
            transformationID: transformationUri(d.transformationId),
            readPoint: { id: this.facility(d.facilityId) },
            bizLocation: { id: this.facility(d.facilityId) },
            ilmd: {
              'cml:outputs': d.outputs.map((output, i) => ({
                epcClass: outputClasses[i],
                'cml:form': output.form,
                'cml:containedMass': containedMass(output.composition),
              })),
            },
            'cml:kind': d.process,
          },
        });
      }
      case 'LotRetired': {
        const d = ledgerEvent.data;
        const lot = this.directory.lot(d.lotId);
        return this.objectEvent({
          action: 'DELETE',
          bizStep: RETIREMENT_STEPS[d.reason],
          lots: [{ lotId: d.lotId, role: 'quantity' }],
          quantityList: [this.quantity(this.lotClass(d.lotId), lot?.grossMassG ?? 0)],
          readPoint: lot?.facilityId ?? null,
          bizLocation: null,
          fields: {},
        });
      }
      case 'PartyRegistered':
      case 'FacilityRegistered':
      case 'AnnexAmended':
      case 'CertificationRecorded':
      case 'FlagRaised':
      case 'FlagResolved':
      case 'WatchlistCreated':
      case 'WatchlistAmended':
      case 'WatchlistScreened':
      // A correction is rendered from the event it corrects, by the index that keeps both.
      case 'EventCorrected':
        return null;
      default: {
        const unreachable: never = ledgerEvent;
        return unreachable;
      }
    }
  }

  private objectEvent(spec: {
    action: 'ADD' | 'OBSERVE' | 'DELETE';
    bizStep: string;
    lots: RenderedEvent['lots'];
    quantityList: JsonTree[];
    readPoint: string | null;
    bizLocation: string | null;
    fields: JsonObjectTree;
  }): RenderedEvent {
    return this.rendered('ObjectEvent', {
      bizStep: spec.bizStep,
      readPoint: spec.readPoint,
      bizLocation: spec.bizLocation,
      lots: spec.lots,
      fields: {
        action: spec.action,
        bizStep: spec.bizStep,
        quantityList: spec.quantityList,
        readPoint: spec.readPoint === null ? undefined : { id: this.facility(spec.readPoint) },
        bizLocation: spec.bizLocation === null ? undefined : { id: this.facility(spec.bizLocation) },
        ...spec.fields,
      },
    });
  }

  private rendered(
    eventType: EpcisEventType,
    spec: Pick<RenderedEvent, 'bizStep' | 'bizLocation' | 'readPoint' | 'lots'> & { fields: JsonObjectTree },
  ): RenderedEvent {
    const eventId = epcisEventIdOf(this.event);
    return {
      eventId,
      eventType,
      occurredAt: this.event.occurredAt,
      bizStep: spec.bizStep,
      bizLocation: spec.bizLocation,
      readPoint: spec.readPoint,
      lots: spec.lots,
      body: { type: eventType, ...eventTimeOf(this.event.occurredAt), eventID: eventId, ...spec.fields },
    };
  }

  private quantity(epcClass: string, grams: number): JsonObjectTree {
    return { epcClass, quantity: kilogramsOf(grams), uom: KGM };
  }

  private lotClass(lotId: string): string {
    return lotClassUri(lotId, this.directory.lotClass(lotId));
  }

  private party(partyId: string): string {
    return partyUri(partyId, this.directory.partyPgln(partyId));
  }

  private facility(facilityId: string): string {
    return facilityUri(facilityId, this.directory.facilityGln(facilityId));
  }
}

/** `cml:containedMass`: one entry per mineral, alphabetical, in kilograms. */
function containedMass(composition: Composition): JsonTree[] {
  return Object.keys(composition)
    .sort()
    .map((mineral) => ({ 'cml:mineral': mineral, quantity: kilogramsOf(composition[mineral]), uom: KGM }));
}

/**
 * A field that events of schema version 1 may or may not carry (the GS1 class of a lot created
 * through EPCIS capture): read only when it is a string.
 */
function optionalString(data: object, key: string): string | undefined {
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Why an EPCIS event cannot become a ledger command. Each names the event's field as a JSON
 * pointer into the document (`/epcisBody/eventList/3/quantityList/0/uom`), so the capture job
 * says exactly what to correct; status, title and help come from the problem catalogue.
 */
import { domainError } from '../../domain/domain-error';

export class UnsupportedEpcisEvent extends domainError('epcis-unsupported-event', (eventType: string, field: string) => ({
  eventType,
  message:
    eventType === 'AggregationEvent'
      ? 'An AggregationEvent packs objects into a container; it moves no custody of a lot, so the ledger does not record it.'
      : `A ${eventType} is not a custody event of the ledger; send ObjectEvents and TransformationEvents.`,
  field,
})) {}

export class UnmappedEpcisEvent extends domainError('epcis-unmapped-event', (reason: string, field: string) => ({
  message: reason,
  field,
})) {}

export class InvalidEpcisField extends domainError('epcis-invalid-field', (reason: string, field: string) => ({
  message: reason,
  field,
})) {}

export class NotAMassUnit extends domainError('epcis-unit-not-mass', (uom: string | undefined, field: string) => ({
  uom: uom ?? null,
  message:
    uom === undefined
      ? 'The quantity has no uom: a bare number is a count of items, not a mass; give uom KGM, TNE or GRM.'
      : `uom ${uom} is not a mass unit the ledger takes; give KGM, TNE or GRM.`,
  field,
})) {}

export class FractionOfGram extends domainError('epcis-fraction-of-gram', (quantity: string, uom: string, field: string) => ({
  quantity,
  uom,
  message: `${quantity} ${uom} is not a whole number of grams.`,
  field,
})) {}

export class AmbiguousGln extends domainError('epcis-ambiguous-gln', (gln: string, ids: readonly string[], field: string) => ({
  gln,
  ids,
  message: `GLN ${gln} names ${ids.length} registrations (${ids.join(', ')}); name one by its ledger id (urn:cml:…).`,
  field,
})) {}

export class PartialShipment extends domainError('partial-shipment', (lotId: string, shippedG: number, grossMassG: number, field: string) => ({
  lotId,
  shippedG,
  grossMassG,
  message: `Lot ${lotId} has ${grossMassG} g; a shipment moves the whole lot, not ${shippedG} g. Split it with a TransformationEvent first.`,
  field,
})) {}

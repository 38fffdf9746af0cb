/**
 * Typed domain errors. Each is declared by `domainError` with a code from the problem catalogue
 * (`src/problems/`), which alone decides its HTTP status and `kind`, so the exception filter never
 * inspects messages.
 */
import { domainError, type FieldError } from './domain-error';

export { DomainError, isDomainError, type DomainErrorKind, type DomainProblemCode, type FieldError } from './domain-error';

// ---- not found: the thing the request is about (usually the path) does not exist ----

export class LotNotFound extends domainError('lot-not-found', (lotId: string) => ({
  lotId,
  message: `Lot ${lotId} does not exist.`,
})) {}

export class FacilityNotFound extends domainError('facility-not-found', (facilityId: string) => ({
  facilityId,
  message: `Facility ${facilityId} does not exist.`,
})) {}

export class PartyNotFound extends domainError('party-not-found', (partyId: string) => ({
  partyId,
  message: `Party ${partyId} does not exist.`,
})) {}

export class UnknownFlag extends domainError('unknown-flag', (flagId: string) => ({
  flagId,
  message: `No flag ${flagId} was ever raised on this subject.`,
  field: 'flagId',
})) {}

export class WatchlistNotFound extends domainError('watchlist-not-found', (listId: string) => ({
  listId,
  message: `Watch list ${listId} does not exist.`,
})) {}

// ---- rule violations: a body names something that does not exist (the request itself was found) ----

export class UnknownLot extends domainError('unknown-lot', (lotId: string, field?: string) => ({
  lotId,
  message: `Lot ${lotId} does not exist.`,
  field,
})) {}

export class UnknownFacility extends domainError('unknown-facility', (facilityId: string, field?: string) => ({
  facilityId,
  message: `Facility ${facilityId} does not exist.`,
  field,
})) {}

export class UnknownParty extends domainError('unknown-party', (partyId: string, field?: string) => ({
  partyId,
  message: `Party ${partyId} does not exist.`,
  field,
})) {}

// ---- forbidden: the actor lacks the authority ----

export class MissingRole extends domainError('missing-role', (requiredRoles: readonly string[]) => ({
  requiredRoles,
  message: `This requires one of the roles: ${requiredRoles.join(', ')}.`,
})) {}

export class NotCustodian extends domainError('not-custodian', (lotId: string, field?: string) => ({
  lotId,
  message: `Only the custodian of lot ${lotId} may do this.`,
  field,
})) {}

export class NotConsignee extends domainError('not-consignee', (lotId: string, shipmentId: string) => ({
  lotId,
  shipmentId,
  message: `Only the consignee of shipment ${shipmentId} may receive lot ${lotId}.`,
})) {}

export class NotFacilityOperator extends domainError('not-facility-operator', (facilityId: string, field: string = 'facilityId') => ({
  facilityId,
  message: `Facility ${facilityId} is operated by another party.`,
  field,
})) {}

export class ScreeningOnly extends domainError('screening-only', () => ({
  message: "Only the ledger's own screening raises or resolves screening flags.",
})) {}

// ---- conflicts: the request clashes with the current state ----

export class LotAlreadyExists extends domainError('lot-already-exists', (lotId: string, field: string = 'lotId') => ({
  lotId,
  message: `Lot ${lotId} already exists.`,
  field,
})) {}

export class PartyAlreadyExists extends domainError('party-already-exists', (partyId: string) => ({
  partyId,
  message: `Party ${partyId} already exists.`,
  field: 'id',
})) {}

export class FacilityAlreadyExists extends domainError('facility-already-exists', (facilityId: string) => ({
  facilityId,
  message: `Facility ${facilityId} already exists.`,
  field: 'id',
})) {}

export class AnnexAmendmentAlreadyExists extends domainError('annex-amendment-already-exists', (amendmentId: string) => ({
  amendmentId,
  message: `Annex amendment ${amendmentId} already exists.`,
  field: 'amendmentId',
})) {}

export class WatchlistAlreadyExists extends domainError('watchlist-already-exists', (listId: string) => ({
  listId,
  message: `Watch list ${listId} already exists.`,
  field: 'listId',
})) {}

export class WatchlistAmendmentAlreadyExists extends domainError('watchlist-amendment-already-exists', (listId: string, amendmentId: string) => ({
  listId,
  amendmentId,
  message: `Watch list ${listId} already has an amendment ${amendmentId}.`,
  field: 'amendmentId',
})) {}

export class WatchlistAmendmentAlreadyScreened extends domainError(
  'watchlist-amendment-already-screened',
  (listId: string, amendmentId: string) => ({
    listId,
    amendmentId,
    message: `The screening of amendment ${amendmentId} of watch list ${listId} is already recorded.`,
    field: 'amendmentId',
  }),
) {}

export type UnavailableLotStatus = 'in-transit' | 'consumed' | 'retired';

export class LotNotAvailable extends domainError('lot-not-available', (lotId: string, status: UnavailableLotStatus, field?: string) => ({
  lotId,
  status,
  message: `Lot ${lotId} is ${status}.`,
  field,
})) {}

export class ShipmentAlreadyExists extends domainError('shipment-already-exists', (lotId: string, shipmentId: string) => ({
  lotId,
  shipmentId,
  message: `Lot ${lotId} already has a shipment ${shipmentId}.`,
  field: 'shipmentId',
})) {}

export class ShipmentAlreadyReceived extends domainError('shipment-already-received', (lotId: string, shipmentId: string) => ({
  lotId,
  shipmentId,
  message: `Shipment ${shipmentId} of lot ${lotId} was already received.`,
  field: 'shipmentId',
})) {}

export class UnknownShipment extends domainError('unknown-shipment', (lotId: string, shipmentId: string) => ({
  lotId,
  shipmentId,
  message: `Lot ${lotId} has no shipment ${shipmentId} awaiting receipt.`,
  field: 'shipmentId',
})) {}

export class FlagAlreadyExists extends domainError('flag-already-exists', (flagId: string) => ({
  flagId,
  message: `A flag ${flagId} was already raised on this subject.`,
  field: 'flagId',
})) {}

export class FlagAlreadyResolved extends domainError('flag-already-resolved', (flagId: string) => ({
  flagId,
  message: `Flag ${flagId} is already resolved.`,
  field: 'flagId',
})) {}

export class CertificationAlreadyExists extends domainError('certification-already-exists', (certificationId: string) => ({
  certificationId,
  message: `Certification ${certificationId} is already recorded on this subject.`,
  field: 'certificationId',
})) {}

// ---- rule violations: valid JSON that breaks a rule of the ledger ----

export class MineralNotOnAnnex extends domainError('mineral-not-on-annex', (mineral: string, at: string, field?: string) => ({
  mineral,
  at,
  message: `${mineral} is not on the Annex in force at ${at}.`,
  field,
})) {}

export class EmptyComposition extends domainError('empty-composition', (field: string = 'composition') => ({
  message: 'An origin lot must contain at least one critical mineral.',
  field,
})) {}

export class ContainedExceedsGross extends domainError('contained-exceeds-gross', (containedG: number, grossMassG: number, field?: string) => ({
  containedG,
  grossMassG,
  message: `The contained minerals (${containedG} g) exceed the gross mass (${grossMassG} g).`,
  field,
})) {}

export class MassBalanceViolated extends domainError(
  'mass-balance-violated',
  (mineral: string, claimedG: number, givenUpG: number, field?: string) => ({
    mineral,
    claimedG,
    givenUpG,
    message:
      givenUpG === 0
        ? `The outputs contain ${mineral} but no input gives any up.`
        : `The outputs contain ${claimedG} g of ${mineral} but the inputs give up only ${givenUpG} g.`,
    field,
  }),
) {}

export class ConsumesMoreThanRemaining extends domainError(
  'consumes-more-than-remaining',
  (lotId: string, consumedG: number, remainingG: number, field?: string) => ({
    lotId,
    consumedG,
    remainingG,
    message: `Lot ${lotId} has ${remainingG} g left; ${consumedG} g cannot be consumed.`,
    field,
  }),
) {}

export class WrongFacilityKind extends domainError(
  'wrong-facility-kind',
  (facilityId: string, actualKind: string, expectedKinds: readonly string[], field: string = 'origin.facilityId') => ({
    facilityId,
    actualKind,
    expectedKinds,
    message: `Facility ${facilityId} is a ${actualKind}; this needs a ${expectedKinds.join(' or ')}.`,
    field,
  }),
) {}

export class InputNotAtFacility extends domainError('input-not-at-facility', (lotId: string, facilityId: string, field?: string) => ({
  lotId,
  facilityId,
  message: `Lot ${lotId} is not at facility ${facilityId}; receive it there first.`,
  field,
})) {}

export class CannotShipToSelf extends domainError('cannot-ship-to-self', () => ({
  message: 'A lot cannot be shipped to its own custodian.',
  field: 'toPartyId',
})) {}

export class ConsigneeNotOperator extends domainError('consignee-not-operator', (partyId: string) => ({
  partyId,
  message: `Party ${partyId} holds no operator role and cannot take custody.`,
  field: 'toPartyId',
})) {}

export class FacilityNotOperatedByConsignee extends domainError('facility-not-operated-by-consignee', (facilityId: string, partyId: string) => ({
  facilityId,
  partyId,
  message: `Facility ${facilityId} is not operated by ${partyId}.`,
  field: 'toFacilityId',
})) {}

export class DestinationCountryMismatch extends domainError(
  'destination-country-mismatch',
  (destinationCountry: string, facilityCountry: string) => ({
    destinationCountry,
    facilityCountry,
    message: `The destination country ${destinationCountry} differs from the consignee facility's country ${facilityCountry}.`,
    field: 'destinationCountry',
  }),
) {}

export class OccurredInFuture extends domainError('occurred-in-future', (occurredAt: string, now: string) => ({
  occurredAt,
  now,
  message: `occurredAt ${occurredAt} is in the future (server time ${now}).`,
  field: 'occurredAt',
})) {}

export class OccurredBeforeLotHistory extends domainError(
  'occurred-before-lot-history',
  (lotId: string, occurredAt: string, lastOccurredAt: string) => ({
    lotId,
    occurredAt,
    lastOccurredAt,
    message: `occurredAt ${occurredAt} is earlier than the last event of lot ${lotId} (${lastOccurredAt}).`,
    field: 'occurredAt',
  }),
) {}

export class AnnexRemovalBackdated extends domainError('annex-removal-backdated', (effectiveFrom: string, now: string) => ({
  effectiveFrom,
  now,
  message: `A removal from the Annex cannot take effect in the past (${effectiveFrom} < ${now}): it would void recorded events.`,
  field: 'effectiveFrom',
})) {}

export class AnnexAmendmentWithoutEffect extends domainError(
  'annex-amendment-without-effect',
  (mineral: string, reason: 'already-listed' | 'not-listed', field: string) => ({
    mineral,
    message: reason === 'already-listed' ? `${mineral} is already on the Annex at that date.` : `${mineral} is not on the Annex at that date.`,
    field,
  }),
) {}

export class WatchlistAmendmentBeforeList extends domainError(
  'watchlist-amendment-before-list',
  (listId: string, effectiveFrom: string, listEffectiveFrom: string) => ({
    listId,
    effectiveFrom,
    listEffectiveFrom,
    message: `Watch list ${listId} exists from ${listEffectiveFrom}; an amendment cannot take effect earlier (${effectiveFrom}).`,
    field: 'effectiveFrom',
  }),
) {}

export class WatchlistEntryUnidentifiable extends domainError('watchlist-entry-unidentifiable', (entryId: string, field: string) => ({
  entryId,
  message: `Entry ${entryId} has neither a name nor an identifier: screening could match it to nothing.`,
  field,
})) {}

export class UnknownWatchlistEntry extends domainError('unknown-watchlist-entry', (entryId: string, at: string, field: string) => ({
  entryId,
  at,
  message: `Entry ${entryId} is not on the list at ${at}, so it cannot be removed then.`,
  field,
})) {}

export class WatchlistEntryAlreadyListed extends domainError('watchlist-entry-already-listed', (entryId: string, at: string, field: string) => ({
  entryId,
  at,
  message: `Entry ${entryId} is already on the list at ${at}.`,
  field,
})) {}

export class InvalidCertificationPeriod extends domainError('invalid-certification-period', (validFrom: string, validTo: string) => ({
  validFrom,
  validTo,
  message: `validTo (${validTo}) must be later than validFrom (${validFrom}).`,
  field: 'validTo',
})) {}

// ---- invalid: malformed input the HTTP layer's shape checks let through ----

export type InvalidMassReason =
  | 'not-a-string'
  | 'malformed'
  | 'wrong-unit'
  | 'not-positive'
  | 'too-precise'
  | 'too-large'
  | 'not-integer-grams';

const MASS_REASON_TEXT: Record<InvalidMassReason, string> = {
  'not-a-string': 'a mass must be a JSON string of decimal kilograms, e.g. "13950.5"',
  malformed: 'a mass must be a plain decimal number of kilograms, e.g. "13950.5"',
  'wrong-unit': 'masses are given in kilograms as a bare decimal string, without a unit',
  'not-positive': 'a mass must be greater than zero',
  'too-precise': 'a mass has at most 3 decimals (gram precision)',
  'too-large': 'a mass cannot exceed 10,000,000,000 kg',
  'not-integer-grams': 'a mass must be a positive whole number of grams',
};

/**
 * A mass that is not a positive decimal of kilograms with gram precision. Shape problems (not a
 * string, malformed) are 400; a well-formed value that breaks rule 2 (unit, sign, precision, size)
 * is 422, as the brief asks for "wrong unit".
 */
export class InvalidMass extends domainError('invalid-mass', (reason: InvalidMassReason, field: string = 'mass') => ({
  reason,
  message: `${field}: ${MASS_REASON_TEXT[reason]}.`,
  field,
  httpStatus: reason === 'not-a-string' || reason === 'malformed' ? (400 as const) : (422 as const),
})) {}

export class InvalidTimestamp extends domainError('invalid-timestamp', (value: unknown, field: string) => ({
  value,
  message: `${field} must be an RFC 3339 date-time with a time zone, e.g. 2024-05-01T08:30:00Z.`,
  field,
})) {}

export class InvalidMineralName extends domainError('invalid-mineral-name', (mineral: string, field: string) => ({
  mineral,
  message: `"${mineral}" is not a mineral name (lowercase letters and hyphens, e.g. "lithium").`,
  field,
})) {}

/** Malformed command content that no more specific error describes; carries every offending field. */
export class InvalidCommand extends domainError('invalid-command', (fields: FieldError[]) => ({
  message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
  field: fields[0]?.field,
  fields,
})) {}

// ---- corrections ----

export class UnknownEvent extends domainError('unknown-event', (eventId: string) => ({
  eventId,
  message: `No event ${eventId} is recorded on this subject.`,
  field: 'eventId',
})) {}

export class EventAlreadyCorrected extends domainError('event-already-corrected', (eventId: string) => ({
  eventId,
  message: `Event ${eventId} was already declared erroneous.`,
  field: 'eventId',
})) {}

export class NotEventAuthor extends domainError('not-event-author', (eventId: string) => ({
  eventId,
  message: `Only the party that recorded event ${eventId}, an auditor or a regulator may declare it erroneous.`,
})) {}

export class CorrectionOfCorrection extends domainError('correction-of-correction', (eventId: string) => ({
  eventId,
  message: `Event ${eventId} is itself a correction; a correction cannot be corrected.`,
  field: 'eventId',
})) {}

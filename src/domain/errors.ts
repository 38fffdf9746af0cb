/**
 * Typed domain errors. Each has a stable `code` (the problem+json `type` slug, never renamed) and a
 * `kind` that alone decides the HTTP status, so the exception filter never inspects messages:
 * not-found → 404, forbidden → 403, conflict → 409, rule-violation → 422, invalid → 400.
 */

export type DomainErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'rule-violation' | 'invalid';

export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** The request field the error is about, when there is one (dotted path, e.g. `inputs.0.massKg`). */
  readonly field?: string;
  readonly fields: FieldError[];

  protected constructor(message: string, field?: string, fields?: FieldError[]) {
    super(message);
    this.name = new.target.name;
    this.field = field;
    this.fields = fields ?? (field ? [{ field, message }] : []);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

// ---- not found: the thing the request is about (usually the path) does not exist ----

export class LotNotFound extends DomainError {
  readonly code = 'lot-not-found';
  readonly kind = 'not-found';
  constructor(readonly lotId: string) {
    super(`Lot ${lotId} does not exist.`);
  }
}

export class FacilityNotFound extends DomainError {
  readonly code = 'facility-not-found';
  readonly kind = 'not-found';
  constructor(readonly facilityId: string) {
    super(`Facility ${facilityId} does not exist.`);
  }
}

export class PartyNotFound extends DomainError {
  readonly code = 'party-not-found';
  readonly kind = 'not-found';
  constructor(readonly partyId: string) {
    super(`Party ${partyId} does not exist.`);
  }
}

export class UnknownFlag extends DomainError {
  readonly code = 'unknown-flag';
  readonly kind = 'not-found';
  constructor(readonly flagId: string) {
    super(`No flag ${flagId} was ever raised on this subject.`, 'flagId');
  }
}

// ---- rule violations: a body names something that does not exist (the request itself was found) ----

export class UnknownLot extends DomainError {
  readonly code = 'unknown-lot';
  readonly kind = 'rule-violation';
  constructor(
    readonly lotId: string,
    field?: string,
  ) {
    super(`Lot ${lotId} does not exist.`, field);
  }
}

export class UnknownFacility extends DomainError {
  readonly code = 'unknown-facility';
  readonly kind = 'rule-violation';
  constructor(
    readonly facilityId: string,
    field?: string,
  ) {
    super(`Facility ${facilityId} does not exist.`, field);
  }
}

export class UnknownParty extends DomainError {
  readonly code = 'unknown-party';
  readonly kind = 'rule-violation';
  constructor(
    readonly partyId: string,
    field?: string,
  ) {
    super(`Party ${partyId} does not exist.`, field);
  }
}

// ---- forbidden: the actor lacks the authority ----

export class MissingRole extends DomainError {
  readonly code = 'missing-role';
  readonly kind = 'forbidden';
  constructor(readonly requiredRoles: readonly string[]) {
    super(`This requires one of the roles: ${requiredRoles.join(', ')}.`);
  }
}

export class NotCustodian extends DomainError {
  readonly code = 'not-custodian';
  readonly kind = 'forbidden';
  constructor(
    readonly lotId: string,
    field?: string,
  ) {
    super(`Only the custodian of lot ${lotId} may do this.`, field);
  }
}

export class NotConsignee extends DomainError {
  readonly code = 'not-consignee';
  readonly kind = 'forbidden';
  constructor(
    readonly lotId: string,
    readonly shipmentId: string,
  ) {
    super(`Only the consignee of shipment ${shipmentId} may receive lot ${lotId}.`);
  }
}

export class NotFacilityOperator extends DomainError {
  readonly code = 'not-facility-operator';
  readonly kind = 'forbidden';
  constructor(
    readonly facilityId: string,
    field = 'facilityId',
  ) {
    super(`Facility ${facilityId} is operated by another party.`, field);
  }
}

// ---- conflicts: the request clashes with the current state ----

export class LotAlreadyExists extends DomainError {
  readonly code = 'lot-already-exists';
  readonly kind = 'conflict';
  constructor(
    readonly lotId: string,
    field = 'lotId',
  ) {
    super(`Lot ${lotId} already exists.`, field);
  }
}

export class PartyAlreadyExists extends DomainError {
  readonly code = 'party-already-exists';
  readonly kind = 'conflict';
  constructor(readonly partyId: string) {
    super(`Party ${partyId} already exists.`, 'id');
  }
}

export class FacilityAlreadyExists extends DomainError {
  readonly code = 'facility-already-exists';
  readonly kind = 'conflict';
  constructor(readonly facilityId: string) {
    super(`Facility ${facilityId} already exists.`, 'id');
  }
}

export class AnnexAmendmentAlreadyExists extends DomainError {
  readonly code = 'annex-amendment-already-exists';
  readonly kind = 'conflict';
  constructor(readonly amendmentId: string) {
    super(`Annex amendment ${amendmentId} already exists.`, 'amendmentId');
  }
}

export type UnavailableLotStatus = 'in-transit' | 'consumed' | 'retired';

export class LotNotAvailable extends DomainError {
  readonly code = 'lot-not-available';
  readonly kind = 'conflict';
  constructor(
    readonly lotId: string,
    readonly status: UnavailableLotStatus,
    field?: string,
  ) {
    super(`Lot ${lotId} is ${status}.`, field);
  }
}

export class ShipmentAlreadyExists extends DomainError {
  readonly code = 'shipment-already-exists';
  readonly kind = 'conflict';
  constructor(
    readonly lotId: string,
    readonly shipmentId: string,
  ) {
    super(`Lot ${lotId} already has a shipment ${shipmentId}.`, 'shipmentId');
  }
}

export class ShipmentAlreadyReceived extends DomainError {
  readonly code = 'shipment-already-received';
  readonly kind = 'conflict';
  constructor(
    readonly lotId: string,
    readonly shipmentId: string,
  ) {
    super(`Shipment ${shipmentId} of lot ${lotId} was already received.`, 'shipmentId');
  }
}

export class UnknownShipment extends DomainError {
  readonly code = 'unknown-shipment';
  readonly kind = 'conflict';
  constructor(
    readonly lotId: string,
    readonly shipmentId: string,
  ) {
    super(`Lot ${lotId} has no shipment ${shipmentId} awaiting receipt.`, 'shipmentId');
  }
}

export class FlagAlreadyExists extends DomainError {
  readonly code = 'flag-already-exists';
  readonly kind = 'conflict';
  constructor(readonly flagId: string) {
    super(`A flag ${flagId} was already raised on this subject.`, 'flagId');
  }
}

export class FlagAlreadyResolved extends DomainError {
  readonly code = 'flag-already-resolved';
  readonly kind = 'conflict';
  constructor(readonly flagId: string) {
    super(`Flag ${flagId} is already resolved.`, 'flagId');
  }
}

export class CertificationAlreadyExists extends DomainError {
  readonly code = 'certification-already-exists';
  readonly kind = 'conflict';
  constructor(readonly certificationId: string) {
    super(`Certification ${certificationId} is already recorded on this subject.`, 'certificationId');
  }
}

// ---- rule violations: valid JSON that breaks a rule of the ledger ----

export class MineralNotOnAnnex extends DomainError {
  readonly code = 'mineral-not-on-annex';
  readonly kind = 'rule-violation';
  constructor(
    readonly mineral: string,
    readonly at: string,
    field?: string,
  ) {
    super(`${mineral} is not on the Annex in force at ${at}.`, field);
  }
}

export class EmptyComposition extends DomainError {
  readonly code = 'empty-composition';
  readonly kind = 'rule-violation';
  constructor(field = 'composition') {
    super('An origin lot must contain at least one critical mineral.', field);
  }
}

export class ContainedExceedsGross extends DomainError {
  readonly code = 'contained-exceeds-gross';
  readonly kind = 'rule-violation';
  constructor(
    readonly containedG: number,
    readonly grossMassG: number,
    field?: string,
  ) {
    super(`The contained minerals (${containedG} g) exceed the gross mass (${grossMassG} g).`, field);
  }
}

export class MassBalanceViolated extends DomainError {
  readonly code = 'mass-balance-violated';
  readonly kind = 'rule-violation';
  constructor(
    readonly mineral: string,
    readonly claimedG: number,
    readonly givenUpG: number,
    field?: string,
  ) {
    super(
      givenUpG === 0
        ? `The outputs contain ${mineral} but no input gives any up.`
        : `The outputs contain ${claimedG} g of ${mineral} but the inputs give up only ${givenUpG} g.`,
      field,
    );
  }
}

export class ConsumesMoreThanRemaining extends DomainError {
  readonly code = 'consumes-more-than-remaining';
  readonly kind = 'rule-violation';
  constructor(
    readonly lotId: string,
    readonly consumedG: number,
    readonly remainingG: number,
    field?: string,
  ) {
    super(`Lot ${lotId} has ${remainingG} g left; ${consumedG} g cannot be consumed.`, field);
  }
}

export class WrongFacilityKind extends DomainError {
  readonly code = 'wrong-facility-kind';
  readonly kind = 'rule-violation';
  constructor(
    readonly facilityId: string,
    readonly actualKind: string,
    readonly expectedKinds: readonly string[],
    field = 'origin.facilityId',
  ) {
    super(`Facility ${facilityId} is a ${actualKind}; this needs a ${expectedKinds.join(' or ')}.`, field);
  }
}

export class InputNotAtFacility extends DomainError {
  readonly code = 'input-not-at-facility';
  readonly kind = 'rule-violation';
  constructor(
    readonly lotId: string,
    readonly facilityId: string,
    field?: string,
  ) {
    super(`Lot ${lotId} is not at facility ${facilityId}; receive it there first.`, field);
  }
}

export class CannotShipToSelf extends DomainError {
  readonly code = 'cannot-ship-to-self';
  readonly kind = 'rule-violation';
  constructor() {
    super('A lot cannot be shipped to its own custodian.', 'toPartyId');
  }
}

export class ConsigneeNotOperator extends DomainError {
  readonly code = 'consignee-not-operator';
  readonly kind = 'rule-violation';
  constructor(readonly partyId: string) {
    super(`Party ${partyId} holds no operator role and cannot take custody.`, 'toPartyId');
  }
}

export class FacilityNotOperatedByConsignee extends DomainError {
  readonly code = 'facility-not-operated-by-consignee';
  readonly kind = 'rule-violation';
  constructor(
    readonly facilityId: string,
    readonly partyId: string,
  ) {
    super(`Facility ${facilityId} is not operated by ${partyId}.`, 'toFacilityId');
  }
}

export class DestinationCountryMismatch extends DomainError {
  readonly code = 'destination-country-mismatch';
  readonly kind = 'rule-violation';
  constructor(
    readonly destinationCountry: string,
    readonly facilityCountry: string,
  ) {
    super(
      `The destination country ${destinationCountry} differs from the consignee facility's country ${facilityCountry}.`,
      'destinationCountry',
    );
  }
}

export class OccurredInFuture extends DomainError {
  readonly code = 'occurred-in-future';
  readonly kind = 'rule-violation';
  constructor(
    readonly occurredAt: string,
    readonly now: string,
  ) {
    super(`occurredAt ${occurredAt} is in the future (server time ${now}).`, 'occurredAt');
  }
}

export class OccurredBeforeLotHistory extends DomainError {
  readonly code = 'occurred-before-lot-history';
  readonly kind = 'rule-violation';
  constructor(
    readonly lotId: string,
    readonly occurredAt: string,
    readonly lastOccurredAt: string,
  ) {
    super(`occurredAt ${occurredAt} is earlier than the last event of lot ${lotId} (${lastOccurredAt}).`, 'occurredAt');
  }
}

export class AnnexRemovalBackdated extends DomainError {
  readonly code = 'annex-removal-backdated';
  readonly kind = 'rule-violation';
  constructor(
    readonly effectiveFrom: string,
    readonly now: string,
  ) {
    super(
      `A removal from the Annex cannot take effect in the past (${effectiveFrom} < ${now}): it would void recorded events.`,
      'effectiveFrom',
    );
  }
}

export class AnnexAmendmentWithoutEffect extends DomainError {
  readonly code = 'annex-amendment-without-effect';
  readonly kind = 'rule-violation';
  constructor(
    readonly mineral: string,
    reason: 'already-listed' | 'not-listed',
    field: string,
  ) {
    super(
      reason === 'already-listed'
        ? `${mineral} is already on the Annex at that date.`
        : `${mineral} is not on the Annex at that date.`,
      field,
    );
  }
}

export class InvalidCertificationPeriod extends DomainError {
  readonly code = 'invalid-certification-period';
  readonly kind = 'rule-violation';
  constructor(
    readonly validFrom: string,
    readonly validTo: string,
  ) {
    super(`validTo (${validTo}) must be later than validFrom (${validFrom}).`, 'validTo');
  }
}

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
export class InvalidMass extends DomainError {
  readonly code = 'invalid-mass';
  readonly kind: DomainErrorKind;
  constructor(
    readonly reason: InvalidMassReason,
    field = 'mass',
  ) {
    super(`${field}: ${MASS_REASON_TEXT[reason]}.`, field);
    this.kind = reason === 'not-a-string' || reason === 'malformed' ? 'invalid' : 'rule-violation';
  }
}

export class InvalidTimestamp extends DomainError {
  readonly code = 'invalid-timestamp';
  readonly kind = 'invalid';
  constructor(
    readonly value: unknown,
    field: string,
  ) {
    super(`${field} must be an RFC 3339 date-time with a time zone, e.g. 2024-05-01T08:30:00Z.`, field);
  }
}

export class InvalidMineralName extends DomainError {
  readonly code = 'invalid-mineral-name';
  readonly kind = 'invalid';
  constructor(
    readonly mineral: string,
    field: string,
  ) {
    super(`"${mineral}" is not a mineral name (lowercase letters and hyphens, e.g. "lithium").`, field);
  }
}

/** Malformed command content that no more specific error describes; carries every offending field. */
export class InvalidCommand extends DomainError {
  readonly code = 'invalid-command';
  readonly kind = 'invalid';
  constructor(fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields[0]?.field, fields);
  }
}

// ---- corrections ----

export class UnknownEvent extends DomainError {
  readonly code = 'unknown-event';
  readonly kind = 'not-found';
  constructor(readonly eventId: string) {
    super(`No event ${eventId} is recorded on this subject.`, 'eventId');
  }
}

export class EventAlreadyCorrected extends DomainError {
  readonly code = 'event-already-corrected';
  readonly kind = 'conflict';
  constructor(readonly eventId: string) {
    super(`Event ${eventId} was already declared erroneous.`, 'eventId');
  }
}

export class NotEventAuthor extends DomainError {
  readonly code = 'not-event-author';
  readonly kind = 'forbidden';
  constructor(readonly eventId: string) {
    super(`Only the party that recorded event ${eventId}, an auditor or a regulator may declare it erroneous.`);
  }
}

export class CorrectionOfCorrection extends DomainError {
  readonly code = 'correction-of-correction';
  readonly kind = 'rule-violation';
  constructor(readonly eventId: string) {
    super(`Event ${eventId} is itself a correction; a correction cannot be corrected.`, 'eventId');
  }
}

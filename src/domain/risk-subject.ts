import { assertHasRole } from './authority';
import { assertNotBeforeLotHistory, assertNotInFuture } from './business-time';
import type { Actor } from './commands';
import { FacilityNotFound, InvalidCommand, LotNotFound, PartyNotFound } from './errors';
import type { FlagSubject } from './events';
import type { FacilityState } from './facility';
import type { LotState } from './lot';
import type { PartyState } from './party';
import type { RiskRecord } from './risk-record';
import { read } from './slice';

export interface RiskSubjectContext {
  /** The state of `lot-<lotId>` when the subject is a lot. */
  lot?: LotState;
  /** The state of `facility-<facilityId>` when the subject is a facility. */
  facility?: FacilityState;
  /** The state of `party-<partyId>` when the subject is a party (flags only). */
  party?: PartyState;
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * Rule 8's common ground for flags and certifications: an auditor or regulator, on any existing
 * lot, facility or (flags) party whoever holds it, at a business time that is not in the future
 * (and, for a lot, not before its history).
 */
export function riskSubjectFor(actor: Actor, subject: FlagSubject, occurredAt: string, context: RiskSubjectContext): RiskRecord {
  assertHasRole(actor, ['auditor', 'regulator']);
  return riskRecordOf(subject, occurredAt, context);
}

/** The flags and certifications of an existing subject, at a business time that is not in the future. */
export function riskRecordOf(subject: FlagSubject, occurredAt: string, context: RiskSubjectContext): RiskRecord {
  assertNotInFuture(occurredAt, context.now);
  switch (subject?.kind) {
    case 'lot': {
      const lot = context.lot;
      if (!lot || lot.lotId !== subject.lotId) throw new Error(`the slice did not read lot ${subject.lotId}`);
      if (!lot.exists) throw new LotNotFound(subject.lotId);
      assertNotBeforeLotHistory(lot.lotId, occurredAt, lot.lastOccurredAt);
      return lot;
    }
    case 'facility': {
      const facility = context.facility;
      if (!facility) throw new Error(`the slice did not read facility ${subject.facilityId}`);
      if (!facility.exists || facility.facilityId !== subject.facilityId) throw new FacilityNotFound(subject.facilityId);
      return facility;
    }
    case 'party': {
      const party = context.party;
      if (!party) throw new Error(`the slice did not read party ${subject.partyId}`);
      if (!party.exists || party.partyId !== subject.partyId) throw new PartyNotFound(subject.partyId);
      return party;
    }
    default:
      throw new InvalidCommand([{ field: 'subject', message: 'must be a lot, a facility or a party' }]);
  }
}

/** What a rule-8 command reads: the stream of its subject, a lot's, a facility's or a party's. */
export function riskSubjectReads(subject: FlagSubject) {
  return {
    lot: subject?.kind === 'lot' ? read.lot(subject.lotId) : undefined,
    facility: subject?.kind === 'facility' ? read.facility(subject.facilityId) : undefined,
    party: subject?.kind === 'party' ? read.party(subject.partyId) : undefined,
  };
}

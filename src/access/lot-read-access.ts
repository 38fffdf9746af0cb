import type { Actor } from '../domain/commands';
import type { LotState } from '../domain/lot';
import { problem, ProblemError } from '../problems';
import { isAuditorOrRegulator } from './actor';

/**
 * The brief's "Readers": auditors and regulators read everything; an operator reads lots it holds
 * or held (and a lot shipped to it, which it must be able to receive).
 */
export function canReadLot(actor: Actor, lot: LotState): boolean {
  if (isAuditorOrRegulator(actor)) return true;
  if (lot.holders.includes(actor.partyId) || lot.custodianId === actor.partyId) return true;
  return lot.pendingShipment?.toPartyId === actor.partyId;
}

export function assertCanReadLot(actor: Actor, lot: LotState): void {
  if (!canReadLot(actor, lot)) {
    throw new ProblemError(problem('not-a-reader', `only auditors, regulators and parties that hold or held lot ${lot.lotId} may read it`));
  }
}

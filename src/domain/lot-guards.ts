import { LotNotAvailable, LotNotFound, NotCustodian, UnknownLot } from './errors';
import type { LotState } from './lot';

/**
 * Rule 4's shared checks. `field` is given when the lot is named in a body (transformation
 * inputs): then an unknown lot is a rule violation of that body, not a missing resource.
 */
export function assertLotExists(lot: LotState, lotId: string, field?: string): void {
  if (lot.lotId !== lotId) throw new Error(`the slice read lot ${lot.lotId} for a command about ${lotId}`);
  if (!lot.exists) throw field ? new UnknownLot(lotId, field) : new LotNotFound(lotId);
}

/** Only the custodian acts on a lot, and only while it is active (not in transit, consumed or retired). */
export function assertCustodianOfActiveLot(lot: LotState, partyId: string, field?: string): void {
  if (lot.custodianId !== partyId) throw new NotCustodian(lot.lotId, field);
  if (lot.status !== 'active') throw new LotNotAvailable(lot.lotId, lot.status, field);
}

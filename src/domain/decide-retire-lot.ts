import { assertNotBeforeLotHistory, assertNotInFuture } from './business-time';
import { assertOneOf, assertText } from './command-fields';
import type { RetireLot } from './commands';
import { RETIREMENT_REASONS, type LotRetired } from './events';
import type { LotState } from './lot';
import { assertCustodianOfActiveLot, assertLotExists } from './lot-guards';
import { defineSlice, read } from './slice';

export interface RetireLotContext {
  /** The state of `lot-<command.lotId>`. */
  lot: LotState;
  /** Server time (RFC 3339). */
  now: string;
}

/** Rule 4: only the custodian retires an active lot (manufactured into a product, disposed of, lost). */
export function decideRetireLot(command: RetireLot, context: RetireLotContext): [LotRetired] {
  const { lot, now } = context;
  assertOneOf(command.reason, RETIREMENT_REASONS, 'reason');
  if (command.productRef !== undefined) assertText(command.productRef, 'productRef');
  assertNotInFuture(command.occurredAt, now);
  assertLotExists(lot, command.lotId);
  assertCustodianOfActiveLot(lot, command.actor.partyId);
  assertNotBeforeLotHistory(lot.lotId, command.occurredAt, lot.lastOccurredAt);
  return [
    {
      type: 'LotRetired',
      data: {
        lotId: lot.lotId,
        reason: command.reason,
        ...(command.productRef !== undefined ? { productRef: command.productRef } : {}),
      },
    },
  ];
}

/** RetireLot reads the lot and writes it. */
export const retireLotSlice = defineSlice({
  reads: (command: RetireLot) => ({ lot: read.lot(command.lotId) }),
  decide: decideRetireLot,
});

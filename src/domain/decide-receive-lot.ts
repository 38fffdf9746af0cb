import { assertNotBeforeLotHistory, assertNotInFuture } from './business-time';
import { assertId } from './command-fields';
import type { ReceiveLot } from './commands';
import { NotConsignee, NotFacilityOperator, ShipmentAlreadyReceived, UnknownFacility, UnknownShipment } from './errors';
import type { FlagRaised, LotReceived } from './events';
import type { FacilityState } from './facility';
import type { LotState } from './lot';
import { assertLotExists } from './lot-guards';
import { assertGrams, formatKg } from './mass';
import { compositionAfterReceipt, isMassDiscrepancy } from './proportional-mass';
import { defineSlice, read } from './slice';

export interface ReceiveLotContext {
  /** The state of `lot-<command.lotId>`. */
  lot: LotState;
  /** The state of `facility-<command.facilityId>`. */
  facility: FacilityState;
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * Rule 4 for a custody hop's second half (only the consignee, once, at a facility it operates)
 * and rule 5: a received mass more than 0.5 % off the shipped mass is still recorded, and the
 * ledger raises a mass-discrepancy flag on the lot in the same write.
 */
export function decideReceiveLot(
  command: ReceiveLot,
  context: ReceiveLotContext,
): [LotReceived] | [LotReceived, FlagRaised] {
  const { lot, facility, now } = context;
  assertId(command.shipmentId, 'shipmentId');
  assertId(command.facilityId, 'facilityId');
  assertNotInFuture(command.occurredAt, now);
  assertLotExists(lot, command.lotId);
  if (lot.receivedShipmentIds.includes(command.shipmentId)) throw new ShipmentAlreadyReceived(lot.lotId, command.shipmentId);
  const shipment = lot.pendingShipment;
  if (!shipment || shipment.shipmentId !== command.shipmentId) throw new UnknownShipment(lot.lotId, command.shipmentId);
  if (shipment.toPartyId !== command.actor.partyId) throw new NotConsignee(lot.lotId, command.shipmentId);
  if (!facility.exists || facility.facilityId !== command.facilityId) throw new UnknownFacility(command.facilityId, 'facilityId');
  if (facility.operatorId !== command.actor.partyId) throw new NotFacilityOperator(command.facilityId);
  assertGrams(command.receivedMassG, 'receivedMassKg');
  assertNotBeforeLotHistory(lot.lotId, command.occurredAt, lot.lastOccurredAt);

  const shippedMassG = shipment.grossMassG;
  const receivedMassG = command.receivedMassG;
  const received: LotReceived = {
    type: 'LotReceived',
    data: {
      lotId: lot.lotId,
      shipmentId: command.shipmentId,
      receiverId: command.actor.partyId,
      facilityId: command.facilityId,
      country: facility.country as string,
      shippedMassG,
      receivedMassG,
      composition: compositionAfterReceipt(lot.composition, shippedMassG, receivedMassG),
    },
  };
  if (!isMassDiscrepancy(shippedMassG, receivedMassG)) return [received];
  return [
    received,
    {
      type: 'FlagRaised',
      data: {
        flagId: automaticFlagId(lot, command.shipmentId),
        subject: { kind: 'lot', lotId: lot.lotId },
        category: 'mass-discrepancy',
        severity: 'medium',
        description: describeDiscrepancy(command.shipmentId, shippedMassG, receivedMassG),
        automatic: true,
      },
    },
  ];
}

/** `mass-discrepancy-<shipmentId>`, suffixed only if someone already used that id by hand. */
function automaticFlagId(lot: LotState, shipmentId: string): string {
  const base = `mass-discrepancy-${shipmentId}`;
  let candidate = base;
  for (let n = 2; lot.flagIds.includes(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function describeDiscrepancy(shipmentId: string, shippedG: number, receivedG: number): string {
  const difference = receivedG - shippedG;
  return (
    `Shipment ${shipmentId}: ${formatKg(receivedG)} kg received against ${formatKg(shippedG)} kg shipped ` +
    `(${difference < 0 ? 'short' : 'over'} by ${formatKg(Math.abs(difference))} kg, beyond the 0.5 % tolerance).`
  );
}

/** ReceiveLot reads the lot and the receiving facility; writes the lot (the receipt and any discrepancy flag). */
export const receiveLotSlice = defineSlice({
  reads: (command: ReceiveLot) => ({ lot: read.lot(command.lotId), facility: read.facility(command.facilityId) }),
  decide: decideReceiveLot,
});

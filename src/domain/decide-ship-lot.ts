import { assertNotBeforeLotHistory, assertNotInFuture } from './business-time';
import { assertCountry, assertId, assertSha256, assertText } from './command-fields';
import type { ShipLot } from './commands';
import {
  CannotShipToSelf,
  ConsigneeNotOperator,
  DestinationCountryMismatch,
  FacilityNotOperatedByConsignee,
  InvalidCommand,
  ShipmentAlreadyExists,
  UnknownFacility,
  UnknownParty,
} from './errors';
import type { LotShipped } from './events';
import type { FacilityState } from './facility';
import type { LotState } from './lot';
import { assertCustodianOfActiveLot, assertLotExists } from './lot-guards';
import { isOperator, type PartyState } from './party';
import { defineSlice, read } from './slice';

export interface ShipLotContext {
  /** The state of `lot-<command.lotId>`. */
  lot: LotState;
  /** The state of `party-<command.toPartyId>`. */
  toParty: PartyState;
  /** The state of `facility-<command.toFacilityId>`, when the command names one. */
  toFacility?: FacilityState;
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * Rule 4 for a custody hop's first half: the custodian ships the whole active lot to another
 * operator (to one of its facilities, when named).
 */
export function decideShipLot(command: ShipLot, context: ShipLotContext): [LotShipped] {
  const { lot, toParty, toFacility, now } = context;
  assertId(command.shipmentId, 'shipmentId');
  assertId(command.toPartyId, 'toPartyId');
  assertCountry(command.destinationCountry, 'destinationCountry');
  if (command.transportMode !== undefined) assertText(command.transportMode, 'transportMode');
  command.documents?.forEach((document, i) => {
    assertText(document.type, `documents.${i}.type`);
    assertText(document.reference, `documents.${i}.reference`);
    if (document.sha256 !== undefined) assertSha256(document.sha256, `documents.${i}.sha256`);
  });
  assertNotInFuture(command.occurredAt, now);
  assertLotExists(lot, command.lotId);
  assertCustodianOfActiveLot(lot, command.actor.partyId);
  if (lot.shipmentIds.includes(command.shipmentId)) throw new ShipmentAlreadyExists(lot.lotId, command.shipmentId);
  assertNotBeforeLotHistory(lot.lotId, command.occurredAt, lot.lastOccurredAt);
  if (command.toPartyId === command.actor.partyId) throw new CannotShipToSelf();
  if (!toParty.exists || toParty.partyId !== command.toPartyId) throw new UnknownParty(command.toPartyId, 'toPartyId');
  if (!isOperator(toParty.roles)) throw new ConsigneeNotOperator(command.toPartyId);
  if (command.toFacilityId !== undefined) {
    assertId(command.toFacilityId, 'toFacilityId');
    if (!toFacility) throw new InvalidCommand([{ field: 'toFacilityId', message: 'the slice did not read this facility' }]);
    if (!toFacility.exists || toFacility.facilityId !== command.toFacilityId) {
      throw new UnknownFacility(command.toFacilityId, 'toFacilityId');
    }
    if (toFacility.operatorId !== command.toPartyId) {
      throw new FacilityNotOperatedByConsignee(command.toFacilityId, command.toPartyId);
    }
    if (toFacility.country !== command.destinationCountry) {
      throw new DestinationCountryMismatch(command.destinationCountry, toFacility.country as string);
    }
  }
  return [
    {
      type: 'LotShipped',
      data: {
        lotId: lot.lotId,
        shipmentId: command.shipmentId,
        fromPartyId: command.actor.partyId,
        toPartyId: command.toPartyId,
        ...(command.toFacilityId !== undefined ? { toFacilityId: command.toFacilityId } : {}),
        destinationCountry: command.destinationCountry,
        grossMassG: lot.grossMassG,
        ...(command.transportMode !== undefined ? { transportMode: command.transportMode } : {}),
        ...(command.documents !== undefined
          ? {
              documents: command.documents.map(({ type, reference, sha256 }) => ({
                type,
                reference,
                ...(sha256 !== undefined ? { sha256 } : {}),
              })),
            }
          : {}),
      },
    },
  ];
}

/** ShipLot reads the lot, the consignee and, when named, the destination facility; writes the lot. */
export const shipLotSlice = defineSlice({
  reads: (command: ShipLot) => ({
    lot: read.lot(command.lotId),
    toParty: read.party(command.toPartyId),
    toFacility: command.toFacilityId !== undefined ? read.facility(command.toFacilityId) : undefined,
  }),
  decide: decideShipLot,
});

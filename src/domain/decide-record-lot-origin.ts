import type { AnnexState } from './annex';
import { assertHasRole } from './authority';
import { assertNotInFuture } from './business-time';
import { assertId, assertOneOf, assertText } from './command-fields';
import type { RecordLotOrigin } from './commands';
import { assertComposition } from './composition-rules';
import { EmptyComposition, LotAlreadyExists, NotFacilityOperator, UnknownFacility, WrongFacilityKind } from './errors';
import { FEEDSTOCKS, LOT_FORMS, type FacilityKind, type LotExtracted, type LotRecovered, type PartyRole } from './events';
import type { FacilityState } from './facility';
import type { LotState } from './lot';
import { assertGrams } from './mass';
import { defineSlice, read } from './slice';

export interface RecordLotOriginContext {
  /** The state of `lot-<command.lotId>`. */
  lot: LotState;
  /** The state of `facility-<command.origin.facilityId>`. */
  facility: FacilityState;
  annex: AnnexState;
  /** Server time (RFC 3339). */
  now: string;
}

/** Which facility kinds an origin may name, and which role the poster needs for it. */
const ORIGIN_RULES: Record<RecordLotOrigin['origin']['type'], { kinds: FacilityKind[]; role: PartyRole }> = {
  extraction: { kinds: ['mine', 'concentrator'], role: 'producer' },
  recycling: { kinds: ['recycler'], role: 'recycler' },
};

/**
 * Rules 1–3 at a lot's origin: a new lot id, a facility of the right kind operated by the poster,
 * a composition of Annex minerals within the gross mass.
 */
export function decideRecordLotOrigin(
  command: RecordLotOrigin,
  context: RecordLotOriginContext,
): [LotExtracted] | [LotRecovered] {
  const { lot, facility, annex, now } = context;
  const { origin } = command;
  assertOneOf(origin?.type, ['extraction', 'recycling'] as const, 'origin.type');
  const rule = ORIGIN_RULES[origin.type];
  assertId(command.lotId, 'lotId');
  assertOneOf(command.form, LOT_FORMS, 'form');
  assertNotInFuture(command.occurredAt, now);
  assertHasRole(command.actor, [rule.role]);
  if (lot.exists) throw new LotAlreadyExists(command.lotId);
  if (!facility.exists || facility.facilityId !== origin.facilityId) {
    throw new UnknownFacility(origin.facilityId, 'origin.facilityId');
  }
  if (facility.operatorId !== command.actor.partyId) throw new NotFacilityOperator(origin.facilityId, 'origin.facilityId');
  if (!facility.kind || !rule.kinds.includes(facility.kind)) {
    throw new WrongFacilityKind(origin.facilityId, facility.kind ?? 'unknown', rule.kinds);
  }
  assertGrams(command.grossMassG, 'grossMassKg');
  if (command.epcClass !== undefined) assertText(command.epcClass, 'epcClass');
  if (Object.keys(command.composition ?? {}).length === 0) throw new EmptyComposition();
  assertComposition(command.composition, command.grossMassG, annex, command.occurredAt, 'composition');

  const data = {
    lotId: command.lotId,
    form: command.form,
    grossMassG: command.grossMassG,
    composition: { ...command.composition },
    facilityId: origin.facilityId,
    country: facility.country as string,
    custodianId: command.actor.partyId,
    ...(command.epcClass !== undefined ? { epcClass: command.epcClass } : {}),
  };
  if (origin.type === 'recycling') {
    assertOneOf(origin.feedstock, FEEDSTOCKS, 'origin.feedstock');
    return [{ type: 'LotRecovered', data: { ...data, feedstock: origin.feedstock } }];
  }
  return [{ type: 'LotExtracted', data }];
}

/** RecordLotOrigin reads the (new) lot, its facility and the Annex; writes the lot. */
export const recordLotOriginSlice = defineSlice({
  reads: (command: RecordLotOrigin) => ({
    lot: read.lot(command.lotId),
    facility: read.facility(command.origin.facilityId),
    annex: read.annex(),
  }),
  decide: decideRecordLotOrigin,
});

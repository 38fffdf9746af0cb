import { mineralsInForceAt, type AnnexState } from './annex';
import { assertHasRole } from './authority';
import { parseInstant } from './business-time';
import { assertDistinct, assertId, assertText } from './command-fields';
import type { AmendAnnex } from './commands';
import {
  AnnexAmendmentAlreadyExists,
  AnnexAmendmentWithoutEffect,
  AnnexRemovalBackdated,
  InvalidCommand,
  InvalidMineralName,
} from './errors';
import type { AnnexAmended } from './events';
import { isMineralName } from './mass';
import { defineSlice, read } from './slice';

export interface AmendAnnexContext {
  annex: AnnexState;
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * Only a regulator amends the Annex. Additions may take effect from any date; a removal may not
 * reach into the past, because events already accepted under the old Annex would become invalid.
 */
export function decideAmendAnnex(command: AmendAnnex, context: AmendAnnexContext): [AnnexAmended] {
  assertHasRole(command.actor, ['regulator']);
  assertId(command.amendmentId, 'amendmentId');
  assertText(command.reference, 'reference');
  const effectiveFrom = parseInstant(command.effectiveFrom, 'effectiveFrom');
  for (const [list, field] of [
    [command.add, 'add'],
    [command.remove, 'remove'],
  ] as const) {
    if (!Array.isArray(list)) throw new InvalidCommand([{ field, message: 'must be a list of minerals' }]);
    list.forEach((mineral, i) => {
      if (typeof mineral !== 'string' || !isMineralName(mineral)) throw new InvalidMineralName(String(mineral), `${field}.${i}`);
    });
    assertDistinct(list, field, 'mineral');
  }
  if (command.add.length + command.remove.length === 0) {
    throw new InvalidCommand([{ field: 'add', message: 'an amendment adds or removes at least one mineral' }]);
  }
  command.remove.forEach((mineral, i) => {
    if (command.add.includes(mineral)) {
      throw new InvalidCommand([{ field: `remove.${i}`, message: `${mineral} is both added and removed` }]);
    }
  });
  if (context.annex.amendments.some((a) => a.amendmentId === command.amendmentId)) {
    throw new AnnexAmendmentAlreadyExists(command.amendmentId);
  }
  if (command.remove.length > 0 && effectiveFrom < parseInstant(context.now, 'now')) {
    throw new AnnexRemovalBackdated(command.effectiveFrom, context.now);
  }
  const inForce = mineralsInForceAt(context.annex, command.effectiveFrom);
  command.add.forEach((mineral, i) => {
    if (inForce.has(mineral)) throw new AnnexAmendmentWithoutEffect(mineral, 'already-listed', `add.${i}`);
  });
  command.remove.forEach((mineral, i) => {
    if (!inForce.has(mineral)) throw new AnnexAmendmentWithoutEffect(mineral, 'not-listed', `remove.${i}`);
  });
  return [
    {
      type: 'AnnexAmended',
      data: {
        amendmentId: command.amendmentId,
        add: [...command.add],
        remove: [...command.remove],
        effectiveFrom: command.effectiveFrom,
        reference: command.reference,
      },
    },
  ];
}

/** AmendAnnex reads the Annex stream and writes it. */
export const amendAnnexSlice = defineSlice({
  reads: () => ({ annex: read.annex() }),
  decide: decideAmendAnnex,
});

import { mineralsInForceAt, type AnnexState } from './annex';
import { ContainedExceedsGross, InvalidMineralName, MineralNotOnAnnex } from './errors';
import type { Composition, Grams } from './events';
import { assertGrams, isMineralName, totalContained } from './mass';

/**
 * Rules 1 and 2 for one lot's declared composition: every mineral is on the Annex in force at
 * the business time, every contained mass is a positive whole number of grams, and together they
 * do not exceed the gross mass (the minerals are part of the material, so their sum is bounded too).
 */
export function assertComposition(
  composition: Composition,
  grossMassG: Grams,
  annex: AnnexState,
  occurredAt: string,
  field: string,
): void {
  const inForce = mineralsInForceAt(annex, occurredAt);
  for (const [mineral, grams] of Object.entries(composition)) {
    const mineralField = `${field}.${mineral}`;
    if (!isMineralName(mineral)) throw new InvalidMineralName(mineral, mineralField);
    assertGrams(grams, mineralField);
    if (!inForce.has(mineral)) throw new MineralNotOnAnnex(mineral, occurredAt, mineralField);
  }
  const contained = totalContained(composition);
  if (contained > BigInt(grossMassG)) throw new ContainedExceedsGross(Number(contained), grossMassG, field);
}

import type { AnnexState } from './annex';
import { assertHasRole } from './authority';
import { assertNotBeforeLotHistory, assertNotInFuture } from './business-time';
import { assertDistinct, assertId, assertOneOf, assertText } from './command-fields';
import type { TransformLots } from './commands';
import { assertComposition } from './composition-rules';
import {
  ConsumesMoreThanRemaining,
  InputNotAtFacility,
  InvalidCommand,
  LotAlreadyExists,
  MassBalanceViolated,
  NotFacilityOperator,
  UnknownFacility,
} from './errors';
import { LOT_FORMS, type LotTransformed, type TransformationInput } from './events';
import type { FacilityState } from './facility';
import { initialLotState, type LotState } from './lot';
import { assertCustodianOfActiveLot, assertLotExists } from './lot-guards';
import { assertGrams } from './mass';
import { givenUpBy } from './proportional-mass';
import { defineSlice, read } from './slice';

export interface TransformLotsContext {
  /** The state of `facility-<command.facilityId>`. */
  facility: FacilityState;
  /**
   * The state of every lot the command names, inputs and outputs, keyed by lot id. A lot id
   * missing here reads as a lot that does not exist.
   */
  lots: Readonly<Record<string, LotState>>;
  annex: AnnexState;
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * Rule 6. The actor (processor or recycler) runs the facility and holds every input there; each
 * input gives up its minerals in proportion to the gross consumed, rounded down; the outputs are
 * new lots whose minerals, mineral by mineral, stay within what the inputs gave up. The one event
 * is written on every input and output stream at once by the caller.
 */
export function decideTransformLots(command: TransformLots, context: TransformLotsContext): LotTransformed {
  const { facility, annex, now } = context;
  const lotState = (lotId: string) => context.lots[lotId] ?? initialLotState(lotId);

  assertId(command.transformationId, 'transformationId');
  assertId(command.facilityId, 'facilityId');
  assertText(command.process, 'process');
  if (!Array.isArray(command.inputs) || command.inputs.length === 0) {
    throw new InvalidCommand([{ field: 'inputs', message: 'a transformation consumes at least one lot' }]);
  }
  if (!Array.isArray(command.outputs) || command.outputs.length === 0) {
    throw new InvalidCommand([{ field: 'outputs', message: 'a transformation produces at least one lot' }]);
  }
  command.inputs.forEach((input, i) => assertId(input.lotId, `inputs.${i}.lotId`));
  command.outputs.forEach((output, o) => assertId(output.lotId, `outputs.${o}.lotId`));
  const inputIds = command.inputs.map((input) => input.lotId);
  assertDistinct(inputIds, 'inputs', 'input lot');
  assertDistinct(
    command.outputs.map((output) => output.lotId),
    'outputs',
    'output lot',
  );
  command.outputs.forEach((output, o) => {
    if (inputIds.includes(output.lotId)) {
      throw new InvalidCommand([{ field: `outputs.${o}.lotId`, message: `lot ${output.lotId} is also an input` }]);
    }
  });
  assertNotInFuture(command.occurredAt, now);
  assertHasRole(command.actor, ['processor', 'recycler']);
  if (!facility.exists || facility.facilityId !== command.facilityId) throw new UnknownFacility(command.facilityId, 'facilityId');
  if (facility.operatorId !== command.actor.partyId) throw new NotFacilityOperator(command.facilityId);

  const inputs: TransformationInput[] = command.inputs.map((input, i) => {
    const field = `inputs.${i}`;
    const lot = lotState(input.lotId);
    assertLotExists(lot, input.lotId, `${field}.lotId`);
    assertCustodianOfActiveLot(lot, command.actor.partyId, `${field}.lotId`);
    if (lot.locationFacilityId !== command.facilityId) throw new InputNotAtFacility(lot.lotId, command.facilityId, `${field}.lotId`);
    assertGrams(input.massG, `${field}.massKg`);
    if (input.massG > lot.grossMassG) {
      throw new ConsumesMoreThanRemaining(lot.lotId, input.massG, lot.grossMassG, `${field}.massKg`);
    }
    assertNotBeforeLotHistory(lot.lotId, command.occurredAt, lot.lastOccurredAt);
    return { lotId: lot.lotId, consumedMassG: input.massG, givenUp: givenUpBy(lot.composition, lot.grossMassG, input.massG) };
  });

  command.outputs.forEach((output, o) => {
    const field = `outputs.${o}`;
    if (lotState(output.lotId).exists) throw new LotAlreadyExists(output.lotId, `${field}.lotId`);
    assertOneOf(output.form, LOT_FORMS, `${field}.form`);
    if (output.epcClass !== undefined) assertText(output.epcClass, `${field}.epcClass`);
    assertGrams(output.grossMassG, `${field}.grossMassKg`);
    if (typeof output.composition !== 'object' || output.composition === null) {
      throw new InvalidCommand([{ field: `${field}.composition`, message: 'must be an object of mineral → mass' }]);
    }
    assertComposition(output.composition, output.grossMassG, annex, command.occurredAt, `${field}.composition`);
  });

  assertMassBalance(inputs, command.outputs);

  return {
    type: 'LotTransformed',
    data: {
      transformationId: command.transformationId,
      facilityId: command.facilityId,
      country: facility.country as string,
      process: command.process,
      custodianId: command.actor.partyId,
      inputs,
      outputs: command.outputs.map((output) => ({
        lotId: output.lotId,
        form: output.form,
        grossMassG: output.grossMassG,
        composition: { ...output.composition },
        ...(output.epcClass !== undefined ? { epcClass: output.epcClass } : {}),
      })),
    },
  };
}

/** For every mineral, the outputs together hold no more than the inputs together gave up. */
function assertMassBalance(inputs: TransformationInput[], outputs: TransformLots['outputs']): void {
  const givenUp = new Map<string, bigint>();
  for (const input of inputs) {
    for (const [mineral, grams] of Object.entries(input.givenUp)) givenUp.set(mineral, (givenUp.get(mineral) ?? 0n) + BigInt(grams));
  }
  const claimed = new Map<string, bigint>();
  for (const output of outputs) {
    for (const [mineral, grams] of Object.entries(output.composition)) claimed.set(mineral, (claimed.get(mineral) ?? 0n) + BigInt(grams));
  }
  for (const [mineral, grams] of claimed) {
    const available = givenUp.get(mineral) ?? 0n;
    if (grams > available) throw new MassBalanceViolated(mineral, Number(grams), Number(available), 'outputs');
  }
}

/**
 * TransformLots reads the facility, the Annex and every input and output lot; writes the one
 * event on every one of those lots, inputs at the revision read (rule 6), outputs as new streams.
 */
export const transformLotsSlice = defineSlice({
  reads: (command: TransformLots) => ({
    facility: read.facility(command.facilityId),
    annex: read.annex(),
    lots: read.each([...command.inputs, ...command.outputs].map((lot) => lot.lotId), read.lot),
  }),
  decide: (command, context) => [decideTransformLots(command, context)],
});

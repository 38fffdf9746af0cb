import { assertId, assertText } from './command-fields';
import type { ResolveScreeningFlag } from './commands';
import { FlagAlreadyResolved, UnknownFlag } from './errors';
import type { FlagResolved } from './events';
import { riskRecordOf, riskSubjectReads, type RiskSubjectContext } from './risk-subject';
import { assertScreeningActor } from './screening-actor';
import { defineSlice } from './slice';

export type ResolveScreeningFlagContext = RiskSubjectContext;

/** A delisting resolves the open flags its entry raised, as `delisted`, from the delisting's date. */
export function decideResolveScreeningFlag(command: ResolveScreeningFlag, context: ResolveScreeningFlagContext): [FlagResolved] {
  assertScreeningActor(command.actor);
  assertId(command.flagId, 'flagId');
  assertText(command.note, 'note');
  const record = riskRecordOf(command.subject, command.occurredAt, context);
  if (!record.flagIds.includes(command.flagId)) throw new UnknownFlag(command.flagId);
  if (!record.openFlags.some((flag) => flag.flagId === command.flagId)) throw new FlagAlreadyResolved(command.flagId);
  return [{ type: 'FlagResolved', data: { flagId: command.flagId, subject: { ...command.subject }, outcome: 'delisted', note: command.note } }];
}

/** ResolveScreeningFlag reads its subject's stream and writes it. */
export const resolveScreeningFlagSlice = defineSlice({
  reads: (command: ResolveScreeningFlag) => riskSubjectReads(command.subject),
  decide: decideResolveScreeningFlag,
});

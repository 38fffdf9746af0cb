import { assertId, assertOneOf, assertText } from './command-fields';
import type { ResolveFlag } from './commands';
import { FlagAlreadyResolved, UnknownFlag } from './errors';
import { PERSON_FLAG_OUTCOMES, type FlagResolved } from './events';
import { riskSubjectFor, riskSubjectReads, type RiskSubjectContext } from './risk-subject';
import { defineSlice } from './slice';

export type ResolveFlagContext = RiskSubjectContext;

/**
 * Rule 8: an auditor or regulator resolves an open flag, once; it may be cleared or confirmed. A
 * screening `review` flag is resolved so too: confirmed, the party or facility is the listed entity.
 */
export function decideResolveFlag(command: ResolveFlag, context: ResolveFlagContext): [FlagResolved] {
  assertId(command.flagId, 'flagId');
  assertOneOf(command.outcome, PERSON_FLAG_OUTCOMES, 'outcome');
  assertText(command.note, 'note', { allowEmpty: true });
  const record = riskSubjectFor(command.actor, command.subject, command.occurredAt, context);
  if (!record.flagIds.includes(command.flagId)) throw new UnknownFlag(command.flagId);
  if (!record.openFlags.some((flag) => flag.flagId === command.flagId)) throw new FlagAlreadyResolved(command.flagId);
  return [
    {
      type: 'FlagResolved',
      data: { flagId: command.flagId, subject: { ...command.subject }, outcome: command.outcome, note: command.note },
    },
  ];
}

/** ResolveFlag reads its subject's stream (a lot's, a facility's or a party's) and writes it. */
export const resolveFlagSlice = defineSlice({
  reads: (command: ResolveFlag) => riskSubjectReads(command.subject),
  decide: decideResolveFlag,
});

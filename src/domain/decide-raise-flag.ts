import { assertId, assertOneOf, assertText } from './command-fields';
import type { RaiseFlag } from './commands';
import { FlagAlreadyExists } from './errors';
import { FLAG_SEVERITIES, RAISABLE_FLAG_CATEGORIES, type FlagRaised } from './events';
import { riskSubjectFor, riskSubjectReads, type RiskSubjectContext } from './risk-subject';
import { defineSlice } from './slice';

export type RaiseFlagContext = RiskSubjectContext;

/** Rule 8: an auditor or regulator raises a risk flag (on a lot, a facility or a party); a flag id is used once per subject. */
export function decideRaiseFlag(command: RaiseFlag, context: RaiseFlagContext): [FlagRaised] {
  assertId(command.flagId, 'flagId');
  assertOneOf(command.category, RAISABLE_FLAG_CATEGORIES, 'category');
  assertOneOf(command.severity, FLAG_SEVERITIES, 'severity');
  assertText(command.description, 'description');
  const record = riskSubjectFor(command.actor, command.subject, command.occurredAt, context);
  if (record.flagIds.includes(command.flagId)) throw new FlagAlreadyExists(command.flagId);
  return [
    {
      type: 'FlagRaised',
      data: {
        flagId: command.flagId,
        subject: { ...command.subject },
        category: command.category,
        severity: command.severity,
        description: command.description,
        automatic: false,
      },
    },
  ];
}

/** RaiseFlag reads its subject's stream (a lot's, a facility's or a party's) and writes it. */
export const raiseFlagSlice = defineSlice({
  reads: (command: RaiseFlag) => riskSubjectReads(command.subject),
  decide: decideRaiseFlag,
});

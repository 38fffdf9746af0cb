import { assertId, assertOneOf, assertText } from './command-fields';
import type { RaiseScreeningFlag } from './commands';
import { FlagAlreadyExists, InvalidCommand } from './errors';
import { FLAG_CATEGORIES, FLAG_SEVERITIES, type FlagRaised } from './events';
import { riskRecordOf, riskSubjectReads, type RiskSubjectContext } from './risk-subject';
import { assertScreeningActor } from './screening-actor';
import { defineSlice } from './slice';

export type RaiseScreeningFlagContext = RiskSubjectContext;

/**
 * Screening flags a party or facility it matched to a list entry. An identifier match is an
 * automatic flag of the list's category; a name-only match is never more than a `review` flag, for
 * a person to confirm or dismiss. A flag id is used once per subject, which makes a screening run
 * that is repeated (after a crash, say) raise nothing new.
 */
export function decideRaiseScreeningFlag(command: RaiseScreeningFlag, context: RaiseScreeningFlagContext): [FlagRaised] {
  assertScreeningActor(command.actor);
  assertId(command.flagId, 'flagId');
  assertOneOf(command.category, FLAG_CATEGORIES, 'category');
  assertOneOf(command.severity, FLAG_SEVERITIES, 'severity');
  assertText(command.description, 'description');
  const byIdentifier = command.match?.by === 'identifier';
  if (!byIdentifier && command.category !== 'review') {
    throw new InvalidCommand([{ field: 'category', message: 'a name-only match raises a review flag, never an automatic one' }]);
  }
  if (byIdentifier && command.category === 'review') {
    throw new InvalidCommand([{ field: 'category', message: "an identifier match raises a flag of the list's category" }]);
  }
  const record = riskRecordOf(command.subject, command.occurredAt, context);
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
        automatic: byIdentifier,
        source: { listId: command.source.listId, entryId: command.source.entryId, amendmentId: command.source.amendmentId },
        match: { ...command.match },
      },
    },
  ];
}

/** RaiseScreeningFlag reads its subject's stream (a party's or a facility's) and writes it. */
export const raiseScreeningFlagSlice = defineSlice({
  reads: (command: RaiseScreeningFlag) => riskSubjectReads(command.subject),
  decide: decideRaiseScreeningFlag,
});

import { assertNotInFuture, parseInstant } from './business-time';
import { assertId, assertText } from './command-fields';
import type { CorrectEvent } from './commands';
import { CorrectionOfCorrection, EventAlreadyCorrected, FacilityNotFound, LotNotFound, NotEventAuthor, UnknownEvent } from './errors';
import type { EventCorrected } from './events';
import { defineSlice, read } from './slice';
import { subjectStream, type StreamEntry } from './stream-ref';

export interface CorrectEventContext {
  /** Every event of the subject's stream (`lot-<id>` or `facility-<id>`), in order. */
  stream: readonly StreamEntry[];
  /** Server time (RFC 3339). */
  now: string;
}

/**
 * An event is declared erroneous by whoever recorded it, or by an auditor or regulator; once only.
 * The original stays in the log: state folds keep it, and readers see the declaration beside it.
 */
export function decideCorrectEvent(command: CorrectEvent, context: CorrectEventContext): [EventCorrected] {
  const { subject } = command;
  if (context.stream.length === 0) throw subject.kind === 'lot' ? new LotNotFound(subject.lotId) : new FacilityNotFound(subject.facilityId);
  assertId(command.correctedEventId, 'eventId');
  assertText(command.reason, 'reason');
  assertNotInFuture(command.occurredAt, context.now);
  if (command.declarationTime !== undefined) parseInstant(command.declarationTime, 'declarationTime');
  command.correctiveEventIds?.forEach((id, i) => assertText(id, `correctiveEventIds.${i}`));
  const original = context.stream.find((entry) => entry.eventId === command.correctedEventId);
  if (!original) throw new UnknownEvent(command.correctedEventId);
  if (original.type === 'EventCorrected') throw new CorrectionOfCorrection(command.correctedEventId);
  const privileged = command.actor.roles.includes('auditor') || command.actor.roles.includes('regulator');
  if (!privileged && original.actorPartyId !== command.actor.partyId) throw new NotEventAuthor(command.correctedEventId);
  const already = context.stream.some(
    (entry) => entry.type === 'EventCorrected' && (entry.data as { correctedEventId?: string }).correctedEventId === command.correctedEventId,
  );
  if (already) throw new EventAlreadyCorrected(command.correctedEventId);
  return [
    {
      type: 'EventCorrected',
      data: {
        correctedEventId: command.correctedEventId,
        reason: command.reason,
        ...(command.declarationTime !== undefined ? { declarationTime: command.declarationTime } : {}),
        ...(command.correctiveEventIds !== undefined ? { correctiveEventIds: [...command.correctiveEventIds] } : {}),
      },
    },
  ];
}

/**
 * CorrectEvent reads the raw history of its subject's stream and writes the correction there,
 * next to the event it corrects: the correction's data names no stream, so the slice does.
 */
export const correctEventSlice = defineSlice({
  reads: (command: CorrectEvent) => ({ stream: read.history(subjectStream(command.subject)) }),
  decide: decideCorrectEvent,
  writesTo: (command) => subjectStream(command.subject),
});

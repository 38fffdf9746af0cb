import { Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/commands';
import { DomainError, LotNotFound } from '../../domain/errors';
import { IdempotencyKeyReusedError } from '../../event-store/event-store.errors';
import { PROBLEMS, problemType, type ProblemCode } from '../../problems';
import { LedgerUnitOfWork, type ErrorBehaviour, type PartOutcome } from '../../ledger/unit-of-work';
import { capturePart, type CapturePart } from './event-mapping';

/** One refused event, as the capture job lists it: problem+json with the event's index and id. */
export interface EventProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  /** What to do about it (the catalogue's sentence for the code). */
  help: string;
  /** 0-based position of the event in `epcisBody.eventList`. */
  eventIndex: number;
  eventID: string;
  /** The offending fields as JSON pointers into the document. */
  errors: { field: string; message: string }[];
}

export interface CaptureResult {
  success: boolean;
  errors: EventProblem[];
  /** Events stored by this capture, captured before (a resend), and refused. */
  counts: { stored: number; alreadyCaptured: number; refused: number };
  /** Global position of the last event stored, null when nothing was stored. */
  position: string | null;
  /** The eventID of each event, in order: as given, or its event hash. */
  eventIDs: string[];
}

type Json = Record<string, unknown>;

/**
 * Captures the events of a validated EPCIS document through the ledger's rules: each event is
 * mapped to the command it stands for and the whole list runs as one unit of work
 * (`LedgerUnitOfWork`): under rollback one atomic append or nothing, under proceed event by event.
 * Every refused event is reported with the EPCIS field it comes from.
 */
@Injectable()
export class EpcisCapture {
  constructor(private readonly unit: LedgerUnitOfWork) {}

  /**
   * `events` is `epcisBody.eventList` (already schema-valid); `exact`, the same list from the
   * lossless parse when the document needed one. `pointerOf` gives each event's JSON pointer in
   * the body (the root, for POST /epcis/events).
   */
  async capture(
    actor: Actor,
    events: readonly Json[],
    exact: readonly Json[] | undefined,
    behaviour: ErrorBehaviour,
    pointerOf: (index: number) => string = (index) => `/epcisBody/eventList/${index}`,
  ): Promise<CaptureResult> {
    const parts = events.map((event, i) => capturePart(event, exact?.[i], pointerOf(i), actor));
    const { outcomes, position } = await this.unit.run(actor, parts, behaviour);
    const errors = outcomes.flatMap((outcome, i) => (outcome.status === 'refused' ? [problemOf(outcome, parts[i], i)] : []));
    const count = (status: PartOutcome['status']) => outcomes.filter((o) => o.status === status).length;
    const refused = count('refused');
    return {
      success: refused === 0,
      errors,
      // Under rollback a refusal stores nothing, so no event counts as stored.
      counts: { stored: behaviour === 'rollback' && refused > 0 ? 0 : count('stored'), alreadyCaptured: count('already-stored'), refused },
      position,
      eventIDs: parts.map((part) => part.eventID),
    };
  }
}

function problemOf(outcome: Extract<PartOutcome, { status: 'refused' }>, part: CapturePart, eventIndex: number): EventProblem {
  const { error } = outcome;
  if (error instanceof IdempotencyKeyReusedError) {
    return eventProblem('epcis-event-id-reused', `eventID ${part.eventID} was captured before with other content; nothing of this event was stored.`, part, eventIndex, [
      { field: part.pointerOf(undefined) + '/eventID', message: 'already captured with other content' },
    ]);
  }
  const domain = error as DomainError;
  // A lot named in the event body that does not exist is a rule of the body (422), not a missing path (404).
  if (domain instanceof LotNotFound) {
    const field = part.pointerOf('lotId');
    return eventProblem('unknown-lot', domain.message, part, eventIndex, [{ field, message: domain.message }]);
  }
  const fields = domain.fields.length > 0 ? domain.fields : [{ field: undefined, message: domain.message }];
  return eventProblem(
    domain.code,
    domain.message,
    part,
    eventIndex,
    fields.map(({ field, message }) => ({ field: field?.startsWith('/') ? field : part.pointerOf(field), message })),
    domain.httpStatus,
  );
}

function eventProblem(
  code: ProblemCode,
  detail: string,
  part: CapturePart,
  eventIndex: number,
  errors: { field: string; message: string }[],
  status: number = PROBLEMS[code].status,
): EventProblem {
  const entry = PROBLEMS[code];
  return { type: problemType(code), title: entry.title, status, detail, code, help: entry.help, eventIndex, eventID: part.eventID, errors };
}

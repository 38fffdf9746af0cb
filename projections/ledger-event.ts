import { streams, type EventOfType, type FlagSubject, type LedgerEvent, type LedgerEventType, type LotTransformed } from '../src/domain/events';
import { asLedgerEvent } from '../src/domain/stored-event';
import type { RecordedEvent } from '../src/event-store/event-store.port';

/** The typed view of a recorded event, for an exhaustive switch; unknown types give null (from the domain's event registry). */
export function ledgerEventOf(event: RecordedEvent): LedgerEvent | null {
  return asLedgerEvent(event);
}

/**
 * The typed view of a recorded event of one of `types` (a projection's `canHandle`), else null:
 * a switch over it is exhaustive over the types the projection declares, so a type it does not
 * declare never has to be named in it.
 */
export function handledEventOf<T extends LedgerEventType>(event: RecordedEvent, types: readonly T[]): EventOfType<T> | null {
  const e = asLedgerEvent(event);
  return e !== null && (types as readonly LedgerEventType[]).includes(e.type) ? (e as EventOfType<T>) : null;
}

/**
 * One transformation is written once per input and output stream, so the global log shows it
 * several times. Projections apply only the copy on the first input's stream (or the first
 * output's, for a transformation without inputs): a choice that needs no memory of what was
 * applied and is the same in every replay.
 */
export function isCanonicalTransformationCopy(event: RecordedEvent, data: LotTransformed['data']): boolean {
  const anchor = data.inputs[0]?.lotId ?? data.outputs[0]?.lotId;
  return anchor !== undefined && event.streamId === streams.lot(anchor);
}

/** Documents and links are keyed by subject as `lot:<id>`, `facility:<id>` or `party:<id>`. */
export function subjectKey(subject: FlagSubject): string {
  return subject.kind === 'lot' ? `lot:${subject.lotId}` : subject.kind === 'facility' ? `facility:${subject.facilityId}` : `party:${subject.partyId}`;
}

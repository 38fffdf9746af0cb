import { kindsOf, type EventOn } from './event-routing';
import { LEDGER_EVENT_TYPES, type LedgerEvent } from './events';
import { STREAM_KINDS, type StreamKind } from './stream-ref';

/**
 * What a fold needs of a stored event: its type, payload and business time. A store's
 * `RecordedEvent` fits as is; so does a decided event paired with the command's occurredAt.
 */
export interface StoredEventLike {
  type: string;
  data: object;
  occurredAt: string;
}

/** Views a stored event as the typed union; unknown types come back as null so folds skip them. */
export function asLedgerEvent(event: StoredEventLike): LedgerEvent | null {
  return KNOWN_TYPES.has(event.type) ? ({ type: event.type, data: event.data } as LedgerEvent) : null;
}

/**
 * Views a stored event as one of the types the registry writes on streams of this kind, or null
 * (the fold skips it). A fold's switch over the result is exhaustive over exactly those types.
 */
export function eventOn<K extends StreamKind>(kind: K, event: StoredEventLike): EventOn<K> | null {
  return TYPES_ON.get(kind)?.has(event.type) ? ({ type: event.type, data: event.data } as EventOn<K>) : null;
}

export const KNOWN_TYPES: ReadonlySet<string> = new Set(LEDGER_EVENT_TYPES);

const TYPES_ON = new Map<StreamKind, ReadonlySet<string>>(
  STREAM_KINDS.map((kind) => [kind, new Set(LEDGER_EVENT_TYPES.filter((type) => kindsOf(type).includes(kind)))]),
);

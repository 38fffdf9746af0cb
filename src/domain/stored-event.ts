import { LEDGER_EVENT_TYPES, type LedgerEvent } from './events';

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

const KNOWN_TYPES: ReadonlySet<string> = new Set(LEDGER_EVENT_TYPES);

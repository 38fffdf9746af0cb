import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store.port';
import type { SqliteEventRow } from './sqlite-event-row';
import { SQLITE_QUERIES } from './sqlite-queries';

/**
 * A page of the global log read on one thread for another (the rebuild thread reads ahead of the
 * fold). Cloning rows between threads costs about as much as reading them, so a page travels as
 * one JSON text of its envelopes and the payload texts beside it: a copy of a few strings. A
 * payload equal to the one before it (the copies of one transformation) travels once.
 */
export interface LogPage {
  /** `[position, eventId, streamId, streamRevision, type, occurredAt, actorPartyId, idempotencyKey, schemaVersion, payloadSha256, recordedAt][]`, positions as decimal strings. */
  envelopes: string;
  /** Payload texts, null where the payload is the previous event's. */
  payloads: (string | null)[];
}

type EnvelopeValues = [string, string, string, number, string, string, string, string | null, number, string, string];

/** Reads pages of the log of an open store file (on the thread that reads ahead). */
export function logPageStatement(db: Database.Database): Database.Statement<[bigint, number], SqliteEventRow> {
  return db.prepare<[bigint, number], SqliteEventRow>(SQLITE_QUERIES.readAll).safeIntegers(true).raw(true);
}

/** The events after `after`, at most `limit`, as a page; `last` is the position of its last event. */
export function readLogPage(
  statement: Database.Statement<[bigint, number], SqliteEventRow>,
  after: bigint,
  limit: number,
): { page: LogPage; count: number; last: bigint | null } {
  const rows = statement.all(after, limit);
  const envelopes: EnvelopeValues[] = new Array<EnvelopeValues>(rows.length);
  const payloads: (string | null)[] = new Array<string | null>(rows.length);
  let previous: SqliteEventRow | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const [position, eventId, streamId, streamRevision, type, data, occurredAt, actorPartyId, idempotencyKey, schemaVersion, hash, recordedAt] = row;
    envelopes[i] = [position.toString(), eventId, streamId, Number(streamRevision), type, occurredAt, actorPartyId, idempotencyKey, Number(schemaVersion), hash, recordedAt];
    payloads[i] = previous !== null && previous[10] === hash && previous[5] === data ? null : data;
    previous = row;
  }
  return { page: { envelopes: JSON.stringify(envelopes), payloads }, count: rows.length, last: rows.length > 0 ? rows[rows.length - 1][0] : null };
}

/** The recorded events of a page (on the thread that folds them); copies of one payload share it. */
export function decodeLogPage(page: LogPage): RecordedEvent[] {
  const envelopes = JSON.parse(page.envelopes) as EnvelopeValues[];
  const events = new Array<RecordedEvent>(envelopes.length);
  let data: Record<string, unknown> = {};
  for (let i = 0; i < envelopes.length; i++) {
    const [position, eventId, streamId, streamRevision, type, occurredAt, actorPartyId, idempotencyKey, schemaVersion, payloadSha256, recordedAt] = envelopes[i];
    const text = page.payloads[i];
    if (text !== null) data = JSON.parse(text) as Record<string, unknown>;
    events[i] = {
      eventId,
      type,
      streamId,
      streamRevision,
      position: BigInt(position),
      recordedAt,
      occurredAt,
      actorPartyId,
      idempotencyKey,
      schemaVersion,
      data,
      payloadSha256,
    };
  }
  return events;
}

import type { RecordedEvent } from '../event-store.port';

/**
 * One row of the `events` table as read in raw mode with safe integers: the columns of
 * `EVENT_COLUMNS` in order, INTEGER columns as bigint. Raw arrays, not objects: better-sqlite3
 * builds an object per row property by property, which costs about as much as reading the row.
 */
export type SqliteEventRow = [
  position: bigint,
  eventId: string,
  streamId: string,
  streamRevision: bigint,
  type: string,
  data: string,
  occurredAt: string,
  actorPartyId: string,
  idempotencyKey: string | null,
  schemaVersion: bigint,
  payloadSha256: string,
  recordedAt: string,
];

export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_revision, type, data, occurred_at, actor_party_id, ' +
  'idempotency_key, schema_version, payload_sha256, recorded_at';

/**
 * Rows in log or stream order as recorded events. A transformation is one payload written on
 * every lot stream it touches, so its copies are neighbouring rows with the same payload: it is
 * parsed once and the copies share it (events are values; nothing may mutate `data`).
 */
export function toRecordedEvents(rows: readonly SqliteEventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  let previous: { hash: string; text: string; data: Record<string, unknown> } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const [position, eventId, streamId, streamRevision, type, text, occurredAt, actorPartyId, idempotencyKey, schemaVersion, hash, recordedAt] = row;
    let data: Record<string, unknown>;
    if (previous !== null && previous.hash === hash && previous.text === text) data = previous.data;
    else {
      data = JSON.parse(text) as Record<string, unknown>;
      previous = { hash, text, data };
    }
    events[i] = {
      eventId,
      type,
      streamId,
      streamRevision: Number(streamRevision),
      position,
      recordedAt,
      occurredAt,
      actorPartyId,
      idempotencyKey,
      schemaVersion: Number(schemaVersion),
      data,
      payloadSha256: hash,
    };
  }
  return events;
}

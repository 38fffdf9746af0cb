import type { RecordedEvent } from '../event-store.port';

/** One row of the `events` table as read with safe integers (INTEGER columns come back as bigint). */
export interface SqliteEventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  stream_revision: bigint;
  type: string;
  data: string;
  occurred_at: string;
  actor_party_id: string;
  idempotency_key: string | null;
  schema_version: bigint;
  payload_sha256: string;
  recorded_at: string;
}

export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_revision, type, data, occurred_at, actor_party_id, ' +
  'idempotency_key, schema_version, payload_sha256, recorded_at';

export function toRecordedEvent(row: SqliteEventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    position: row.position,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    actorPartyId: row.actor_party_id,
    idempotencyKey: row.idempotency_key,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data) as Record<string, unknown>,
    payloadSha256: row.payload_sha256,
  };
}

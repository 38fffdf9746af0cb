import type { RecordedEvent } from './event-store.port';

/**
 * An event exactly as `GET /v1/ledger/events` and `ledger export` present it, one per line:
 * envelope, payload and payload hash. Positions are decimal strings (JSON has no 64-bit integers).
 * The integrity log hashes the RFC 8785 form of this object, so its fields are part of the
 * contract: add fields only with a new schema version.
 */
export interface EventEnvelopeJson {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  position: string;
  recordedAt: string;
  occurredAt: string;
  actorPartyId: string;
  idempotencyKey: string | null;
  schemaVersion: number;
  payloadSha256: string;
  data: Record<string, unknown>;
}

export function toEnvelopeJson(event: RecordedEvent): EventEnvelopeJson {
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    position: event.position.toString(),
    recordedAt: event.recordedAt,
    occurredAt: event.occurredAt,
    actorPartyId: event.actorPartyId,
    idempotencyKey: event.idempotencyKey,
    schemaVersion: event.schemaVersion,
    payloadSha256: event.payloadSha256,
    data: event.data,
  };
}

export function fromEnvelopeJson(json: EventEnvelopeJson): RecordedEvent {
  return { ...json, position: BigInt(json.position) };
}

import type { RecordedEvent } from '../event-store/event-store.port';
import { toEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import { canonicalJsonWithMember } from '../event-store/canonical-json';
import { canonicalJson, sha256Hex } from '../event-store/payload-hash';
import { hashLeaf } from './merkle';

/**
 * The Merkle log entry of an event: the UTF-8 bytes of the RFC 8785 canonical JSON of its
 * envelope, so anyone holding an export line (or a `GET /v1/ledger/events` item) can recompute it.
 */
export function logEntryOfEnvelope(envelope: EventEnvelopeJson): Buffer {
  return Buffer.from(canonicalJson(envelope), 'utf8');
}

export function logEntryOfEvent(event: RecordedEvent): Buffer {
  return logEntryOfEnvelope(toEnvelopeJson(event));
}

/** RFC 9162 leaf hash of an event's log entry. */
export function leafHashOfEvent(event: RecordedEvent): Buffer {
  return hashLeaf(logEntryOfEvent(event));
}

export function leafHashOfEnvelope(envelope: EventEnvelopeJson): Buffer {
  return hashLeaf(logEntryOfEnvelope(envelope));
}

/**
 * The two hashes an export entry is checked against, from one canonical copy of its envelope:
 * the SHA-256 of its payload (hex, as `payloadSha256`) and its leaf hash.
 */
export function entryHashesOfEnvelope(envelope: EventEnvelopeJson): { payloadSha256: string; leafHash: Buffer } {
  const texts = canonicalJsonWithMember(envelope, 'data');
  return { payloadSha256: sha256Hex(texts.member), leafHash: hashLeaf(Buffer.from(texts.whole, 'utf8')) };
}

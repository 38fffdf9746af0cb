import type { RecordedEvent } from '../event-store/event-store.port';
import { toEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import { canonicalJsonWithMember } from '../event-store/canonical-json';
import { canonicalJson } from '../event-store/payload-hash';
import { hashLeaf, hashLeafOfText } from './merkle';

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
 * The leaf hash of an envelope whose payload's canonical JSON is known already (the verifier
 * canonicalised the payload to check its hash): the payload is not canonicalised again.
 */
export function leafHashOfEnvelopeWithPayload(envelope: EventEnvelopeJson, payloadCanonicalJson: string): Buffer {
  return hashLeafOfText(canonicalJsonWithMember(envelope as unknown as Record<string, unknown>, 'data', payloadCanonicalJson));
}

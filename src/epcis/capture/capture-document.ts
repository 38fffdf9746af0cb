import { firstSchemaViolation } from './epcis-schema';
import { parseExactJson } from './exact-json-reading';

type Json = Record<string, unknown>;

/** A capture body that validated: its events, and the same events read losslessly when needed. */
export interface CaptureDocument {
  events: Json[];
  exactEvents: Json[] | undefined;
}

/** Why a body is refused before any job exists. */
export type CaptureRefusal =
  | { code: 'malformed-json'; detail: string }
  | { code: 'capture-too-large'; detail: string }
  | { code: 'epcis-schema-violation'; detail: string; pointer: string };

/**
 * Reads a capture body: JSON (numbers kept exact), at most `limit` events, valid against the
 * official EPCIS 2.0 JSON Schema, and an EPCISDocument (`single`: one event, as POST /epcis/events
 * takes it). The event count is checked before the schema, so a huge document is refused cheaply.
 */
export function readCaptureDocument(text: string, limit: number, single = false): { document: CaptureDocument } | { refusal: CaptureRefusal } {
  let parsed: { value: unknown; lossless: unknown | null };
  try {
    parsed = parseExactJson(text);
  } catch {
    return { refusal: { code: 'malformed-json', detail: 'the request body is not valid JSON' } };
  }
  const body = parsed.value as Json;
  const eventList = single ? null : (body as { epcisBody?: { eventList?: unknown } } | null)?.epcisBody?.eventList;
  if (Array.isArray(eventList) && eventList.length > limit) {
    return {
      refusal: {
        code: 'capture-too-large',
        detail: `the document holds ${eventList.length} events; this ledger captures at most ${limit} per document (GS1-EPCIS-Capture-Limit)`,
      },
    };
  }
  const violation = firstSchemaViolation(body);
  if (violation) {
    return { refusal: { code: 'epcis-schema-violation', detail: `${violation.pointer || '/'} ${violation.message}`, pointer: violation.pointer } };
  }
  const expected = single ? 'an EPCIS event' : 'an EPCISDocument';
  const isDocument = body?.type === 'EPCISDocument';
  if (single === isDocument || body?.type === 'EPCISQueryDocument') {
    return { refusal: { code: 'epcis-schema-violation', detail: `/type: the body must be ${expected}`, pointer: '/type' } };
  }
  const lossless = parsed.lossless as Json | null;
  if (single) return { document: { events: [body], exactEvents: lossless ? [lossless] : undefined } };
  const exactEvents = lossless ? ((lossless.epcisBody as Json).eventList as Json[]) : undefined;
  return { document: { events: eventList as Json[], exactEvents } };
}

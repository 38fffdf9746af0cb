import { applyDecorators, Header, type Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CONFIG_SCHEMA } from '../../config/ledger-config';
import type { ProblemStatus } from '../../problems';
import { BodyKeyedWriteRoute, ReadRoute, type RouteSpec } from '../../http/openapi/routes';
import { CBV_VERSION, EPCIS_VERSION } from '../query/cbv-vocabulary';
import { CAPTURE_MEDIA_TYPES } from './capture-body';
import { EpcisQueryDocumentAnswer } from './epcis-documents.schema';
import { DEFAULT_PER_PAGE, FILTER_PARAMETERS, MAX_PER_PAGE } from './epcis-query-parameters';

/*
 * The route decorators of the EPCIS 2.0 REST binding under /epcis, on the ledger's own
 * (`src/http/openapi/routes.ts`): what the binding adds is said here once, the GS1 headers on
 * every answer, the capture limits on capture answers, an event's eventID as its idempotency key.
 */

const header = (description: string, example?: string | number): HeadersObject[string] => ({
  description,
  schema: { type: typeof example === 'number' ? 'integer' : 'string', ...(example !== undefined ? { example } : {}) },
});

/** Carried by every answer under /epcis (problems too: see the tag's description). */
const VERSION_HEADERS: HeadersObject = {
  'GS1-EPCIS-Version': header('the EPCIS version the answer speaks', EPCIS_VERSION),
  'GS1-CBV-Version': header('the CBV version the answer speaks', CBV_VERSION),
};

const CAPTURE_HEADERS: HeadersObject = {
  ...VERSION_HEADERS,
  'GS1-EPCIS-Capture-Limit': header('most events per document (LEDGER_EPCIS_CAPTURE_LIMIT)', Number(CONFIG_SCHEMA.LEDGER_EPCIS_CAPTURE_LIMIT.default)),
  'GS1-EPCIS-Capture-File-Size-Limit': header(
    'largest document in bytes (LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT)',
    Number(CONFIG_SCHEMA.LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT.default),
  ),
};

/** The `Link` header of a paged answer. */
export const nextPageHeader = (example: string): HeadersObject => ({ Link: header('`<…nextPageToken=…>; rel="next"` while there is a next page; absent on the last', example) });

/** What the binding's idempotency means, said on both capture operations. */
const EVENT_ID_IS_THE_KEY =
  "each event's `eventID` is its idempotency key, scoped to your party (without one, its CBV 2.0 event hash is): an event captured again unchanged stores nothing and counts as success, one sent again with other content is refused (`epcis-event-id-reused`). The Idempotency-Key header of /v1 writes does not apply: resend the same document or event to retry.";

export interface CaptureRouteSpec extends RouteSpec {
  status: 201 | 202;
  answer: Type<unknown>;
  /** The request body: its schema (a class or a schema object) and its example. */
  body: { type: Type<unknown> } | { schema: SchemaObject };
  example: { summary: string; value: unknown };
  /** Where the answer's Location points. */
  location: string;
  /** Answer headers beyond the GS1 ones and Location. */
  headers?: HeadersObject;
  problems: ProblemStatus[];
}

/** A capture operation: its body as JSON or JSON-LD, its answer with Location and the GS1 capture headers. */
export function CaptureRoute(spec: CaptureRouteSpec): MethodDecorator {
  return applyDecorators(
    BodyKeyedWriteRoute({
      ...spec,
      idempotency: EVENT_ID_IS_THE_KEY,
      answer: { type: spec.answer, headers: { Location: header(spec.location), ...CAPTURE_HEADERS, ...spec.headers } },
    }),
    ApiConsumes(...CAPTURE_MEDIA_TYPES.filter((type) => !type.includes('*'))),
    ApiBody({ ...spec.body, examples: { example: spec.example } }),
  );
}

/** A read under /epcis: its answer with the GS1 version headers, and headers of its own. */
export function EpcisReadRoute(spec: RouteSpec & { answer: { type: Type<unknown>; isArray?: boolean; headers?: HeadersObject }; problems?: ProblemStatus[] }): MethodDecorator {
  return ReadRoute({ ...spec, answer: { ...spec.answer, headers: { ...VERSION_HEADERS, ...spec.answer.headers } } });
}

const PARAMETER_HELP: Record<(typeof FILTER_PARAMETERS)[number], string> = {
  eventType: 'ObjectEvent or TransformationEvent (the types the ledger renders); several as a|b',
  GE_eventTime: 'eventTime at or after this RFC 3339 instant',
  LT_eventTime: 'eventTime before this RFC 3339 instant',
  GE_recordTime: 'recordTime at or after this RFC 3339 instant',
  LT_recordTime: 'recordTime before this RFC 3339 instant',
  EQ_bizStep: 'commissioning, shipping, receiving, decommissioning, destroying or cml:lost (CBV words, GS1 web URIs or URNs)',
  EQ_bizLocation: 'a facility: urn:cml:facility:<id>, its SGLN or its GS1 Digital Link (AI 414)',
  EQ_readPoint: 'a facility, as for EQ_bizLocation',
  MATCH_epcClass: 'a lot in quantityList: urn:cml:lot:<id>, its LGTIN or its GS1 Digital Link (AI 01 + 10)',
  MATCH_inputEPCClass: "a lot in a TransformationEvent's inputQuantityList",
  MATCH_outputEPCClass: "a lot in a TransformationEvent's outputQuantityList",
  MATCH_anyEPCClass: 'a lot in any quantity list',
  EQ_eventID: 'eventIDs',
  EXISTS_errorDeclaration: 'given (empty or "true"): only error declarations',
  EQ_errorReason: 'did_not_occur, incorrect_data or a reason URI',
  EQ_correctiveEventID: 'error declarations naming one of these corrective eventIDs',
};

/** `perPage` and `nextPageToken` of a paged read (events, capture jobs). */
export const PageQuery = (what: string) =>
  applyDecorators(
    ApiQuery({ name: 'perPage', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }, description: `${what} per page` }),
    ApiQuery({ name: 'nextPageToken', required: false, type: String, description: 'the token of the Link header of the previous page' }),
  );

/** The `minPosition` of the ledger's reads: read your own write. */
export const MinPositionQuery = () =>
  ApiQuery({ name: 'minPosition', required: false, schema: { type: 'string', pattern: '^\\d{1,30}$' }, description: 'wait (bounded) until the event index has reached this log position (the `position` of your write); 503 with Retry-After when it does not' });

/**
 * A query of custody events (`GET /epcis/events` and its narrowed paths): the filter parameters of
 * the contract, paging, an EPCISQueryDocument with a `Link` to the next page. An unknown parameter
 * is a 400 naming it; an operator reads the events of lots it holds or held, the admin none (403).
 */
export function EventsQueryRoute(spec: RouteSpec): MethodDecorator {
  return applyDecorators(
    Header('Content-Type', 'application/json'),
    EpcisReadRoute({
      ...spec,
      description: [
        spec.description,
        'Pages follow the log order and answer as of the log position of the first page, so appends meanwhile never skip or repeat an event. Any query parameter not listed is refused (400 `unknown-query-parameter`, naming it).',
      ]
        .filter(Boolean)
        .join('\n\n'),
      answer: { type: EpcisQueryDocumentAnswer, headers: nextPageHeader('</epcis/events?perPage=30&nextPageToken=…>; rel="next"') },
      problems: [400, 403, ...(spec.problems ?? [])],
    }),
    ...FILTER_PARAMETERS.map((name) => ApiQuery({ name, required: false, type: String, description: PARAMETER_HELP[name] })),
    PageQuery('events'),
    MinPositionQuery(),
  );
}

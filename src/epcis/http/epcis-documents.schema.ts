import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EPCIS_DOCUMENT_EXAMPLE, EXAMPLE_EVENT_IDS } from './capture-examples';

/*
 * EPCIS 2.0 documents as the OpenAPI document shows them: the top-level shape of the official
 * EPCIS 2.0 JSON Schema (`src/epcis/schema/EPCIS-JSON-Schema.json`), which is what the ledger
 * actually checks bodies against and what every rendered event validates against. The events
 * themselves are open objects here: restating the standard's event schemas in OpenAPI 3.0 would
 * be a second copy of it, free to drift.
 */

const OFFICIAL_SCHEMA = 'the official EPCIS 2.0 JSON Schema kept in src/epcis/schema/EPCIS-JSON-Schema.json';

const CONTEXT_DESCRIPTION = 'JSON-LD context: the EPCIS 2.0 context URI, and {"cml": "urn:cml:"} for the ledger\'s extension fields';
const CONTEXT_ENTRY: SchemaObject = { oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] };
/** `@context` as a poster may send it: a URI, an object, or a list of them. */
const CONTEXT: SchemaObject = { description: CONTEXT_DESCRIPTION, oneOf: [...(CONTEXT_ENTRY.oneOf ?? []), { type: 'array', items: CONTEXT_ENTRY }] };

/** An event as a poster sends it; the schema check and the mapping (docs/epcis.md) say the rest. */
const CAPTURED_EVENT: SchemaObject = {
  type: 'object',
  description: `an EPCIS 2.0 event, valid against ${OFFICIAL_SCHEMA}; the ledger maps ObjectEvents and TransformationEvents to custody events (docs/epcis.md)`,
  required: ['type', 'eventTime', 'eventTimeZoneOffset'],
  properties: {
    type: { type: 'string', example: 'ObjectEvent' },
    eventID: { type: 'string', description: 'its idempotency key for your party; the CBV 2.0 event hash when absent', example: EXAMPLE_EVENT_IDS.origin },
    eventTime: { type: 'string', format: 'date-time' },
    eventTimeZoneOffset: { type: 'string', example: '+08:00' },
  },
  additionalProperties: true,
};

/** An event as the ledger renders it: every custody event of the log, whatever API posted it. */
const RENDERED_EVENT: SchemaObject = {
  type: 'object',
  description: `a custody event as an EPCIS 2.0 event, valid against ${OFFICIAL_SCHEMA}; fields as docs/epcis.md maps them (quantities in KGM, exact to the gram)`,
  required: ['type', 'eventID', 'eventTime', 'eventTimeZoneOffset', 'recordTime'],
  properties: {
    type: { type: 'string', enum: ['ObjectEvent', 'TransformationEvent'] },
    eventID: { type: 'string', description: 'the eventID its poster gave, else urn:uuid:<ledger event id>' },
    eventTime: { type: 'string', format: 'date-time' },
    eventTimeZoneOffset: { type: 'string', pattern: '^[+-]\\d{2}:\\d{2}$' },
    recordTime: { type: 'string', format: 'date-time', description: 'when the ledger recorded it' },
    action: { type: 'string', enum: ['ADD', 'OBSERVE', 'DELETE'], description: 'ObjectEvents' },
    bizStep: { type: 'string', description: 'commissioning, shipping, receiving, decommissioning, destroying or cml:lost' },
    errorDeclaration: { type: 'object', additionalProperties: true, description: 'present on a corrected event: declarationTime, reason, correctiveEventIDs' },
  },
  additionalProperties: true,
};

class EpcisDocumentBodyPart {
  @ApiProperty({ type: 'array', items: CAPTURED_EVENT, description: 'the events, in the order they are captured' })
  eventList: Record<string, unknown>[];
}

@ApiSchema({ description: `An EPCISDocument to capture. The body is checked against ${OFFICIAL_SCHEMA} before anything else (400 naming the JSON pointer of the first violation); this schema shows its top-level shape.` })
export class EpcisDocumentBody {
  @ApiProperty({ description: CONTEXT.description, oneOf: CONTEXT.oneOf })
  '@context': unknown;

  @ApiProperty({ enum: ['EPCISDocument'] })
  type: 'EPCISDocument';

  @ApiProperty({ example: '2.0' })
  schemaVersion: string;

  @ApiProperty({ format: 'date-time', example: EPCIS_DOCUMENT_EXAMPLE.creationDate })
  creationDate: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'epcisMasterData: read for its vocabularies, not stored' })
  epcisHeader?: Record<string, unknown>;

  @ApiProperty({ type: EpcisDocumentBodyPart })
  epcisBody: EpcisDocumentBodyPart;
}

/** One event with its `@context`, as `POST /epcis/events` takes it. */
export const EPCIS_EVENT_BODY: SchemaObject = {
  ...CAPTURED_EVENT,
  description: `one EPCIS 2.0 event with its @context, valid against ${OFFICIAL_SCHEMA}`,
  required: ['@context', ...(CAPTURED_EVENT.required ?? [])],
  properties: { '@context': CONTEXT, ...CAPTURED_EVENT.properties },
};

class QueryResultsBodyAnswer {
  @ApiProperty({ type: 'array', items: RENDERED_EVENT, description: 'in log order' })
  eventList: Record<string, unknown>[];
}

class QueryResultsAnswer {
  @ApiProperty({ enum: ['SimpleEventQuery'] })
  queryName: 'SimpleEventQuery';

  @ApiProperty({ type: QueryResultsBodyAnswer })
  resultsBody: QueryResultsBodyAnswer;
}

class EpcisQueryBodyAnswer {
  @ApiProperty({ type: QueryResultsAnswer })
  queryResults: QueryResultsAnswer;
}

@ApiSchema({
  description: `An EPCISQueryDocument: the events of one page of a query. The whole body validates against ${OFFICIAL_SCHEMA} (the e2e suite checks every page); this schema shows its top-level shape.`,
})
export class EpcisQueryDocumentAnswer {
  @ApiProperty({ type: 'array', items: CONTEXT_ENTRY, description: CONTEXT_DESCRIPTION })
  '@context': (string | Record<string, string>)[];

  @ApiProperty({ enum: ['EPCISQueryDocument'] })
  type: 'EPCISQueryDocument';

  @ApiProperty({ enum: ['2.0'] })
  schemaVersion: '2.0';

  @ApiProperty({ format: 'date-time', description: 'when the page was written' })
  creationDate: string;

  @ApiProperty({ type: EpcisQueryBodyAnswer })
  epcisBody: EpcisQueryBodyAnswer;
}

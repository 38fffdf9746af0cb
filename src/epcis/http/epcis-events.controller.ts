import { applyDecorators, Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import { eventReaderOf } from './event-reader';
import type { Actor } from '../../domain/commands';
import { bizStepTerm } from '../query/cbv-vocabulary';
import type { EpcisEventFilter } from '../query/epcis-event-filter';
import { DEFAULT_PER_PAGE, FILTER_PARAMETERS, MAX_PER_PAGE, minPositionOf, readEventQuery, refuseUnknownParameters, type RawQuery } from './epcis-query-parameters';
import { EpcisQueryService } from './epcis-query.service';

/** Only what this controller needs of a response: a header. Kept free of the HTTP framework's types. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
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

const VERSION_HEADERS = {
  'GS1-EPCIS-Version': { description: 'always 2.0.0', schema: { type: 'string' } },
  'GS1-CBV-Version': { description: 'always 2.0.0', schema: { type: 'string' } },
};

const PROBLEM = { 'application/problem+json': { schema: { type: 'object' } } };

/** The query parameters and answers every events read documents. */
function EventsQueryApi(summary: string) {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiProduces('application/json'),
    ...FILTER_PARAMETERS.map((name) => ApiQuery({ name, required: false, type: String, description: PARAMETER_HELP[name] })),
    ApiQuery({ name: 'perPage', required: false, type: Number, description: `events per page (default ${DEFAULT_PER_PAGE}, at most ${MAX_PER_PAGE})` }),
    ApiQuery({ name: 'nextPageToken', required: false, type: String, description: 'the token of the Link header of the previous page' }),
    ApiQuery({ name: 'minPosition', required: false, type: String, description: 'wait (bounded) until the index has reached this log position' }),
    ApiOkResponse({
      description:
        'an EPCISQueryDocument (official EPCIS 2.0 JSON Schema); pages follow the log order and answer as of the log position of the first page, so appends meanwhile never skip or repeat an event',
      headers: {
        ...VERSION_HEADERS,
        Link: { description: '<…&nextPageToken=…>; rel="next" while more events match; absent on the last page', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: { type: 'object', description: 'EPCISQueryDocument' } } },
    }),
    ApiResponse({ status: 400, description: 'unknown-query-parameter (named in errors) or invalid-query', content: PROBLEM }),
    ApiResponse({ status: 401, description: 'no or bad bearer key', content: PROBLEM }),
    ApiResponse({ status: 403, description: 'the admin key: it reads no events', content: PROBLEM }),
    ApiResponse({ status: 503, description: 'projections-behind: minPosition or the page token is ahead of the index; Retry-After', content: PROBLEM }),
  );
}

/**
 * The EPCIS 2.0 query interface (`GET /epcis/events` and the narrowed paths of the REST binding)
 * over the EPCIS event index: every custody event of the log, whatever API posted it.
 */
@ApiTags('EPCIS query')
@ApiBearerAuth()
@Controller('epcis')
export class EpcisEventsController {
  constructor(private readonly epcis: EpcisQueryService) {}

  @Get('events')
  @Header('Content-Type', 'application/json')
  @EventsQueryApi('custody events as EPCIS 2.0 events (auditors and regulators: all; an operator: those of lots it holds or held)')
  events(@Query() query: RawQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: HeaderSink): Promise<string> {
    return this.page('/epcis/events', query, {}, actor, res);
  }

  @Get('events/:eventID')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ summary: 'one EPCIS event and its error declarations, by eventID (percent-encoded)' })
  @ApiParam({ name: 'eventID', description: 'the eventID, percent-encoded (urn:uuid:…, ni:///sha-256;…, or as its poster gave it)' })
  @ApiQuery({ name: 'minPosition', required: false, type: String })
  @ApiOkResponse({ description: 'an EPCISQueryDocument with the event and its error declarations', headers: VERSION_HEADERS })
  @ApiResponse({ status: 403, description: 'not-a-reader: the event is of lots the caller never held', content: PROBLEM })
  @ApiResponse({ status: 404, description: 'epcis-event-not-found', content: PROBLEM })
  async event(@Param('eventID') eventId: string, @Query() query: RawQuery, @CurrentActor() actor: Actor): Promise<string> {
    refuseUnknownParameters(query, ['minPosition']);
    return this.epcis.event(eventReaderOf(actor), eventId, minPositionOf(query));
  }

  @Get('eventTypes/:eventType/events')
  @Header('Content-Type', 'application/json')
  @EventsQueryApi('the events of one EPCIS event type')
  @ApiParam({ name: 'eventType', description: 'ObjectEvent or TransformationEvent' })
  eventsOfType(@Param('eventType') eventType: string, @Query() query: RawQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: HeaderSink): Promise<string> {
    return this.page(`/epcis/eventTypes/${encodeURIComponent(eventType)}/events`, query, { eventType }, actor, res);
  }

  @Get('bizSteps/:bizStep/events')
  @Header('Content-Type', 'application/json')
  @EventsQueryApi('the events of one business step')
  @ApiParam({ name: 'bizStep', description: 'a CBV word (shipping), its web URI or URN (percent-encoded), or cml:lost' })
  eventsOfBizStep(@Param('bizStep') bizStep: string, @Query() query: RawQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: HeaderSink): Promise<string> {
    return this.page(`/epcis/bizSteps/${encodeURIComponent(bizStep)}/events`, query, { bizStep: bizStepTerm(bizStep) }, actor, res);
  }

  @Get('bizLocations/:bizLocation/events')
  @Header('Content-Type', 'application/json')
  @EventsQueryApi('the events at one business location')
  @ApiParam({ name: 'bizLocation', description: 'urn:cml:facility:<id>, an SGLN or a Digital Link (AI 414), percent-encoded' })
  eventsAtBizLocation(
    @Param('bizLocation') bizLocation: string,
    @Query() query: RawQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<string> {
    return this.page(`/epcis/bizLocations/${encodeURIComponent(bizLocation)}/events`, query, { bizLocation }, actor, res);
  }

  /** One page of a query; a `Link` to the next one while more events match. */
  private async page(path: string, query: RawQuery, narrowedTo: NonNullable<EpcisEventFilter['narrowedTo']>, actor: Actor, res: HeaderSink): Promise<string> {
    const reader = eventReaderOf(actor);
    const read = readEventQuery(query);
    const answer = await this.epcis.events(reader, { ...read, filter: { ...read.filter, narrowedTo } });
    if (answer.nextPageToken !== null) res.setHeader('Link', `<${nextPageUrl(path, query, answer.nextPageToken)}>; rel="next"`);
    return answer.document;
  }
}

/** The same query with the next page's token: every other parameter as the client gave it. */
function nextPageUrl(path: string, query: RawQuery, token: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === 'nextPageToken' || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  params.append('nextPageToken', token);
  return `${path}?${params.toString()}`;
}

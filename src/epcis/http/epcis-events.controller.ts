import { Controller, Header, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { AnswerHeaders, ResponseHeaders } from '../../http/answers';
import { bizStepTerm } from '../query/cbv-vocabulary';
import type { EpcisEventFilter } from '../query/epcis-event-filter';
import { EXAMPLE_EVENT_IDS } from './capture-examples';
import { EpcisQueryDocumentAnswer } from './epcis-documents.schema';
import { minPositionOf, readEventQuery, refuseUnknownParameters, type RawQuery } from './epcis-query-parameters';
import { EpcisQueryService } from './epcis-query.service';
import { EpcisReadRoute, EventsQueryRoute, MinPositionQuery } from './epcis-routes';
import { eventReaderOf } from './event-reader';

/*
 * Bodies are the EPCISQueryDocument's JSON text as the index wrote it (exact quantities), sent
 * as they are: hence the Content-Type and the string answers.
 */

/**
 * The EPCIS 2.0 query interface (`GET /epcis/events` and the narrowed paths of the REST binding)
 * over the EPCIS event index: every custody event of the log, whatever API posted it.
 */
@ApiTags('EPCIS query')
@Controller('epcis')
export class EpcisEventsController {
  constructor(private readonly epcis: EpcisQueryService) {}

  @EventsQueryRoute({
    path: 'events',
    summary: 'custody events as EPCIS 2.0 events (auditors and regulators: all; an operator: those of lots it holds or held)',
  })
  queryEvents(@Query() query: RawQuery, @CurrentActor() actor: Actor, @AnswerHeaders() headers: ResponseHeaders): Promise<string> {
    return this.page('/epcis/events', query, {}, actor, headers);
  }

  @Header('Content-Type', 'application/json')
  @EpcisReadRoute({
    path: 'events/:eventID',
    summary: 'one EPCIS event and its error declarations, by eventID (percent-encoded)',
    params: {
      eventID: { schema: { type: 'string' }, example: EXAMPLE_EVENT_IDS.origin, description: 'urn:uuid:…, ni:///sha-256;… or as its poster gave it, percent-encoded' },
    },
    answer: { type: EpcisQueryDocumentAnswer },
    problems: [403],
  })
  @MinPositionQuery()
  readEvent(@Param('eventID') eventId: string, @Query() query: RawQuery, @CurrentActor() actor: Actor): Promise<string> {
    refuseUnknownParameters(query, ['minPosition']);
    return this.epcis.event(eventReaderOf(actor), eventId, minPositionOf(query));
  }

  @EventsQueryRoute({
    path: 'eventTypes/:eventType/events',
    summary: 'the events of one EPCIS event type',
    params: { eventType: { schema: { type: 'string', enum: ['ObjectEvent', 'TransformationEvent'] }, example: 'ObjectEvent' } },
  })
  queryEventsOfType(@Param('eventType') eventType: string, @Query() query: RawQuery, @CurrentActor() actor: Actor, @AnswerHeaders() headers: ResponseHeaders): Promise<string> {
    return this.page(`/epcis/eventTypes/${encodeURIComponent(eventType)}/events`, query, { eventType }, actor, headers);
  }

  @EventsQueryRoute({
    path: 'bizSteps/:bizStep/events',
    summary: 'the events of one business step',
    params: { bizStep: { schema: { type: 'string' }, example: 'shipping', description: 'a CBV word (shipping), its web URI or URN (percent-encoded), or cml:lost' } },
  })
  queryEventsOfBizStep(@Param('bizStep') bizStep: string, @Query() query: RawQuery, @CurrentActor() actor: Actor, @AnswerHeaders() headers: ResponseHeaders): Promise<string> {
    return this.page(`/epcis/bizSteps/${encodeURIComponent(bizStep)}/events`, query, { bizStep: bizStepTerm(bizStep) }, actor, headers);
  }

  @EventsQueryRoute({
    path: 'bizLocations/:bizLocation/events',
    summary: 'the events at one business location',
    params: {
      bizLocation: { schema: { type: 'string' }, example: 'urn:cml:facility:jp-kashima-refinery', description: 'urn:cml:facility:<id>, an SGLN or a Digital Link (AI 414), percent-encoded' },
    },
  })
  queryEventsAtBizLocation(
    @Param('bizLocation') bizLocation: string,
    @Query() query: RawQuery,
    @CurrentActor() actor: Actor,
    @AnswerHeaders() headers: ResponseHeaders,
  ): Promise<string> {
    return this.page(`/epcis/bizLocations/${encodeURIComponent(bizLocation)}/events`, query, { bizLocation }, actor, headers);
  }

  /** One page of a query; a `Link` to the next one while more events match. */
  private async page(path: string, query: RawQuery, narrowedTo: NonNullable<EpcisEventFilter['narrowedTo']>, actor: Actor, headers: ResponseHeaders): Promise<string> {
    const reader = eventReaderOf(actor);
    const read = readEventQuery(query);
    const answer = await this.epcis.events(reader, { ...read, filter: { ...read.filter, narrowedTo } });
    if (answer.nextPageToken !== null) headers.set('Link', `<${nextPageUrl(path, query, answer.nextPageToken)}>; rel="next"`);
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

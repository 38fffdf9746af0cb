import { Body, Controller, Headers, Inject, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import type { Actor } from '../../domain/commands';
import { AnswerHeaders, IDEMPOTENT_REPLAYED, ResponseHeaders } from '../../http/answers';
import type { ErrorBehaviour } from '../../ledger/unit-of-work';
import { problem, ProblemError, type ProblemDetails } from '../../problems';
import { readCaptureDocument, type CaptureDocument } from '../capture/capture-document';
import { CaptureJobs } from '../capture/capture-jobs';
import { EpcisCapture } from '../capture/epcis-capture';
import { captureBodyText } from './capture-body';
import { EPCIS_DOCUMENT_EXAMPLE, EPCIS_EVENT_EXAMPLE } from './capture-examples';
import { CaptureJobAnswer, CapturedEventAnswer } from './capture.answers';
import { EpcisDocumentBody, EPCIS_EVENT_BODY } from './epcis-documents.schema';
import { CaptureRoute, EpcisReadRoute, nextPageHeader, PageQuery } from './epcis-routes';
import { perPageOf, single, type RawQuery } from './epcis-query-parameters';

/**
 * EPCIS 2.0 capture (`../shared/reference/epcis.md`): `POST /epcis/capture` takes an
 * EPCISDocument, records its capture job durably and answers 202 with the job: finished when the
 * capture took less than LEDGER_EPCIS_CAPTURE_WAIT_MS, else still running (the binding's capture
 * is asynchronous: the job goes on without the request, and a restart finishes it), and at once
 * under `Prefer: respond-async` (RFC 7240). `POST /epcis/events` takes one event. A body that is not valid EPCIS 2.0 is refused at once (400 naming the JSON pointer), with
 * no job; one over the capture limits is 413.
 */
@ApiTags('EPCIS capture')
@Controller('epcis')
export class EpcisCaptureController {
  constructor(
    private readonly jobs: CaptureJobs,
    private readonly capture: EpcisCapture,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @CaptureRoute({
    path: 'capture',
    status: 202,
    summary: 'capture an EPCISDocument: every custody event through the ledger rules, atomically under rollback',
    description:
      'Validated against the EPCIS 2.0 JSON Schema first (400 naming the JSON pointer, no job). Under rollback (the default) the document is one atomic append or nothing; under proceed each event stands alone, in order. The job and the document are stored durably before anything is decided; the answer is the capture job, finished unless the capture takes longer than the ledger waits (LEDGER_EPCIS_CAPTURE_WAIT_MS, 10 s by default) or the request says `Prefer: respond-async`: then `running: true`, and the job at its Location tells the outcome. A refused event does not make the request fail, the job lists it (`success: false`, `errors`). Over GS1-EPCIS-Capture-Limit events or GS1-EPCIS-Capture-File-Size-Limit bytes, 413.',
    answer: CaptureJobAnswer,
    body: { type: EpcisDocumentBody },
    example: { summary: 'the mine captures the origin and shipment of its next lot, AU-SPOD-2', value: EPCIS_DOCUMENT_EXAMPLE },
    location: '/epcis/capture/{captureID}: the job',
    headers: {
      'Preference-Applied': { description: '`respond-async` when the request asked for it: the job was answered as soon as it was recorded', schema: { type: 'string', enum: ['respond-async'] } },
    },
    problems: [400, 413, 415],
  })
  @ApiHeader({
    name: 'GS1-Capture-Error-Behaviour',
    required: false,
    schema: { type: 'string', enum: ['rollback', 'proceed'], default: 'rollback' },
    description: 'rollback: one refused event refuses the whole document; proceed: each event stands alone',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    schema: { type: 'string', example: 'respond-async' },
    description: '`respond-async` (RFC 7240): answer 202 as soon as the job is recorded, without waiting for the capture',
  })
  async captureDocument(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Headers('gs1-capture-error-behaviour') behaviourHeader: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @AnswerHeaders() headers: ResponseHeaders,
  ): Promise<CaptureJobAnswer> {
    const behaviour = errorBehaviourOf(behaviourHeader);
    const text = captureBodyText(body);
    const document = this.read(text, false);
    const respondAsync = prefersRespondAsync(prefer);
    const job = await this.jobs.submit(actor, text, document, behaviour, respondAsync ? 0 : this.config.epcisCaptureWaitMs);
    headers.set('Location', `/epcis/capture/${job.captureID}`);
    if (respondAsync) headers.set('Preference-Applied', 'respond-async');
    return job;
  }

  @EpcisReadRoute({
    path: 'capture',
    summary: "the caller's capture jobs, newest first",
    answer: { type: CaptureJobAnswer, isArray: true, headers: nextPageHeader('</epcis/capture?perPage=30&nextPageToken=…>; rel="next"') },
    problems: [400],
  })
  @PageQuery('jobs')
  listCaptureJobs(@CurrentActor() actor: Actor, @Query() query: RawQuery, @AnswerHeaders() headers: ResponseHeaders): CaptureJobAnswer[] {
    const perPage = perPageOf(query);
    const nextPageToken = query.nextPageToken === undefined ? undefined : single(query, 'nextPageToken');
    const page = this.jobs.list(actor.partyId, perPage, nextPageToken);
    if (!page) throw new ProblemError(problem('invalid-query', 'nextPageToken is not a token this ledger gave you', { errors: [{ field: 'nextPageToken', message: 'unknown token' }] }));
    if (page.more) {
      const last = page.jobs[page.jobs.length - 1].captureID;
      headers.set('Link', `</epcis/capture?perPage=${perPage}&nextPageToken=${encodeURIComponent(last)}>; rel="next"`);
    }
    return page.jobs;
  }

  @EpcisReadRoute({
    path: 'capture/:captureID',
    summary: 'one capture job of the caller',
    params: { captureID: { schema: { type: 'string' }, example: '7b0f4a38-3a0e-4c1e-9d43-4d9f0f1a2b3c', description: 'from the Location of the capture' } },
    answer: { type: CaptureJobAnswer },
  })
  readCaptureJob(@Param('captureID') captureID: string, @CurrentActor() actor: Actor): CaptureJobAnswer {
    const job = this.jobs.find(actor.partyId, captureID);
    if (!job) throw new ProblemError(problem('capture-job-not-found', `your party has no capture job ${captureID}`));
    return job;
  }

  @CaptureRoute({
    path: 'events',
    status: 201,
    summary: 'capture one EPCIS event (with its @context)',
    description: "The event is captured at once, through the same rules as a document's; a refusal is answered as the event's problem (403, 409, 422 …).",
    answer: CapturedEventAnswer,
    body: { schema: EPCIS_EVENT_BODY },
    example: { summary: 'the refinery captures the receipt of AU-SPOD-2, weighed on arrival', value: EPCIS_EVENT_EXAMPLE },
    location: '/epcis/events/{eventID} (percent-encoded): the event',
    headers: {
      [IDEMPOTENT_REPLAYED]: { description: 'present (`true`) when the event had been captured before: nothing was stored', schema: { type: 'string', enum: ['true'] } },
    },
    problems: [400, 403, 404, 409, 413, 415, 422],
  })
  async captureEvent(@Body() body: unknown, @CurrentActor() actor: Actor, @AnswerHeaders() headers: ResponseHeaders): Promise<CapturedEventAnswer> {
    const document = this.read(captureBodyText(body), true);
    const result = await this.capture.capture(actor, document.events, document.exactEvents, 'rollback', () => '');
    const refused = result.errors[0];
    if (refused) {
      const { eventIndex: _index, ...details } = refused;
      throw new ProblemError(details as unknown as ProblemDetails);
    }
    const eventID = typeof document.events[0].eventID === 'string' ? document.events[0].eventID : (result.eventIDs[0] ?? '');
    headers.set('Location', `/epcis/events/${encodeURIComponent(eventID)}`);
    if (result.counts.alreadyCaptured > 0) headers.set(IDEMPOTENT_REPLAYED, 'true');
    return { eventID, position: result.position };
  }

  private read(text: string, single: boolean): CaptureDocument {
    const read = readCaptureDocument(text, this.config.epcisCaptureLimit, single);
    if ('document' in read) return read.document;
    const { refusal } = read;
    throw new ProblemError(
      problem(refusal.code, refusal.detail, 'pointer' in refusal ? { errors: [{ field: refusal.pointer || '/', message: refusal.detail }] } : {}),
    );
  }
}

function errorBehaviourOf(header: string | undefined): ErrorBehaviour {
  if (header === undefined || header === '') return 'rollback';
  const value = header.trim().toLowerCase();
  if (value === 'rollback' || value === 'proceed') return value;
  throw new ProblemError(
    problem('invalid-request', 'GS1-Capture-Error-Behaviour must be rollback or proceed', {
      errors: [{ field: 'GS1-Capture-Error-Behaviour', message: 'must be rollback or proceed' }],
    }),
  );
}

/** Whether a Prefer header (RFC 7240: comma-separated preferences, tokens case-insensitive) asks for respond-async. */
function prefersRespondAsync(header: string | undefined): boolean {
  return (header ?? '').split(',').some((preference) => preference.split(';')[0].trim().toLowerCase() === 'respond-async');
}

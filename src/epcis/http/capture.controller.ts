import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/current-actor.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import type { Actor } from '../../domain/commands';
import { problem, ProblemError, type ProblemDetails } from '../../problems';
import type { ErrorBehaviour } from '../../ledger/unit-of-work';
import { readCaptureDocument, type CaptureDocument } from '../capture/capture-document';
import { CaptureJobs } from '../capture/capture-jobs';
import { EpcisCapture } from '../capture/epcis-capture';
import { CaptureJobView, EPCIS_DOCUMENT_EXAMPLE } from './capture-openapi';

const PER_PAGE_DEFAULT = 30;

/** The headers a capture answer carries, for the OpenAPI document. */
const CAPTURE_RESPONSE_HEADERS = {
  Location: { description: '/epcis/capture/{captureID} (a document) or /epcis/events/{eventID} (one event)', schema: { type: 'string' } },
  'GS1-EPCIS-Version': { description: '2.0.0', schema: { type: 'string' } },
  'GS1-CBV-Version': { description: '2.0.0', schema: { type: 'string' } },
  'GS1-EPCIS-Capture-Limit': { description: 'most events per document (LEDGER_EPCIS_CAPTURE_LIMIT)', schema: { type: 'integer' } },
  'GS1-EPCIS-Capture-File-Size-Limit': { description: 'largest document in bytes (LEDGER_EPCIS_CAPTURE_FILE_SIZE_LIMIT)', schema: { type: 'integer' } },
};
const PER_PAGE_MAX = 1000;

/**
 * EPCIS 2.0 capture (`../shared/reference/epcis.md`): `POST /epcis/capture` takes an
 * EPCISDocument and answers 202 with its capture job once captured; `POST /epcis/events` takes one
 * event. A body that is not valid EPCIS 2.0 is refused at once (400 naming the JSON pointer), with
 * no job; one over the capture limits is 413.
 */
@ApiTags('epcis')
@ApiBearerAuth()
@ApiHeader({ name: 'GS1-EPCIS-Version', description: 'answered on every /epcis response: 2.0.0', required: false })
@Controller('epcis')
export class EpcisCaptureController {
  constructor(
    private readonly jobs: CaptureJobs,
    private readonly capture: EpcisCapture,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Post('capture')
  @HttpCode(202)
  @ApiOperation({
    summary: 'capture an EPCISDocument: every custody event through the ledger rules, atomically under rollback',
    description:
      'Validated against the EPCIS 2.0 JSON Schema first (400 naming the JSON pointer, no job). Under rollback (the default) the document is one atomic append or nothing; under proceed each event stands alone, in order. An event captured before (same eventID) stores nothing and counts as success. Answers carry GS1-EPCIS-Capture-Limit and GS1-EPCIS-Capture-File-Size-Limit; over them, 413.',
  })
  @ApiHeader({ name: 'GS1-Capture-Error-Behaviour', enum: ['rollback', 'proceed'], required: false, description: 'default rollback' })
  @ApiBody({ description: 'an EPCISDocument (application/ld+json or application/json)', schema: { type: 'object', example: EPCIS_DOCUMENT_EXAMPLE } })
  @ApiResponse({ status: 202, type: CaptureJobView, description: 'the capture job, finished', headers: CAPTURE_RESPONSE_HEADERS })
  @ApiResponse({ status: 400, description: 'not a valid EPCIS 2.0 document (problem+json naming the JSON pointer)' })
  @ApiResponse({ status: 413, description: 'more events or bytes than the capture limits' })
  async captureDocument(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Headers('gs1-capture-error-behaviour') behaviourHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaptureJobView> {
    const behaviour = errorBehaviourOf(behaviourHeader);
    const text = bodyText(body);
    const document = this.read(text, false);
    const job = await this.jobs.submit(actor, text, document, behaviour);
    res.setHeader('Location', `/epcis/capture/${job.captureID}`);
    return job;
  }

  @Get('capture')
  @ApiOperation({ summary: "the caller's capture jobs, newest first" })
  @ApiQuery({ name: 'perPage', required: false, description: `jobs per page (default ${PER_PAGE_DEFAULT}, at most ${PER_PAGE_MAX})` })
  @ApiQuery({ name: 'nextPageToken', required: false, description: 'from the Link header of the previous page' })
  @ApiResponse({ status: 200, type: CaptureJobView, isArray: true, description: 'Link: <…>; rel="next" when there are more' })
  listJobs(
    @CurrentActor() actor: Actor,
    @Query('perPage') perPageText: string | undefined,
    @Query('nextPageToken') nextPageToken: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): CaptureJobView[] {
    const perPage = perPageOf(perPageText);
    const page = this.jobs.list(actor.partyId, perPage, nextPageToken);
    if (!page) throw new ProblemError(problem('invalid-query', 'nextPageToken is not a token this ledger gave you', { errors: [{ field: 'nextPageToken', message: 'unknown token' }] }));
    if (page.more) {
      const last = page.jobs[page.jobs.length - 1].captureID;
      res.setHeader('Link', `</epcis/capture?perPage=${perPage}&nextPageToken=${encodeURIComponent(last)}>; rel="next"`);
    }
    return page.jobs;
  }

  @Get('capture/:captureID')
  @ApiOperation({ summary: 'one capture job of the caller' })
  @ApiParam({ name: 'captureID' })
  @ApiResponse({ status: 200, type: CaptureJobView })
  @ApiResponse({ status: 404, description: 'no such job of your party' })
  job(@Param('captureID') captureID: string, @CurrentActor() actor: Actor): CaptureJobView {
    const job = this.jobs.find(actor.partyId, captureID);
    if (!job) throw new ProblemError(problem('capture-job-not-found', `your party has no capture job ${captureID}`));
    return job;
  }

  @Post('events')
  @HttpCode(201)
  @ApiOperation({
    summary: 'capture one EPCIS event (with its @context); 201 with Location: /epcis/events/{eventID}',
    description: 'The event is captured at once, through the same rules; a refusal is answered as the event\'s problem (403, 409, 422…). The same eventID sent again stores nothing and is answered 201.',
  })
  @ApiResponse({ status: 201, description: '{eventID, position}', headers: CAPTURE_RESPONSE_HEADERS })
  async captureEvent(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ eventID: string; position: string | null }> {
    const document = this.read(bodyText(body), true);
    const result = await this.capture.capture(actor, document.events, document.exactEvents, 'rollback', () => '');
    const refused = result.errors[0];
    if (refused) {
      const { eventIndex: _index, ...details } = refused;
      throw new ProblemError(details as unknown as ProblemDetails);
    }
    const eventID = typeof document.events[0].eventID === 'string' ? document.events[0].eventID : (result.eventIDs[0] ?? '');
    res.setHeader('Location', `/epcis/events/${encodeURIComponent(eventID)}`);
    if (result.counts.alreadyCaptured > 0) res.setHeader('Idempotent-Replayed', 'true');
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

function perPageOf(text: string | undefined): number {
  if (text === undefined) return PER_PAGE_DEFAULT;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > PER_PAGE_MAX) {
    throw new ProblemError(problem('invalid-query', `perPage must be 1-${PER_PAGE_MAX}`, { errors: [{ field: 'perPage', message: `must be 1-${PER_PAGE_MAX}` }] }));
  }
  return value;
}

/** The body as the EPCIS middleware read it: text, or nothing when no body was sent. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  throw new ProblemError(problem('unsupported-media-type', 'send the EPCIS document as application/ld+json or application/json'));
}

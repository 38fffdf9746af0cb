import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { LedgerConfig } from '../config/ledger-config';
import { CAPTURE_MEDIA_TYPES, captureTooLarge } from '../epcis/http/capture-body';
import { bodyTooLarge } from '../http/body-too-large';
import { inspectJsonText, type JsonTextFault, type JsonTextLimits } from '../http/json-text-limits';
import { problem, ProblemError } from '../problems';
import { readBodyText, type BodyLimit } from './request-body';

/** Paths under `/epcis`, where a JSON body is a capture document read as text. */
const EPCIS_MOUNT = /^\/epcis(?=[/?]|$)/i;

/** The media types of a JSON body everywhere else. */
const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'] as const;

/**
 * Which bodies the ledger reads, and how: every route takes JSON (`application/json` or
 * `application/*+json`) parsed as any JSON value (an empty body is `{}`), up to LEDGER_BODY_LIMIT;
 * under `/epcis` the same media types are kept as text (quantities are read exactly from it, see
 * `capture-body.ts`) up to the capture size limit. A POST with a body of any other type is 415.
 * One parser for every content type, so these answers do not depend on Fastify's own.
 */
export function readRequestBodies(fastify: FastifyInstance, config: Pick<LedgerConfig, 'bodyLimit' | 'epcisCaptureFileSizeLimit' | 'epcisCaptureLimit'>): void {
  const json: BodyLimit = {
    bytes: config.bodyLimit,
    tooLarge: () => bodyTooLarge(config.bodyLimit),
    charsets: 'utf',
  };
  const capture: BodyLimit = { bytes: config.epcisCaptureFileSizeLimit, tooLarge: () => captureTooLarge(config), charsets: 'any' };
  // An EPCIS document of the most events the capture accepts, each with a generous number of fields.
  const captureLimits: JsonTextLimits = { maxDepth: 32, maxKeys: config.epcisCaptureLimit * 200 };
  const isJson = mediaTypes(JSON_MEDIA_TYPES);
  const isCapture = mediaTypes(CAPTURE_MEDIA_TYPES);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', async (request: FastifyRequest, payload: IncomingMessage): Promise<unknown> => {
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (EPCIS_MOUNT.test(request.url) && isCapture(mediaType)) {
      const text = await readBodyText(payload, capture);
      refuseHostileJson(text, captureLimits);
      return text;
    }
    if (!isJson(mediaType)) {
      if (request.method === 'POST' && hasBody(request)) throw new ProblemError(problem('unsupported-media-type', 'send the request body as application/json'));
      return undefined;
    }
    const text = await readBodyText(payload, json);
    if (text.length === 0) return {};
    // The scan runs before JSON.parse, so a body over the limits is refused at the key or level
    // that crosses them, without building its value (60,000 keys cost JSON.parse alone tens of
    // ms); a fault of content waits until the text is known to be JSON, so malformed text is
    // answered as such.
    const fault = inspectJsonText(text, WATCHLIST_AMENDMENT.test(request.url) ? AMENDMENT_BODY_LIMITS : JSON_BODY_LIMITS);
    if (fault?.tooComplex) throw faultProblem(fault);
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new ProblemError(problem('malformed-json', 'the request body is not valid JSON'));
    }
    if (fault) throw faultProblem(fault);
    return body;
  });
}

/**
 * Every /v1 body is a command of a few dozen fields nested a few levels: far more is an attack on
 * the validation that walks it (60,000 unknown keys cost seconds of CPU), not a request.
 */
const JSON_BODY_LIMITS: JsonTextLimits = { maxDepth: 16, maxKeys: 2_000 };

/**
 * The one bulk body of /v1: a watch-list amendment, of up to 1,000 entries a request as
 * `ledger watchlist import` sends them (about ten keys an entry: name, aliases, countries,
 * identifiers), so it gets twenty keys an entry.
 */
const WATCHLIST_AMENDMENT = /^\/v1\/watchlists\/[^/?#]+\/amendments\/?(?:[?#]|$)/i;
const AMENDMENT_BODY_LIMITS: JsonTextLimits = { maxDepth: 16, maxKeys: 20_000 };

/** 400 for a body the ledger must not read further (see `inspectJsonText`), naming the field. */
function refuseHostileJson(text: string, limits: JsonTextLimits): void {
  const fault = inspectJsonText(text, limits);
  if (fault !== null) throw faultProblem(fault);
}

function faultProblem(fault: JsonTextFault): ProblemError {
  const errors = [{ field: fault.field, message: fault.message }];
  if (fault.tooComplex) return new ProblemError(problem('body-too-complex', `the request body ${fault.message}`, { errors }));
  return new ProblemError(problem('invalid-request', `${fault.field} ${fault.message}`, { errors }));
}

/** The media type of a Content-Type header, lower case, without its parameters. */
function mediaTypeOf(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** A test for media types such as `application/json` and `application/*+json` (any subtype ending in `+json`). */
function mediaTypes(patterns: readonly string[]): (mediaType: string) => boolean {
  const alternatives = patterns.map((pattern) => pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^/;\\s]+'));
  const pattern = new RegExp(`^(?:${alternatives.join('|')})$`);
  return (mediaType) => pattern.test(mediaType);
}

/** As HTTP says: a body is there when its length is given and not 0, or it is chunked. */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return length !== undefined ? length !== '0' : request.headers['transfer-encoding'] !== undefined;
}

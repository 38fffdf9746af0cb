import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { LedgerConfig } from '../config/ledger-config';
import { CAPTURE_MEDIA_TYPES, captureTooLarge } from '../epcis/http/capture-body';
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
export function readRequestBodies(fastify: FastifyInstance, config: Pick<LedgerConfig, 'bodyLimit' | 'epcisCaptureFileSizeLimit'>): void {
  const json: BodyLimit = {
    bytes: config.bodyLimit,
    tooLarge: () => problem('body-too-large', 'the request body is larger than the ledger accepts (1 MiB); split bulk work into several requests'),
    charsets: 'utf',
  };
  const capture: BodyLimit = { bytes: config.epcisCaptureFileSizeLimit, tooLarge: () => captureTooLarge(config), charsets: 'any' };
  const isJson = mediaTypes(JSON_MEDIA_TYPES);
  const isCapture = mediaTypes(CAPTURE_MEDIA_TYPES);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', async (request: FastifyRequest, payload: IncomingMessage): Promise<unknown> => {
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (EPCIS_MOUNT.test(request.url) && isCapture(mediaType)) return readBodyText(payload, capture);
    if (!isJson(mediaType)) {
      if (request.method === 'POST' && hasBody(request)) throw new ProblemError(problem('unsupported-media-type', 'send the request body as application/json'));
      return undefined;
    }
    const text = await readBodyText(payload, json);
    if (text.length === 0) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProblemError(problem('malformed-json', 'the request body is not valid JSON'));
    }
  });
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

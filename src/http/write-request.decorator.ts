import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../event-store/payload-hash';
import { ResponseHeaders } from './answers';
import { problem, ProblemError } from '../problems';

export interface WriteMeta {
  idempotencyKey?: string;
  /** The request's digest under its key; '' without a key. */
  requestHash: string;
}

/** Printable ASCII without spaces, 1-255 characters: a UUID fits. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What the HTTP layer gives a write: its idempotency facts, and the headers of its answer. */
export interface WriteRequest {
  meta: WriteMeta;
  headers: ResponseHeaders;
}

/** What the decorator reads of a request, as both Express and Fastify give it. */
interface WriteRequestLike {
  method: string;
  /** Path and query string, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * The Idempotency-Key header (printable ASCII, up to 255 characters) and a digest of the request
 * it came with: method, path and the canonical JSON of the body, so key order or spacing in a
 * retried body does not count as a different request.
 */
export const WriteRequestParam = createParamDecorator((_: unknown, context: ExecutionContext): WriteRequest => {
  const request = context.switchToHttp().getRequest<WriteRequestLike>();
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ProblemError(
      problem('invalid-idempotency-key', 'Idempotency-Key must be 1-255 printable ASCII characters without spaces', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
      }),
    );
  }
  // The digest is only ever compared under a key: a write without one is not hashed.
  const requestHash = key === undefined ? '' : requestDigest(request);
  return { meta: { idempotencyKey: key, requestHash }, headers: new ResponseHeaders(context.switchToHttp().getResponse()) };
});

function requestDigest(request: WriteRequestLike): string {
  return createHash('sha256')
    .update(`${request.method} ${pathOf(request.url)}\n`)
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
}

/** The path without the query string (what Express calls `req.path` for an app mounted at the root). */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { canonicalJson } from '../event-store/payload-hash';
import { problem, ProblemError } from './problem';

export interface WriteMeta {
  idempotencyKey?: string;
  requestHash: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The Idempotency-Key header (printable ASCII, up to 255 characters) and a digest of the request
 * it came with: method, path and the canonical JSON of the body, so key order or spacing in a
 * retried body does not count as a different request.
 */
export const WriteMetaParam = createParamDecorator((_: unknown, context: ExecutionContext): WriteMeta => {
  const request = context.switchToHttp().getRequest<Request>();
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    throw new ProblemError(
      problem('invalid-idempotency-key', 'Idempotency-Key must be 1-255 printable ASCII characters without spaces', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
      }),
    );
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.path}\n`)
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
  return { idempotencyKey: key, requestHash };
});

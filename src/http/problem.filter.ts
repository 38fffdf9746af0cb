import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../domain/errors';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors';
import { ProvenanceError } from '../provenance/provenance.errors';
import { PROBLEM_CONTENT_TYPE, problem, ProblemDetails, ProblemError } from './problem';

const STATUS_BY_KIND: Record<string, number> = {
  invalid: 400,
  'rule-violation': 422,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
};

const PROVENANCE_STATUS: Record<string, number> = {
  'lot-not-found': 404,
  'facility-not-found': 404,
  'invalid-as-of': 400,
  'position-not-yet-projected': 503,
};

/** The one place where errors become HTTP answers: typed errors in, problem+json out. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { body, headers } = this.toProblem(error);
    body.instance = request.originalUrl;
    if (response.headersSent) return;
    response.status(body.status);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(error: unknown): { body: ProblemDetails; headers: Record<string, string> } {
    if (error instanceof ProblemError) return { body: { ...error.problem }, headers: error.headers };
    if (error instanceof DomainError) {
      const status = STATUS_BY_KIND[error.kind] ?? 422;
      return { body: problem(status, error.code, error.message, error.fields?.length ? { errors: error.fields } : {}), headers: {} };
    }
    if (error instanceof ProvenanceError) {
      const status = PROVENANCE_STATUS[error.code] ?? 400;
      return { body: problem(status, error.code, error.message), headers: status === 503 ? { 'Retry-After': '1' } : {} };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return {
        body: problem(409, 'concurrent-modification', `${error.streamId} was changed by another command at the same time; read it again and retry`),
        headers: {},
      };
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return {
        body: problem(422, 'idempotency-key-reused', 'this Idempotency-Key was already used with a different request; use a new key for a new request'),
        headers: {},
      };
    }
    if (error instanceof DuplicateEventIdError) {
      return { body: problem(409, 'duplicate-event', error.message), headers: {} };
    }
    if (error instanceof EventStoreUnavailableError) {
      return { body: problem(503, 'store-unavailable', error.message), headers: { 'Retry-After': '1' } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : `http-${status}`;
      const detail = status === 404 ? 'no such resource' : error.message;
      return { body: problem(status, code, detail), headers: {} };
    }
    this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    return { body: problem(500, 'internal-error', 'the ledger could not complete this request; nothing was stored if it was a write that failed'), headers: {} };
  }
}

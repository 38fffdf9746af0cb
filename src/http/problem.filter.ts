import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '../domain/errors';
import { EventStoreError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { IntegrityError } from '../integrity/integrity.errors';
import { isTransient, RETRY_AFTER_SECONDS, type ProblemCode, type ProblemStatus } from '../problems';
import { ProvenanceError } from '../provenance/provenance.errors';
import { PROBLEM_CONTENT_TYPE, problem, ProblemDetails, ProblemError, type FieldProblem } from '../problems';

/** What an error answers; status, title and `type` follow from the code in the catalogue. */
interface Answer {
  code: ProblemCode;
  detail: string;
  errors?: FieldProblem[];
  /** Only for a code whose catalogue entry allows a second status. */
  status?: ProblemStatus;
}

/** The store's messages name streams and revisions for the log; a client is told what to do instead. */
const STORE_DETAIL = new Map<abstract new (...args: never[]) => EventStoreError, (error: EventStoreError) => string>([
  [
    WrongExpectedRevisionError,
    (error) => `${(error as WrongExpectedRevisionError).streamId} was changed by another command at the same time; read it again and retry`,
  ],
  [IdempotencyKeyReusedError, () => 'this Idempotency-Key was already used with a different request; use a new key for a new request'],
]);

function answerOf(error: unknown): Answer | null {
  if (error instanceof DomainError) {
    return { code: error.code, detail: error.message, status: error.httpStatus, ...(error.fields.length ? { errors: error.fields } : {}) };
  }
  if (error instanceof EventStoreError) {
    const detail = STORE_DETAIL.get(error.constructor as abstract new (...args: never[]) => EventStoreError);
    return { code: error.code, detail: detail ? detail(error) : error.message };
  }
  if (error instanceof ProvenanceError || error instanceof IntegrityError) return { code: error.code, detail: error.message };
  if (error instanceof HttpException) {
    // Nest's own answers: a path no route matches, a method no route takes.
    if (error.getStatus() === 404) return { code: 'not-found', detail: 'no such resource' };
    if (error.getStatus() === 405) return { code: 'method-not-allowed', detail: error.message };
  }
  return null;
}

/** Told the code of every problem the filter answers (the operator's count of refusals by code). */
export const PROBLEM_ANSWERED = Symbol('PROBLEM_ANSWERED');
export type ProblemAnswered = (code: ProblemCode) => void;

/**
 * The one place where errors become HTTP answers: typed errors in, problem+json out. It answers
 * through Nest's HTTP adapter, so it is the same on Express and Fastify.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    @Optional() @Inject(PROBLEM_ANSWERED) private readonly answered?: ProblemAnswered,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) throw error;
    const http = host.switchToHttp();
    const response: unknown = http.getResponse();
    const { body, headers } = this.toProblem(error);
    this.answered?.(body.code);
    body.instance = adapter.getRequestUrl(http.getRequest());
    if (adapter.isHeadersSent(response)) return;
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.setHeader(response, 'Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    adapter.reply(response, JSON.stringify(body), body.status);
  }

  toProblem(error: unknown): { body: ProblemDetails; headers: Record<string, string> } {
    if (error instanceof ProblemError) return { body: { ...error.problem }, headers: { ...retryAfter(error.problem.code), ...error.headers } };
    const answer = answerOf(error);
    if (answer === null) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return { body: problem('internal-error', 'the ledger could not complete this request; nothing was stored if it was a write that failed'), headers: {} };
    }
    const body = problem(answer.code, answer.detail, { errors: answer.errors, status: answer.status });
    // A typed error answered with 5xx is a fault of the ledger the operator must see.
    if (body.status >= 500 && !isTransient(answer.code)) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { body, headers: retryAfter(answer.code) };
  }
}

function retryAfter(code: ProblemCode): Record<string, string> {
  return isTransient(code) ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
}

import { applyDecorators, Get, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { ContentObject, HeadersObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { HttpCommandType } from '../../domain/commands';
import { ID_PATTERN } from '../../domain/command-fields';
import { PROBLEM_CONTENT_TYPE, RETRY_AFTER_SECONDS, type ProblemStatus } from '../../problems';
import { IDEMPOTENT_REPLAYED, WriteAnswer } from '../answers';
import { ID_MAX } from '../fields/body-fields';
import { IDEMPOTENCY_KEY_PATTERN } from '../write-request.decorator';
import { problemSchemaName } from './problem-schemas';

/*
 * Route decorators: the HTTP method and path, and everything the OpenAPI document says about the
 * route (answers, problems, headers, path parameters), in one place per route.
 */

/** What every authenticated route may answer: no or a bad key, a fault, the store unavailable. */
const COMMON_PROBLEMS: ProblemStatus[] = [401, 500, 503];
/** What every write may answer besides: malformed, forbidden, conflicting, too large, not JSON, breaking a rule. */
const WRITE_PROBLEMS: ProblemStatus[] = [400, 403, 409, 413, 415, 422];
/** What a read of something named in its path may answer besides: a bad id, not found. */
const PATH_PROBLEMS: ProblemStatus[] = [400, 404];

/**
 * Example values of path parameters: ids of the example ledger the request examples describe (a
 * spodumene lot from an Australian mine refined in Japan), so Swagger UI's "try it out" works there.
 */
const PATH_EXAMPLES: Record<string, string> = {
  lotId: 'AU-SPOD-1',
  facilityId: 'au-greenbushes-mine',
  flagId: 'FLAG-2026-003',
  partyId: 'au-pilbara-lithium',
};

export interface RouteSpec {
  /** Path under the controller's prefix (`v1`), with `:name` parameters. */
  path: string;
  summary: string;
  description?: string;
  /** Problem statuses beyond those every write or read answers. */
  problems?: ProblemStatus[];
  /** Path parameters that are not ledger ids, or examples other than the usual ones. */
  params?: Record<string, { example: string | number; schema?: SchemaObject; description?: string }>;
}

const problemHeaders = (status: ProblemStatus): HeadersObject | undefined => {
  if (status === 401) return { 'WWW-Authenticate': { description: 'the bearer challenge', schema: { type: 'string', example: 'Bearer realm="ledger"' } } };
  if (status === 503) {
    return { 'Retry-After': { description: 'seconds to wait before retrying (a write with the same Idempotency-Key)', schema: { type: 'integer', example: RETRY_AFTER_SECONDS } } };
  }
  return undefined;
};

/** One problem+json answer per status, its `code` limited to the codes of that status. */
export function ProblemResponses(statuses: readonly ProblemStatus[]): MethodDecorator {
  const sorted = [...new Set(statuses)].sort((a, b) => a - b);
  return applyDecorators(
    ...sorted.map((status) => {
      const headers = problemHeaders(status);
      return ApiResponse({
        status,
        description: status === 503 ? 'transient: retry after Retry-After seconds' : `problem details (the codes of ${status} are listed in docs/problems.md)`,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${problemSchemaName(status)}` } } },
        ...(headers ? { headers } : {}),
      });
    }),
  );
}

function PathParams(path: string, params: RouteSpec['params'] = {}): MethodDecorator {
  const names = [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
  return applyDecorators(
    ...names.map((name) => {
      const custom = params[name];
      return ApiParam({
        name,
        description: custom?.description,
        schema: { ...(custom?.schema ?? { type: 'string', pattern: ID_PATTERN.source, maxLength: ID_MAX }), example: custom?.example ?? PATH_EXAMPLES[name] },
      });
    }),
  );
}

function Operation(spec: RouteSpec & { public?: boolean }): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      // Every route needs a bearer token (the document's global security) but the public ones.
      ...(spec.public ? { security: [] } : {}),
    }),
    PathParams(spec.path, spec.params),
  );
}

/**
 * A route that runs a command: POST, an optional `Idempotency-Key`, `201` with the write's answer
 * (and `Idempotent-Replayed: true` when a retry was answered from the first request), the
 * problems of a write. The command type is published as `x-ledger-command`.
 */
export function WriteRoute(command: HttpCommandType, spec: RouteSpec & { answer?: Type<unknown> }): MethodDecorator {
  return applyDecorators(
    Post(spec.path),
    Operation(spec),
    ApiExtension('x-ledger-command', command),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'makes a retry safe: the same key and body answer the first response again and store nothing; the same key with another body is refused (422)',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, maxLength: 255, example: '5f0c8a52-1d7e-4b8e-9f3a-6c2d4e8b1a07' },
    }),
    ApiResponse({
      status: 201,
      description: 'stored',
      type: spec.answer ?? WriteAnswer,
      headers: {
        [IDEMPOTENT_REPLAYED]: { description: 'present (`true`) when the answer is a replay of an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
      },
    }),
    ProblemResponses([...COMMON_PROBLEMS, ...WRITE_PROBLEMS, ...(spec.problems ?? [])]),
  );
}

/**
 * What a route answers on success: a JSON body of a documented class (or a list of them), or other
 * media types described by hand; with the headers it carries, when it has some of its own.
 */
export type ReadAnswer = ({ type: Type<unknown>; isArray?: boolean } | { content: ContentObject }) & { description?: string; headers?: HeadersObject };

/**
 * A POST that runs no single ledger command and whose idempotency keys travel in its body (EPCIS
 * capture: each event's eventID, `docs/epcis.md`), so the Idempotency-Key header does not apply and
 * is not documented: `idempotency` says where the keys are, in the operation's description. It
 * answers `status` with `answer`; the problems of any route and those it lists.
 */
export function BodyKeyedWriteRoute(spec: RouteSpec & { status: 201 | 202; answer: ReadAnswer; idempotency: string; problems: ProblemStatus[] }): MethodDecorator {
  const description = [spec.description, `**Idempotency:** ${spec.idempotency}`].filter(Boolean).join('\n\n');
  return applyDecorators(
    Post(spec.path),
    HttpCode(spec.status),
    Operation({ ...spec, description }),
    ApiResponse({ status: spec.status, description: spec.status === 202 ? 'accepted' : 'stored', ...spec.answer }),
    ProblemResponses([...COMMON_PROBLEMS, ...spec.problems]),
  );
}

/**
 * A GET route: `200` with its answer; the problems of any route, of a path naming something
 * (`:lotId` …), and those the route lists (403 for reader rules, 400 for a query, 422 …).
 */
export function ReadRoute(spec: RouteSpec & { answer: ReadAnswer; public?: boolean }): MethodDecorator {
  const common: ProblemStatus[] = spec.public ? [500, 503] : COMMON_PROBLEMS;
  return applyDecorators(
    Get(spec.path),
    Operation(spec),
    ApiResponse({ status: 200, description: 'ok', ...spec.answer }),
    ProblemResponses([...common, ...(spec.path.includes(':') ? PATH_PROBLEMS : []), ...(spec.problems ?? [])]),
  );
}

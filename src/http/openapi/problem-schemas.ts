import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DomainError, LotAlreadyExists, LotNotFound, MassBalanceViolated, NotCustodian } from '../../domain/errors';
import { codesByStatus, problemCodeEnum, problemType, type ProblemStatus } from '../../problems';
import { problem, type ProblemDetails } from '../../problems';
import { bodyTooLarge } from '../body-too-large';

/*
 * The problem+json schemas of the OpenAPI document: one `Problem` with every code of the
 * catalogue, and one per status whose `code` lists only the codes that status may carry, so a
 * client generated from the document knows which codes each answer can hold.
 */

export const problemSchemaName = (status: ProblemStatus): string => `Problem${status}`;

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

function fromDomain(error: DomainError, instance: string): ProblemDetails {
  return { ...problem(error.code, error.message, { errors: error.fields.length ? error.fields : undefined }), instance };
}

/** A realistic answer per status, rendered by the same code that renders real ones. */
const EXAMPLES: Partial<Record<ProblemStatus, () => ProblemDetails>> = {
  400: () => ({
    ...problem('invalid-request', 'the request has 1 invalid field: occurredAt (occurredAt must be RFC 3339 date)', {
      errors: [{ field: 'occurredAt', message: 'occurredAt must be RFC 3339 date' }],
    }),
    instance: '/v1/lots',
  }),
  401: () => ({ ...problem('unauthenticated', 'send Authorization: Bearer <api key>'), instance: '/v1/lots/AU-SPOD-1' }),
  403: () => fromDomain(new NotCustodian('AU-SPOD-1', 'lotId'), '/v1/lots/AU-SPOD-1/shipments'),
  404: () => fromDomain(new LotNotFound('AU-SPOD-1'), '/v1/lots/AU-SPOD-1'),
  409: () => fromDomain(new LotAlreadyExists('AU-SPOD-1'), '/v1/lots'),
  413: () => ({
    ...bodyTooLarge(1024 * 1024),
    instance: '/v1/transformations',
  }),
  415: () => ({ ...problem('unsupported-media-type', 'send the request body as application/json'), instance: '/v1/lots' }),
  422: () => fromDomain(new MassBalanceViolated('lithium', 28_000_000, 27_450_000), '/v1/transformations'),
  429: () => ({ ...problem('rate-limited', 'too many requests with this API key; wait the seconds in Retry-After'), instance: '/v1/lots' }),
  500: () => ({
    ...problem('internal-error', 'the ledger could not complete this request; nothing was stored if it was a write that failed'),
    instance: '/v1/lots',
  }),
  503: () => ({
    ...problem('projections-behind', 'the provenance read models are at position 41, not yet at 42; retry shortly'),
    instance: '/v1/lots/JP-LIOH-1/origins?minPosition=42',
  }),
};

/** The problem schemas for the statuses the document's operations answer with. */
export function problemSchemas(statuses: readonly ProblemStatus[]): Record<string, SchemaObject> {
  const schemas: Record<string, SchemaObject> = {
    FieldProblem: {
      type: 'object',
      description: 'One offending request field.',
      required: ['field', 'message'],
      properties: {
        field: { type: 'string', description: 'path of the field in the body or query, e.g. `outputs[0].composition.lithium`' },
        message: { type: 'string' },
      },
    },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details; match on `code` (or `type`), never on `detail`. Every code is listed in docs/problems.md.',
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: { type: 'string', description: `the code's stable URI: \`${problemType('not-custodian').replace('not-custodian', '<code>')}\``, example: problemType('not-custodian') },
        title: { type: 'string', description: 'the same for every answer with this code' },
        status: { type: 'integer', description: 'the HTTP status' },
        detail: { type: 'string', description: 'what went wrong, for a person to act on' },
        instance: { type: 'string', description: 'the request path' },
        code: { type: 'string', enum: problemCodeEnum(), description: 'stable, never renamed' },
        errors: { type: 'array', items: ref('FieldProblem'), description: 'the offending request fields, when there are any' },
      },
    },
  };
  const byStatus = codesByStatus();
  for (const status of statuses) {
    const example = EXAMPLES[status]?.();
    schemas[problemSchemaName(status)] = {
      allOf: [
        ref('Problem'),
        {
          type: 'object',
          required: ['status', 'code'],
          properties: { status: { type: 'integer', enum: [status] }, code: { type: 'string', enum: byStatus.get(status) ?? [] } },
        },
      ],
      ...(example ? { example } : {}),
    };
  }
  return schemas;
}

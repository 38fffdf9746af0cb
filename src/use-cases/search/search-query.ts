import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { FACILITY_KINDS, PARTY_ROLES } from '../../domain/events';
import { ID_PATTERN } from '../../http/dto/identifier';
import { problem, ProblemError } from '../../http/problem';
import { RFC3339 } from '../../provenance/as-of';
import type { LotStatus } from '../../../projections/custody-graph.projection';
import { parseLimitParam } from '../read-ledger/ledger.controller';

/** Page size of the lists when `limit` is not given, and the largest one asked for. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

const STATUSES: readonly LotStatus[] = ['active', 'in-transit', 'consumed', 'retired'];
const COUNTRY = /^[A-Z]{2}$/;
const MINERAL = /^[a-z][a-z-]{0,63}$/;
/** A prefix of an id: the id's characters, without the rule on the first one. */
const ID_PREFIX = /^[A-Za-z0-9._:-]{1,128}$/;

type Query = Record<string, unknown>;

/**
 * The query string as parsed, for the lists' own checks below: the body pipe's whitelist would
 * refuse every parameter of an untyped query object.
 */
export const ListQuery = createParamDecorator((_: unknown, context: ExecutionContext): Query => context.switchToHttp().getRequest<{ query: Query }>().query);

function invalid(field: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-query', `${field} ${message}`, { errors: [{ field, message }] }));
}

/**
 * Refuses parameters a list does not know: a misspelt filter (`custodain=`) would otherwise be
 * ignored and answer with every lot, which reads as if the filter had matched them all.
 */
export function onlyKnownParams(query: Query, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) throw invalid(name, `is not a filter of this list; use ${known.join(', ')}`);
  }
}

/** One value of a parameter (a repeated one is refused), or undefined when absent or empty. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(name, 'must be given once');
  return value;
}

export function matching(query: Query, name: string, pattern: RegExp, what: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !pattern.test(value)) throw invalid(name, `must be ${what}`);
  return value;
}

export function oneOf<T extends string>(query: Query, name: string, values: readonly T[]): T | undefined {
  const value = single(query, name);
  if (value !== undefined && !(values as readonly string[]).includes(value)) throw invalid(name, `must be one of ${values.join(', ')}`);
  return value as T | undefined;
}

export const param = {
  id: (query: Query, name: string) => matching(query, name, ID_PATTERN, '1-128 letters, digits or . _ : - starting with a letter or digit'),
  idPrefix: (query: Query) => matching(query, 'idPrefix', ID_PREFIX, '1-128 letters, digits or . _ : -'),
  country: (query: Query, name: string) => matching(query, name, COUNTRY, 'an ISO 3166-1 alpha-2 code in capitals (JP)'),
  mineral: (query: Query) => matching(query, 'mineral', MINERAL, 'a mineral name in lower case (nickel)'),
  instant: (query: Query, name: string) => {
    const value = matching(query, name, RFC3339, 'an RFC 3339 time (2026-01-31T00:00:00Z)');
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw invalid(name, 'must be a real RFC 3339 time');
    return value;
  },
  status: (query: Query) => oneOf(query, 'status', STATUSES),
  role: (query: Query) => oneOf(query, 'role', PARTY_ROLES),
  kind: (query: Query) => oneOf(query, 'kind', FACILITY_KINDS),
  flagged: (query: Query): boolean | undefined => {
    const value = oneOf(query, 'flagged', ['true', 'false'] as const);
    return value === undefined ? undefined : value === 'true';
  },
  limit: (query: Query) => parseLimitParam(single(query, 'limit'), DEFAULT_PAGE, MAX_PAGE),
  /** Passed on as given; the read models say whether it is a position or a time they know. */
  asOf: (query: Query) => single(query, 'asOf'),
  minPosition: (query: Query) => single(query, 'minPosition'),
};

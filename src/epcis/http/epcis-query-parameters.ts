import { isInstant } from '../../domain/business-time';
import type { Position } from '../../event-store/event-store.port';
import { problem, ProblemError } from '../../problems';
import { bizStepTerm, errorReasonTerm } from '../query/cbv-vocabulary';
import type { EpcisEventFilter } from '../query/epcis-event-filter';
import type { LotRole } from '../query/epcis-rendering';
import { instantMicros } from '../query/event-time';

/**
 * The query string of `GET /epcis/events` and the narrowed paths, read into a filter. Every
 * parameter of the contract is served; `perPage`, `nextPageToken` and the ledger's `minPosition`
 * (read-your-writes) too; any other is refused, naming it, rather than silently ignored. Lists
 * are given as `a|b` (the REST binding's form) or by repeating the parameter.
 */

export const FILTER_PARAMETERS = [
  'eventType',
  'GE_eventTime',
  'LT_eventTime',
  'GE_recordTime',
  'LT_recordTime',
  'EQ_bizStep',
  'EQ_bizLocation',
  'EQ_readPoint',
  'MATCH_epcClass',
  'MATCH_inputEPCClass',
  'MATCH_outputEPCClass',
  'MATCH_anyEPCClass',
  'EQ_eventID',
  'EXISTS_errorDeclaration',
  'EQ_errorReason',
  'EQ_correctiveEventID',
] as const;

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 1000;

/** What the query string of an events read says. */
export interface EventQuery {
  filter: EpcisEventFilter;
  perPage: number;
  nextPageToken: string | null;
  minPosition: Position | null;
}

export type RawQuery = Record<string, string | string[] | undefined>;

const MATCH_ROLES: Record<string, readonly LotRole[]> = {
  MATCH_epcClass: ['quantity'],
  MATCH_inputEPCClass: ['input'],
  MATCH_outputEPCClass: ['output'],
  MATCH_anyEPCClass: ['quantity', 'input', 'output'],
};

export function invalidParameter(name: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-query', `${name} ${message}`, { errors: [{ field: name, message }] }));
}

/** Refuses every parameter not in `allowed`, naming them all. */
export function refuseUnknownParameters(query: RawQuery, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
  if (unknown.length === 0) return;
  throw new ProblemError(
    problem('unknown-query-parameter', `the ledger does not serve the query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, {
      errors: unknown.map((field) => ({ field, message: 'not a query parameter of this endpoint' })),
    }),
  );
}

/** The events query of a query string; throws a problem naming the first parameter at fault. */
export function readEventQuery(query: RawQuery): EventQuery {
  refuseUnknownParameters(query, [...FILTER_PARAMETERS, 'perPage', 'nextPageToken', 'minPosition']);
  const filter: { -readonly [K in keyof EpcisEventFilter]: EpcisEventFilter[K] } = {};
  const list = (name: string) => listOf(query, name);
  if (query.eventType !== undefined) filter.eventTypes = list('eventType');
  if (query.GE_eventTime !== undefined) filter.eventTimeFrom = instantOf(query, 'GE_eventTime');
  if (query.LT_eventTime !== undefined) filter.eventTimeBefore = instantOf(query, 'LT_eventTime');
  if (query.GE_recordTime !== undefined) filter.recordTimeFrom = instantOf(query, 'GE_recordTime');
  if (query.LT_recordTime !== undefined) filter.recordTimeBefore = instantOf(query, 'LT_recordTime');
  if (query.EQ_bizStep !== undefined) filter.bizSteps = list('EQ_bizStep').map(bizStepTerm);
  if (query.EQ_bizLocation !== undefined) filter.bizLocations = list('EQ_bizLocation');
  if (query.EQ_readPoint !== undefined) filter.readPoints = list('EQ_readPoint');
  const matches = Object.keys(MATCH_ROLES).filter((name) => query[name] !== undefined);
  if (matches.length > 0) filter.epcClasses = matches.map((name) => ({ roles: MATCH_ROLES[name], classes: list(name) }));
  if (query.EQ_eventID !== undefined) filter.eventIds = list('EQ_eventID');
  if (query.EXISTS_errorDeclaration !== undefined) {
    const value = single(query, 'EXISTS_errorDeclaration');
    // A presence parameter: its value says nothing, but "false" would read as the opposite of what it does.
    if (value !== '' && value !== 'true') throw invalidParameter('EXISTS_errorDeclaration', 'is given without a value (or as "true"): it keeps only events with an errorDeclaration');
    filter.withErrorDeclaration = true;
  }
  if (query.EQ_errorReason !== undefined) filter.errorReasons = list('EQ_errorReason').map(errorReasonTerm);
  if (query.EQ_correctiveEventID !== undefined) filter.correctiveEventIds = list('EQ_correctiveEventID');
  return {
    filter,
    perPage: perPageOf(query),
    nextPageToken: query.nextPageToken === undefined ? null : single(query, 'nextPageToken'),
    minPosition: minPositionOf(query),
  };
}

/** `minPosition`: wait until the index has reached this log position (a write's answer says it). */
export function minPositionOf(query: RawQuery): Position | null {
  if (query.minPosition === undefined) return null;
  const value = single(query, 'minPosition');
  if (!/^\d{1,30}$/.test(value)) throw invalidParameter('minPosition', 'must be a log position: a decimal string of digits');
  return BigInt(value);
}

/** `perPage`: 1 to MAX_PER_PAGE, DEFAULT_PER_PAGE when absent (events and capture jobs alike). */
export function perPageOf(query: RawQuery): number {
  if (query.perPage === undefined) return DEFAULT_PER_PAGE;
  const value = single(query, 'perPage');
  const perPage = Number(value);
  if (!/^\d{1,4}$/.test(value) || perPage < 1 || perPage > MAX_PER_PAGE) throw invalidParameter('perPage', `must be a whole number from 1 to ${MAX_PER_PAGE}`);
  return perPage;
}

/** A parameter given at most once (the empty string when absent). */
export function single(query: RawQuery, name: string): string {
  const value = query[name];
  if (Array.isArray(value)) throw invalidParameter(name, 'is given more than once; give it once');
  return value ?? '';
}

function listOf(query: RawQuery, name: string): string[] {
  const raw = query[name];
  const values = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((value) => value.split('|'));
  if (values.some((value) => value === '')) throw invalidParameter(name, 'has an empty value; give one or more values separated by |');
  return values;
}

function instantOf(query: RawQuery, name: string): number {
  // An unencoded "+" in a query string arrives as a space: `…T08:00:00 09:00` meant `+09:00`.
  const value = single(query, name).replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!isInstant(value)) throw invalidParameter(name, 'must be an RFC 3339 date-time with a time zone, such as 2024-05-01T08:30:00Z (percent-encode a "+" offset)');
  return instantMicros(value, name);
}

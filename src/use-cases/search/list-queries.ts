import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { COUNTRY_PATTERN, ID_PATTERN } from '../../domain/command-fields';
import { FACILITY_KINDS, PARTY_ROLES, type FacilityKind, type PartyRole } from '../../domain/events';
import type { LotStatus } from '../../domain/lot';
import { field } from '../../http/fields/field';
import { AsOfQuery, EnumQuery, PositionQuery, WholeNumberQuery } from '../../http/fields/query-fields';
import { matches, maxLength, rfc3339 } from '../../http/fields/rules';
import { problem, ProblemError } from '../../problems';

/** Page size of the lists when `limit` is not given, and the largest one asked for. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

const STATUSES: readonly LotStatus[] = ['active', 'in-transit', 'consumed', 'retired'];
const MINERAL = /^[a-z][a-z-]{0,63}$/;
/** A prefix of an id: the id's characters, without the rule on the first one. */
const ID_PREFIX = /^[A-Za-z0-9._:-]{1,128}$/;

const IdQuery = (description: string, example: string) =>
  field({ description, example, optional: true }, maxLength(128), matches(ID_PATTERN, '$property must be 1-128 letters, digits or . _ : - starting with a letter or digit'));
const CountryQuery = (description: string) => field({ description, example: 'AU', optional: true }, matches(COUNTRY_PATTERN, '$property must be an ISO 3166-1 alpha-2 code in capitals (AU)'));
const IdPrefixQuery = (example: string) => field({ description: 'ids starting with this', example, optional: true }, matches(ID_PREFIX, '$property must be 1-128 letters, digits or . _ : -'));

/** Paging through one moment of the ledger: every list takes these. */
export class PageQuery {
  @IdQuery('the `next` of the previous page', 'AU-SPOD-0')
  after?: string;

  @WholeNumberQuery(`page size (default ${DEFAULT_PAGE})`, { min: 1, max: MAX_PAGE }, { example: DEFAULT_PAGE })
  limit?: number;

  @AsOfQuery()
  asOf?: string;

  @PositionQuery('wait (bounded) until the read models reach this position, e.g. the `position` a write answered')
  minPosition?: bigint;
}

export class LotSearchQuery extends PageQuery {
  @IdPrefixQuery('AU-')
  idPrefix?: string;

  @IdQuery('the party holding it now', 'jp-lithium-refining')
  custodian?: string;

  @IdQuery('extracted or recovered, received or produced there', 'au-greenbushes-mine')
  facility?: string;

  @field({ description: 'contained when it was made', example: 'lithium', optional: true }, matches(MINERAL, '$property must be a mineral name in lower case (lithium)'))
  mineral?: string;

  @EnumQuery(STATUSES, 'LotStatus', 'its status at the moment read')
  status?: LotStatus;

  @CountryQuery('material of it was extracted or recovered in this country')
  originCountry?: string;

  @EnumQuery(['true', 'false'], 'Flagged', 'an open flag on the lot itself (true), or none (false)')
  flagged?: 'true' | 'false';

  @field({ description: 'made (business time) at or after this RFC 3339 time', example: '2026-01-01T00:00:00Z', optional: true }, rfc3339())
  from?: string;

  @field({ description: 'made before this RFC 3339 time', example: '2027-01-01T00:00:00Z', optional: true }, rfc3339())
  to?: string;
}

export class PartySearchQuery extends PageQuery {
  @IdPrefixQuery('au-')
  idPrefix?: string;

  @EnumQuery(PARTY_ROLES, 'PartyRole', 'holds this role')
  role?: PartyRole;

  @CountryQuery('registered in this country')
  country?: string;
}

export class FacilitySearchQuery extends PageQuery {
  @IdPrefixQuery('au-')
  idPrefix?: string;

  @EnumQuery(FACILITY_KINDS, 'FacilityKind', 'of this kind')
  kind?: FacilityKind;

  @CountryQuery('in this country')
  country?: string;

  @IdQuery('the operating party', 'au-pilbara-lithium')
  operator?: string;
}

/** Every parameter a list knows, checked by the compiler against its query class. */
const PAGE_PARAMS: Record<keyof PageQuery, true> = { after: true, limit: true, asOf: true, minPosition: true };
export const LOT_PARAMS: Record<keyof LotSearchQuery, true> = {
  ...PAGE_PARAMS, idPrefix: true, custodian: true, facility: true, mineral: true, status: true, originCountry: true, flagged: true, from: true, to: true,
};
export const PARTY_PARAMS: Record<keyof PartySearchQuery, true> = { ...PAGE_PARAMS, idPrefix: true, role: true, country: true };
export const FACILITY_PARAMS: Record<keyof FacilitySearchQuery, true> = { ...PAGE_PARAMS, idPrefix: true, kind: true, country: true, operator: true };

/**
 * Refuses parameters a list does not know (other reads ignore them): a misspelt filter
 * (`custodain=`) would otherwise answer every lot, which reads as if the filter had matched them
 * all. The query class's own checks come from the validation pipe as on every read.
 */
export const OnlyKnownParams = createParamDecorator((known: Record<string, true>, context: ExecutionContext): void => {
  const query = context.switchToHttp().getRequest<{ query: Record<string, unknown> }>().query;
  for (const name of Object.keys(query)) {
    if (known[name]) continue;
    const message = `is not a parameter of this list; use ${Object.keys(known).join(', ')}`;
    throw new ProblemError(problem('invalid-query', `${name} ${message}`, { errors: [{ field: name, message }] }));
  }
});

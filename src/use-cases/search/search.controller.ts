import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { FACILITY_KINDS, PARTY_ROLES } from '../../domain/events';
import { problem, ProblemError } from '../../http/problem';
import type { LotStateView } from '../../provenance/provenance-queries';
import type { FacilityView, ListPage, PageRequest, PartyView } from '../../provenance/search-queries';
import { parsePositionParam } from '../read-ledger/ledger.controller';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { DEFAULT_PAGE, ListQuery, MAX_PAGE, onlyKnownParams, param } from './search-query';

type Query = Record<string, unknown>;

const PAGING = ['after', 'limit', 'asOf', 'minPosition'] as const;
const LOT_FILTERS = ['idPrefix', 'custodian', 'facility', 'mineral', 'status', 'originCountry', 'flagged', 'from', 'to'] as const;

/** The paging parameters every list documents. */
function PagingQueries() {
  return applyDecorators(
    ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' }),
    ApiQuery({ name: 'limit', required: false, description: `page size, 1-${MAX_PAGE} (default ${DEFAULT_PAGE})` }),
    ApiQuery({ name: 'asOf', required: false, description: "a global position or an RFC 3339 time; pass the first page's `position` to page through one moment" }),
    ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read models reach this position' }),
  );
}

/**
 * Finding lots, parties and facilities: lists read from the search indexes, one page at a time in
 * id order (`{items, next, position}`; `after=<next>` gives the following page). Auditors and
 * regulators list every lot; an operator lists the lots it holds, held or was shipped. Parties and
 * facilities are the ledger's directory: any key may list them.
 */
@ApiTags('search')
@ApiBearerAuth()
@Controller('v1')
export class SearchController {
  constructor(private readonly provenance: ProvenanceService) {}

  @Get('lots')
  @ApiOperation({ summary: 'find lots: by id prefix, custodian, facility, mineral, status, origin country, open flags, time made' })
  @ApiOkResponse({ description: '{items: [lot state], next, position}' })
  @ApiQuery({ name: 'idPrefix', required: false })
  @ApiQuery({ name: 'custodian', required: false, description: 'the party holding it now' })
  @ApiQuery({ name: 'facility', required: false, description: 'extracted or recovered, received or produced there' })
  @ApiQuery({ name: 'mineral', required: false, description: 'contained when it was made' })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'in-transit', 'consumed', 'retired'] })
  @ApiQuery({ name: 'originCountry', required: false, description: 'material of it was extracted or recovered there (ISO 3166-1 alpha-2)' })
  @ApiQuery({ name: 'flagged', required: false, enum: ['true', 'false'], description: 'an open flag on the lot itself, or none' })
  @ApiQuery({ name: 'from', required: false, description: 'made (business time) at or after this RFC 3339 time' })
  @ApiQuery({ name: 'to', required: false, description: 'made before this RFC 3339 time' })
  @PagingQueries()
  async lots(@CurrentActor() actor: Actor, @ListQuery() query: Query): Promise<ListPage<LotStateView>> {
    onlyKnownParams(query, [...LOT_FILTERS, ...PAGING]);
    const readableBy = isAuditorOrRegulator(actor) ? undefined : operatorOf(actor);
    const search = {
      idPrefix: param.idPrefix(query),
      custodian: param.id(query, 'custodian'),
      facility: param.id(query, 'facility'),
      mineral: param.mineral(query),
      status: param.status(query),
      originCountry: param.country(query, 'originCountry'),
      flagged: param.flagged(query),
      from: param.instant(query, 'from'),
      to: param.instant(query, 'to'),
      readableBy,
    };
    const page = await this.pageOf(query);
    return this.provenance.search.lots(search, page);
  }

  @Get('parties')
  @ApiOperation({ summary: 'list parties: by id prefix, role, country' })
  @ApiOkResponse({ description: '{items: [{partyId, name, country, roles}], next, position}' })
  @ApiQuery({ name: 'idPrefix', required: false })
  @ApiQuery({ name: 'role', required: false, enum: PARTY_ROLES })
  @ApiQuery({ name: 'country', required: false })
  @PagingQueries()
  async parties(@ListQuery() query: Query): Promise<ListPage<PartyView>> {
    onlyKnownParams(query, ['idPrefix', 'role', 'country', ...PAGING]);
    const search = { idPrefix: param.idPrefix(query), role: param.role(query), country: param.country(query, 'country') };
    return this.provenance.search.parties(search, await this.pageOf(query));
  }

  @Get('facilities')
  @ApiOperation({ summary: 'list facilities: by id prefix, kind, country, operator' })
  @ApiOkResponse({ description: '{items: [{facilityId, operatorId, name, kind, country}], next, position}' })
  @ApiQuery({ name: 'idPrefix', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: FACILITY_KINDS })
  @ApiQuery({ name: 'country', required: false })
  @ApiQuery({ name: 'operator', required: false, description: 'the operating party' })
  @PagingQueries()
  async facilities(@ListQuery() query: Query): Promise<ListPage<FacilityView>> {
    onlyKnownParams(query, ['idPrefix', 'kind', 'country', 'operator', ...PAGING]);
    const search = { idPrefix: param.idPrefix(query), kind: param.kind(query), country: param.country(query, 'country'), operator: param.id(query, 'operator') };
    return this.provenance.search.facilities(search, await this.pageOf(query));
  }

  /** The page asked for, once the read models have reached `minPosition`. */
  private async pageOf(query: Query): Promise<PageRequest> {
    const after = param.id(query, 'after');
    const limit = param.limit(query);
    const asOf = param.asOf(query);
    await this.provenance.reach(parsePositionParam('minPosition', param.minPosition(query)));
    return { limit, ...(after !== undefined ? { after } : {}), ...(asOf !== undefined ? { asOf } : {}) };
  }
}

/** An operator lists what it may read; the admin is no party and reads no lot. */
function operatorOf(actor: Actor): string {
  if (actor.roles.includes('admin')) {
    throw new ProblemError(problem('not-a-reader', 'the admin registers parties and reads no lot; use an auditor\'s, a regulator\'s or an operator\'s key'));
  }
  return actor.partyId;
}

import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { ReadRoute } from '../../http/openapi/routes';
import { problem, ProblemError } from '../../problems';
import type { ListPage } from '../../provenance/provenance-views';
import type { LotStateView } from '../../provenance/provenance-queries';
import type { FacilityView, PageRequest, PartyView } from '../../provenance/search-queries';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { FACILITY_PARAMS, FacilitySearchQuery, LOT_PARAMS, LotSearchQuery, OnlyKnownParams, PARTY_PARAMS, PartySearchQuery, DEFAULT_PAGE, type PageQuery } from './list-queries';
import { FacilityPageAnswer, LotPageAnswer, PartyPageAnswer } from './search.answers';

/**
 * Finding lots, parties and facilities: lists read from the search indexes, one page at a time in
 * id order (`{items, next, position}`; `after=<next>` gives the following page). Auditors and
 * regulators list every lot; an operator lists the lots it holds, held or was shipped. Parties and
 * facilities are the ledger's directory: any key may list them.
 */
@ApiTags('search')
@Controller('v1')
export class SearchRoute {
  constructor(private readonly provenance: ProvenanceService) {}

  @ReadRoute({
    path: 'lots', problems: [400, 403],
    summary: 'find lots: by id prefix, custodian, facility, mineral, status, origin country, open flags, time made (an operator: only lots it holds or held)',
    answer: { type: LotPageAnswer },
  })
  async listLots(@CurrentActor() actor: Actor, @Query() query: LotSearchQuery, @OnlyKnownParams(LOT_PARAMS) _known: void): Promise<ListPage<LotStateView>> {
    const readableBy = isAuditorOrRegulator(actor) ? undefined : operatorOf(actor);
    const search = {
      idPrefix: query.idPrefix,
      custodian: query.custodian,
      facility: query.facility,
      mineral: query.mineral,
      status: query.status,
      originCountry: query.originCountry,
      flagged: query.flagged === undefined ? undefined : query.flagged === 'true',
      from: query.from,
      to: query.to,
      readableBy,
    };
    return this.provenance.search.lots(search, await this.pageOf(query));
  }

  @ReadRoute({ path: 'parties', problems: [400], summary: 'list parties: by id prefix, role, country', answer: { type: PartyPageAnswer } })
  async listParties(@Query() query: PartySearchQuery, @OnlyKnownParams(PARTY_PARAMS) _known: void): Promise<ListPage<PartyView>> {
    const search = { idPrefix: query.idPrefix, role: query.role, country: query.country };
    return this.provenance.search.parties(search, await this.pageOf(query));
  }

  @ReadRoute({ path: 'facilities', problems: [400], summary: 'list facilities: by id prefix, kind, country, operator', answer: { type: FacilityPageAnswer } })
  async listFacilities(@Query() query: FacilitySearchQuery, @OnlyKnownParams(FACILITY_PARAMS) _known: void): Promise<ListPage<FacilityView>> {
    const search = { idPrefix: query.idPrefix, kind: query.kind, country: query.country, operator: query.operator };
    return this.provenance.search.facilities(search, await this.pageOf(query));
  }

  /** The page asked for, once the read models have reached `minPosition`. */
  private async pageOf(query: PageQuery): Promise<PageRequest> {
    await this.provenance.reach(query.minPosition ?? null);
    return { limit: query.limit ?? DEFAULT_PAGE, ...(query.after !== undefined ? { after: query.after } : {}), ...(query.asOf !== undefined ? { asOf: query.asOf } : {}) };
  }
}

/** An operator lists what it may read; the admin is no party and reads no lot. */
function operatorOf(actor: Actor): string {
  if (actor.roles.includes('admin')) {
    throw new ProblemError(problem('not-a-reader', "the admin registers parties and reads no lot; use an auditor's, a regulator's or an operator's key"));
  }
  return actor.partyId;
}

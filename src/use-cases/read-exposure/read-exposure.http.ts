import { Controller, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { idRules } from '../../http/fields/body-fields';
import { field } from '../../http/fields/field';
import { AsOfQuery, PositionQuery, WholeNumberQuery } from '../../http/fields/query-fields';
import { matches, maxLength } from '../../http/fields/rules';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { CLOCK, type Clock } from '../../ledger/clock';
import { problem, ProblemError } from '../../problems';
import { RFC3339 } from '../../provenance/as-of';
import { parseBasis, type ExposureOptions } from '../../provenance/exposure-queries';
import type { ExposureBasis } from '../../provenance/exposure';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { HolderExposureAnswer, LotExposureAnswer } from './exposure.answers';

/** `event-time`, `current` or an RFC 3339 date (whose validity as a date `parseBasis` checks). */
const BASIS_PATTERN = new RegExp(`^(event-time|current|${RFC3339.source.slice(1, -1)})$`);
const PAGE = 100;
const MAX_PAGE = 1000;

export class ExposureQuery {
  @field({ description: 'the watch list id', example: 'uflpa-entity-list' }, ...idRules())
  list: string;

  @field(
    { description: "event-time (default): listed while the material was there; current: today's list whatever the time; an RFC 3339 date: the list in force then", example: 'event-time', optional: true },
    maxLength(64),
    matches(BASIS_PATTERN, '$property must be event-time, current or an RFC 3339 date, e.g. 2025-06-01T00:00:00Z'),
  )
  basis?: string;

  @AsOfQuery()
  asOf?: string;

  @PositionQuery('wait (bounded) until the read models reach this position, e.g. the `position` a write answered')
  minPosition?: bigint;
}

export class HolderExposureQuery extends ExposureQuery {
  @field({ description: 'the party whose lots are asked about', example: 'jp-lithium-refining' }, ...idRules())
  holder: string;

  @field({ description: 'the `next` of the previous page', example: 'JP-LIOH-1', optional: true }, ...idRules())
  after?: string;

  @WholeNumberQuery(`lots per page (default ${PAGE})`, { min: 1, max: MAX_PAGE }, { example: PAGE })
  limit?: number;
}

function basisOf(value: string | undefined): ExposureBasis {
  const basis = parseBasis(value);
  if (!basis) throw new ProblemError(problem('invalid-query', `basis ${value} is not a date`, { errors: [{ field: 'basis', message: 'must be event-time, current or an RFC 3339 date' }] }));
  return basis;
}

/**
 * Exposure to a watch list (Art. 5.8), generalising the flagged share of origins: how much of a
 * lot's minerals passed through a listed entity, at the time it passed, by today's list or by the
 * list of a date; and which of the lots a party holds are exposed.
 */
@ApiTags('watch lists')
@Controller('v1')
export class ReadExposureRoute {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private options(query: ExposureQuery): ExposureOptions {
    return { ...(query.asOf !== undefined ? { asOf: query.asOf } : {}), basis: basisOf(query.basis), now: this.clock.now() };
  }

  @ReadRoute({
    path: 'lots/:lotId/exposure', problems: [403],
    summary: "per mineral, the share and grams of the lot that passed through an entity on the list, with the paths (readers of the lot's provenance)",
    params: { lotId: { example: 'JP-LIOH-1' } },
    answer: { type: LotExposureAnswer },
  })
  async readLotExposure(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: ExposureQuery): Promise<LotExposureAnswer> {
    const options = this.options(query);
    await this.provenance.reach(query.minPosition ?? null);
    if (!isAuditorOrRegulator(actor) && !this.provenance.queries.partyMayRead(actor.partyId, lotId, options)) {
      throw new ProblemError(problem('not-a-reader', `only auditors, regulators and parties that hold or held lot ${lotId} may read its exposure`));
    }
    return this.provenance.exposure.lotExposure(lotId, query.list, options);
  }

  @ReadRoute({
    path: 'exposure', problems: [400, 403, 404],
    summary: 'the lots a party holds now with exposure to the list above zero (that party, auditors, regulators)',
    answer: { type: HolderExposureAnswer },
  })
  async readHolderExposure(@CurrentActor() actor: Actor, @Query() query: HolderExposureQuery): Promise<HolderExposureAnswer> {
    const options = this.options(query);
    if (!isAuditorOrRegulator(actor) && actor.partyId !== query.holder) {
      throw new ProblemError(problem('not-a-reader', "a party reads the exposure of its own lots; auditors and regulators read anyone's"));
    }
    await this.provenance.reach(query.minPosition ?? null);
    return this.provenance.exposure.holderExposure(query.holder, query.list, {
      ...options,
      ...(query.after !== undefined ? { after: query.after } : {}),
      limit: query.limit ?? PAGE,
    });
  }
}

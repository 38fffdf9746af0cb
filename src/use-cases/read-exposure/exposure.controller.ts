import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { PathIdPipe } from '../../http/path-id.pipe';
import { problem, ProblemError } from '../../http/problem';
import { CLOCK, type Clock } from '../../ledger/clock';
import { parseBasis, type ExposureView, type HolderExposureView } from '../../provenance/exposure-queries';
import type { ExposureBasis } from '../../provenance/exposure';
import { parseLimitParam, parsePositionParam } from '../read-ledger/ledger.controller';
import { ProvenanceService } from '../read-provenance/provenance-service';

function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-query', `${field} ${message}`, { errors: [{ field, message }] }));
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function requiredId(field: string, value: string | undefined): string {
  if (value === undefined || value === '') throw invalidQuery(field, 'is required: the id of a watch list');
  if (!ID_PATTERN.test(value)) throw invalidQuery(field, 'must be 1-128 letters, digits or . _ : - starting with a letter or digit');
  return value;
}

function basisParam(value: string | undefined): ExposureBasis {
  const basis = parseBasis(value);
  if (!basis) throw invalidQuery('basis', 'must be event-time, current or an RFC 3339 date, e.g. 2025-06-01T00:00:00Z');
  return basis;
}

/**
 * Exposure to a watch list (Art. 5.8), generalising the flagged share of origins: how much of a
 * lot's minerals passed through a listed entity, at the time it passed, by today's list or by the
 * list of a date; and which of the lots a party holds are exposed.
 */
@ApiTags('watch lists')
@ApiBearerAuth()
@Controller('v1')
export class ExposureController {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('lots/:lotId/exposure')
  @ApiOperation({ summary: "per mineral, the share and grams of the lot that passed through an entity on the list, with the paths (readers of the lot's provenance)" })
  @ApiQuery({ name: 'list', required: true, description: 'the watch list id' })
  @ApiQuery({ name: 'basis', required: false, description: 'event-time (default), current, or an RFC 3339 date' })
  @ApiQuery({ name: 'asOf', required: false, description: 'what the ledger knew: a global position or an RFC 3339 time' })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiOkResponse({ description: '{lotId, listId, basis, at, position, minerals: {<mineral>: {massKg, exposedMassKg, exposedShare, paths}}}' })
  async lotExposure(
    @Param('lotId', PathIdPipe) lotId: string,
    @CurrentActor() actor: Actor,
    @Query('list') list?: string,
    @Query('basis') basis?: string,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<ExposureView> {
    const listId = requiredId('list', list);
    const parsedBasis = basisParam(basis);
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    const options = asOf !== undefined ? { asOf } : {};
    if (!isAuditorOrRegulator(actor) && !this.provenance.queries.partyMayRead(actor.partyId, lotId, options)) {
      throw new ProblemError(problem('not-a-reader', `only auditors, regulators and parties that hold or held lot ${lotId} may read its exposure`));
    }
    return this.provenance.exposure.lotExposure(lotId, listId, { ...options, basis: parsedBasis, now: this.clock.now() });
  }

  @Get('exposure')
  @ApiOperation({ summary: 'the lots a party holds now with exposure to the list above zero (that party, auditors, regulators)' })
  @ApiQuery({ name: 'list', required: true })
  @ApiQuery({ name: 'holder', required: true, description: 'the party whose lots are asked about' })
  @ApiQuery({ name: 'basis', required: false, description: 'event-time (default), current, or an RFC 3339 date' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: 'items per page (default 100, max 1000)' })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiOkResponse({ description: '{holderId, listId, basis, at, position, items: [{lotId, minerals: {<mineral>: {exposedShare, exposedMassKg}}}], next}' })
  async holderExposure(
    @CurrentActor() actor: Actor,
    @Query('list') list?: string,
    @Query('holder') holder?: string,
    @Query('basis') basis?: string,
    @Query('asOf') asOf?: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<HolderExposureView> {
    const listId = requiredId('list', list);
    const holderId = requiredId('holder', holder);
    const parsedBasis = basisParam(basis);
    const pageSize = parseLimitParam(limit, 100, 1000);
    if (after !== undefined && !ID_PATTERN.test(after)) throw invalidQuery('after', 'must be the `next` of a previous page');
    if (!isAuditorOrRegulator(actor) && actor.partyId !== holderId) {
      throw new ProblemError(problem('not-a-reader', 'a party reads the exposure of its own lots; auditors and regulators read anyone\'s'));
    }
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    return this.provenance.exposure.holderExposure(holderId, listId, {
      ...(asOf !== undefined ? { asOf } : {}),
      ...(after !== undefined ? { after } : {}),
      basis: parsedBasis,
      limit: pageSize,
      now: this.clock.now(),
    });
  }
}

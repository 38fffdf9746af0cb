import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { PathIdPipe } from '../../http/path-id.pipe';
import { problem, ProblemError } from '../../http/problem';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { toDot } from '../../provenance/dot';
import { toMermaid } from '../../provenance/mermaid';
import { toSvg } from '../../provenance/svg';
import type { AsOfOptions } from '../../provenance/provenance-queries';
import { parsePositionParam } from '../read-ledger/ledger.controller';
import { ProvenanceService } from './provenance-service';

const FORMATS = ['json', 'mermaid', 'dot', 'svg'] as const;

function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-query', `${field} ${message}`, { errors: [{ field, message }] }));
}

function parseDepth(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw invalidQuery('depth', 'must be a whole number of transformations from 1 to 9999');
  return Number(value);
}

function forbidden(detail: string): ProblemError {
  return new ProblemError(problem('not-a-reader', detail));
}

@ApiTags('provenance')
@ApiBearerAuth()
@Controller('v1')
export class ProvenanceController {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(LedgerStateReader) private readonly reader: LedgerStateReader,
  ) {}

  /** Transparency flows downstream: an operator sees the provenance of lots it holds or held. */
  private assertMayRead(actor: Actor, lotId: string, asOf: string | undefined): void {
    if (isAuditorOrRegulator(actor)) return;
    if (!this.provenance.queries.partyMayRead(actor.partyId, lotId, asOf === undefined ? {} : { asOf })) {
      throw forbidden(`only auditors, regulators and parties that hold or held lot ${lotId} may read its provenance`);
    }
  }

  /** Every lot read: wait for `minPosition`, check the reader, answer as of `asOf`. */
  private async readLot<T>(
    actor: Actor,
    lotId: string,
    asOf: string | undefined,
    minPosition: string | undefined,
    answer: (options: AsOfOptions) => T,
  ): Promise<T> {
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    this.assertMayRead(actor, lotId, asOf);
    return answer(asOf !== undefined ? { asOf } : {});
  }

  @Get('lots/:lotId/provenance')
  @ApiOperation({ summary: 'upstream graph of lots, transformations and custody hops back to every origin' })
  @ApiProduces('application/json', 'text/vnd.mermaid', 'text/vnd.graphviz', 'image/svg+xml')
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiQuery({ name: 'depth', required: false, description: 'transformations to follow upstream (default: all)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'a global position or an RFC 3339 time' })
  @ApiQuery({ name: 'minPosition', required: false })
  async graph(
    @Param('lotId', PathIdPipe) lotId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
    @Query('format') format = 'json',
    @Query('depth') depthParam?: string,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<unknown> {
    if (!(FORMATS as readonly string[]).includes(format)) throw invalidQuery('format', `must be one of ${FORMATS.join(', ')}`);
    const depth = parseDepth(depthParam);
    const graph = await this.readLot(actor, lotId, asOf, minPosition, (options) =>
      this.provenance.queries.provenance(lotId, { ...options, ...(depth ? { depth } : {}) }),
    );
    if (format === 'mermaid') {
      res.type('text/vnd.mermaid; charset=utf-8');
      return toMermaid(graph);
    }
    if (format === 'dot') {
      res.type('text/vnd.graphviz; charset=utf-8');
      return toDot(graph);
    }
    if (format === 'svg') {
      // Drawn on the server with Graphviz (WebAssembly): a picture any browser shows as it is.
      res.type('image/svg+xml; charset=utf-8');
      return toSvg(graph);
    }
    return graph;
  }

  @Get('lots/:lotId/origins')
  @ApiOperation({ summary: 'origin composition by mass balance, per mineral, with shares by country, recycled, certified and flagged' })
  @ApiQuery({ name: 'asOf', required: false, description: 'a global position or an RFC 3339 time' })
  @ApiQuery({ name: 'minPosition', required: false })
  async origins(
    @Param('lotId', PathIdPipe) lotId: string,
    @CurrentActor() actor: Actor,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<unknown> {
    return this.readLot(actor, lotId, asOf, minPosition, (options) => this.provenance.queries.origins(lotId, options));
  }

  @Get('lots/:lotId/descendants')
  @ApiOperation({ summary: 'everything derived from a lot (forward trace)' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'minPosition', required: false })
  async descendants(
    @Param('lotId', PathIdPipe) lotId: string,
    @CurrentActor() actor: Actor,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<unknown> {
    return this.readLot(actor, lotId, asOf, minPosition, (options) => this.provenance.queries.descendants(lotId, options));
  }

  @Get('facilities/:facilityId/downstream')
  @ApiOperation({ summary: 'every lot that came from or passed through a facility, and what was made of it' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'minPosition', required: false })
  async downstream(
    @Param('facilityId', PathIdPipe) facilityId: string,
    @CurrentActor() actor: Actor,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<unknown> {
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    if (!isAuditorOrRegulator(actor)) {
      const { state } = await this.reader.facility(facilityId);
      if (state.operatorId !== actor.partyId) throw forbidden(`only auditors, regulators and the operator of ${facilityId} may trace it downstream`);
    }
    return this.provenance.queries.facilityDownstream(facilityId, asOf !== undefined ? { asOf } : {});
  }
}

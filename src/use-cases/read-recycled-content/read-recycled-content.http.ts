import { Controller, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { WholeNumberQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { problem, ProblemError } from '../../problems';
import type { MineralRecycledContent, RecycledContentView } from '../../provenance/recycled-content';
import { ProvenanceReadQuery } from '../read-provenance/read-provenance.http';
import { ProvenanceService } from '../read-provenance/provenance-service';

const KG = { type: String, pattern: '^\\d+\\.\\d{3}$', description: 'decimal-string kilograms, three decimals' };
const SHARE = { type: Number, minimum: 0, maximum: 1 };

export class RecycledContentQuery extends ProvenanceReadQuery {
  @WholeNumberQuery('calendar year (UTC) the lots were made in', { min: 1900, max: 9999 }, { example: 2026, optional: false })
  year: number;
}

class MineralRecycledContentAnswer implements MineralRecycledContent {
  @ApiProperty({ ...KG, description: 'contained mass of the mineral in the lots the plant made that year, as made', example: '26000.000' })
  massKg: string;

  @ApiProperty({ ...KG, description: 'of it, recovered from pre-consumer (manufacturing) waste', example: '0.000' })
  preConsumerKg: string;

  @ApiProperty({ ...KG, description: 'of it, recovered from post-consumer (end-of-life) waste', example: '1420.765' })
  postConsumerKg: string;

  @ApiProperty({ ...SHARE, example: 0 })
  preConsumerShare: number;

  @ApiProperty({ ...SHARE, example: 0.0546 })
  postConsumerShare: number;

  @ApiProperty({ type: [String], description: 'the lots made that year that contain the mineral', example: ['JP-LIOH-1'] })
  lots: string[];
}

@ApiExtraModels(MineralRecycledContentAnswer)
export class RecycledContentAnswer implements RecycledContentView {
  @ApiProperty({ example: 'jp-kashima-refinery' })
  facilityId: string;

  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;

  @ApiProperty({ description: 'global position the answer was computed at', pattern: '^\\d+$', example: '42' })
  position: string;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(MineralRecycledContentAnswer) }, description: 'keyed by mineral' })
  minerals: Record<string, MineralRecycledContentAnswer>;
}

/** Battery Regulation Art. 8: recycled content per manufacturing plant and year, derived from weighed flows. */
@ApiTags('provenance')
@Controller('v1')
export class ReadRecycledContentRoute {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(LedgerStateReader) private readonly reader: LedgerStateReader,
  ) {}

  @ReadRoute({
    path: 'facilities/:facilityId/recycled-content', problems: [403],
    summary: 'per mineral, the contained mass of the lots a plant made in a year and how much of it is recycled, pre- and post-consumer (auditor, regulator, its operator)',
    params: { facilityId: { example: 'jp-kashima-refinery' } },
    answer: { type: RecycledContentAnswer },
  })
  async readRecycledContent(@PathId('facilityId') facilityId: string, @CurrentActor() actor: Actor, @Query() query: RecycledContentQuery): Promise<RecycledContentView> {
    await this.provenance.reach(query.minPosition ?? null);
    if (!isAuditorOrRegulator(actor)) {
      const { state } = await this.reader.facility(facilityId);
      if (state.operatorId !== actor.partyId) {
        throw new ProblemError(problem('not-a-reader', `only auditors, regulators and the operator of ${facilityId} may read its recycled content`));
      }
    }
    return this.provenance.queries.recycledContent(facilityId, query.year, query.asOf !== undefined ? { asOf: query.asOf } : {});
  }
}

import { Controller, Query } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { ID_PATTERN } from '../../domain/command-fields';
import { AnswerHeaders, type ResponseHeaders } from '../../http/answers';
import { field } from '../../http/fields/field';
import { EnumQuery } from '../../http/fields/query-fields';
import { isString, matches, maxLength } from '../../http/fields/rules';
import { ReadRoute } from '../../http/openapi/routes';
import { problem, ProblemError } from '../../problems';
import { emrtCsv, type EmrtFacilityRow, type EmrtView } from '../../provenance/emrt';
import { ProvenanceReadQuery } from '../read-provenance/read-provenance.http';
import { ProvenanceService } from '../read-provenance/provenance-service';

const FORMATS = ['json', 'csv'] as const;
const CSV = 'text/csv; charset=utf-8; header=present';
/** A reporting period's bound: a date (the whole day, UTC) or an RFC 3339 instant. */
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/;

const periodBound = (description: string, example: string) =>
  field({ description, example, optional: true }, isString(), maxLength(40), matches(DAY_OR_INSTANT, '$property must be a date (YYYY-MM-DD) or an RFC 3339 time'));

export class EmrtQuery extends ProvenanceReadQuery {
  @field({ description: 'the reporting party (default: the caller); auditors and regulators name it', example: 'jp-lithium-refining', optional: true }, isString(), matches(ID_PATTERN))
  partyId?: string;

  @periodBound('first day (or instant) of the period the lots were received in, inclusive', '2026-01-01')
  from?: string;

  @periodBound('last day (or instant) of the period, inclusive', '2026-12-31')
  to?: string;

  @EnumQuery(FORMATS, 'EmrtFormat', 'json (default) or csv (both lists in one table, a list column saying which)')
  format?: (typeof FORMATS)[number];
}

class EmrtFacilityRowAnswer implements EmrtFacilityRow {
  @ApiProperty({ example: 'lithium' })
  mineral: string;

  @ApiProperty({ example: 'jp-kashima-refinery' })
  facilityId: string;

  @ApiProperty({ example: 'Kashima lithium hydroxide refinery' })
  name: string;

  @ApiProperty({ example: 'refinery' })
  kind: string;

  @ApiProperty({ example: 'JP' })
  country: string;

  @ApiProperty({ type: String, nullable: true, description: 'RMI smelter id where registered (Smelter List only)', example: 'CID009902' })
  rmiSmelterId: string | null;

  @ApiProperty({ example: 'jp-lithium-refining' })
  operatorId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kashima Lithium Refining K.K.' })
  operatorName: string | null;

  @ApiProperty({ type: [String], description: 'the received lots this facility is upstream of, for this mineral', example: ['JP-LIOH-1'] })
  lots: string[];
}

@ApiExtraModels(EmrtFacilityRowAnswer)
export class EmrtAnswer implements EmrtView {
  @ApiProperty({ example: 'jp-lithium-refining' })
  partyId: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-01' })
  from: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-31' })
  to: string | null;

  @ApiProperty({ description: 'global position the lists were computed at', pattern: '^\\d+$', example: '42' })
  position: string;

  @ApiProperty({ type: [String], description: 'the lots the party received in the period', example: ['AU-SPOD-1'] })
  receivedLots: string[];

  @ApiProperty({ type: [EmrtFacilityRowAnswer], description: 'Smelter List: smelters, refineries and converters upstream, per mineral' })
  smelters: EmrtFacilityRowAnswer[];

  @ApiProperty({ type: [EmrtFacilityRowAnswer], description: 'Mine List: extraction origins by mass balance, per mineral (recycled origins are not mines)' })
  mines: EmrtFacilityRowAnswer[];
}

/** RMI EMRT 2.x lists, derived from what the party received instead of from its suppliers' answers. */
@ApiTags('reports')
@ApiExtraModels(EmrtAnswer)
@Controller('v1')
export class ReadEmrtRoute {
  constructor(private readonly provenance: ProvenanceService) {}

  @ReadRoute({
    path: 'reports/emrt', problems: [400, 403],
    summary: 'EMRT Smelter List and Mine List of the lots a party received in a period (auditor, regulator, the party itself)',
    answer: {
      content: {
        'application/json': { schema: { $ref: getSchemaPath(EmrtAnswer) } },
        'text/csv': { schema: { type: 'string' }, example: 'list,metal,facilityId,name,country,rmiSmelterId,operatorId,operatorName,lots\r\nmine,lithium,au-greenbushes-mine,Greenbushes lithium mine,AU,,au-pilbara-lithium,Pilbara Lithium Pty Ltd,AU-SPOD-1\r\n' },
      },
    },
  })
  async readEmrt(@CurrentActor() actor: Actor, @Query() query: EmrtQuery, @AnswerHeaders() headers: ResponseHeaders): Promise<EmrtView | string> {
    await this.provenance.reach(query.minPosition ?? null);
    const partyId = query.partyId ?? actor.partyId;
    if (!isAuditorOrRegulator(actor) && partyId !== actor.partyId) {
      throw new ProblemError(problem('not-a-reader', `only auditors, regulators and ${partyId} itself may read its EMRT lists`));
    }
    const period = { ...(query.from !== undefined && { from: query.from }), ...(query.to !== undefined && { to: query.to }) };
    const view = this.provenance.queries.emrt(partyId, period, query.asOf !== undefined ? { asOf: query.asOf } : {});
    if (query.format !== 'csv') return view;
    headers.set('Content-Type', CSV);
    return emrtCsv(view);
  }
}

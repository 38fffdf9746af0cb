import { Controller, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { AnswerHeaders, type ResponseHeaders } from '../../http/answers';
import { AsOfQuery, EnumQuery, PositionQuery, WholeNumberQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { problem, ProblemError } from '../../problems';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { toDot } from '../../provenance/dot';
import { toMermaid } from '../../provenance/mermaid';
import { toSvg } from '../../provenance/svg';
import type { AsOfOptions } from '../../provenance/provenance-queries';
import { DescendantsAnswer, FacilityDownstreamAnswer, OriginsAnswer, ProvenanceGraphAnswer } from './provenance.answers';
import { ProvenanceService } from './provenance-service';

const FORMATS = ['json', 'mermaid', 'dot', 'svg'] as const;
const MERMAID = 'text/vnd.mermaid; charset=utf-8';
const DOT = 'text/vnd.graphviz; charset=utf-8';
const SVG = 'image/svg+xml; charset=utf-8';

/** Every provenance read: as of a past moment, after the read models reach a position. */
export class ProvenanceReadQuery {
  @AsOfQuery()
  asOf?: string;

  @PositionQuery('wait (bounded) until the read models reach this position, e.g. the `position` a write answered')
  minPosition?: bigint;
}

export class ProvenanceGraphQuery extends ProvenanceReadQuery {
  @EnumQuery(FORMATS, 'GraphFormat', 'json (default), Mermaid flowchart, Graphviz DOT, or SVG drawn on the server by Graphviz')
  format?: (typeof FORMATS)[number];

  @WholeNumberQuery('transformations to follow upstream (default: all)', { min: 1, max: 9999 }, { example: 2 })
  depth?: number;
}

function forbidden(detail: string): ProblemError {
  return new ProblemError(problem('not-a-reader', detail));
}

const asOfOptions = (query: ProvenanceReadQuery): AsOfOptions => (query.asOf !== undefined ? { asOf: query.asOf } : {});

@ApiTags('provenance')
@ApiExtraModels(ProvenanceGraphAnswer)
@Controller('v1')
export class ReadProvenanceRoute {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(LedgerStateReader) private readonly reader: LedgerStateReader,
  ) {}

  /** Every lot read: wait for `minPosition`, check the reader (transparency flows downstream), answer as of `asOf`. */
  private async readLot<T>(actor: Actor, lotId: string, query: ProvenanceReadQuery, answer: (options: AsOfOptions) => T): Promise<T> {
    await this.provenance.reach(query.minPosition ?? null);
    if (!isAuditorOrRegulator(actor) && !this.provenance.queries.partyMayRead(actor.partyId, lotId, asOfOptions(query))) {
      throw forbidden(`only auditors, regulators and parties that hold or held lot ${lotId} may read its provenance`);
    }
    return answer(asOfOptions(query));
  }

  @ReadRoute({
    path: 'lots/:lotId/provenance', problems: [403],
    summary: 'upstream graph of lots, transformations and custody hops back to every origin',
    params: { lotId: { example: 'JP-LIOH-1' } },
    answer: {
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ProvenanceGraphAnswer) } },
        'text/vnd.mermaid': {
          schema: { type: 'string' },
          example: 'flowchart LR\n  subgraph provenance ["upstream of JP-LIOH-1 at position 42"]\n    direction TB\n    n0["JP-LIOH-1<br/>hydroxide"]\n    n1{{"refining"}}\n    n1 -->|"150,000 kg"| n0\n  end\n',
        },
        'text/vnd.graphviz': { schema: { type: 'string' }, example: 'digraph "provenance JP-LIOH-1" {\n  rankdir=TB;\n  "lot:AU-SPOD-1" -> "transformation:TRF-2026-0001" [label="1,000,000 kg"];\n}' },
        'image/svg+xml': { schema: { type: 'string' }, example: '<svg xmlns="http://www.w3.org/2000/svg" width="412pt" height="690pt">…</svg>' },
      },
    },
  })
  async readProvenance(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: ProvenanceGraphQuery, @AnswerHeaders() headers: ResponseHeaders) {
    const graph = await this.readLot(actor, lotId, query, (options) => this.provenance.queries.provenance(lotId, { ...options, ...(query.depth ? { depth: query.depth } : {}) }));
    if (query.format === undefined || query.format === 'json') return graph;
    if (query.format === 'svg') {
      // Drawn on the server with Graphviz (WebAssembly): a picture any browser shows as it is.
      headers.set('Content-Type', SVG);
      return toSvg(graph);
    }
    headers.set('Content-Type', query.format === 'mermaid' ? MERMAID : DOT);
    return query.format === 'mermaid' ? toMermaid(graph) : toDot(graph);
  }

  @ReadRoute({
    path: 'lots/:lotId/origins', problems: [403],
    summary: 'origin composition by mass balance, per mineral, with shares by country, recycled, certified and flagged',
    params: { lotId: { example: 'JP-LIOH-1' } },
    answer: { type: OriginsAnswer },
  })
  readOrigins(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: ProvenanceReadQuery) {
    return this.readLot(actor, lotId, query, (options) => this.provenance.queries.origins(lotId, options));
  }

  @ReadRoute({ path: 'lots/:lotId/descendants', problems: [403], summary: 'everything derived from a lot (forward trace)', answer: { type: DescendantsAnswer } })
  readDescendants(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: ProvenanceReadQuery) {
    return this.readLot(actor, lotId, query, (options) => this.provenance.queries.descendants(lotId, options));
  }

  @ReadRoute({
    path: 'facilities/:facilityId/downstream', problems: [403],
    summary: 'every lot that came from or passed through a facility, and what was made of it (auditor, regulator, its operator)',
    answer: { type: FacilityDownstreamAnswer },
  })
  async readFacilityDownstream(@PathId('facilityId') facilityId: string, @CurrentActor() actor: Actor, @Query() query: ProvenanceReadQuery) {
    await this.provenance.reach(query.minPosition ?? null);
    if (!isAuditorOrRegulator(actor)) {
      const { state } = await this.reader.facility(facilityId);
      if (state.operatorId !== actor.partyId) throw forbidden(`only auditors, regulators and the operator of ${facilityId} may trace it downstream`);
    }
    return this.provenance.queries.facilityDownstream(facilityId, asOfOptions(query));
  }
}

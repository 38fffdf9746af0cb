import { Controller, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import type { Actor } from '../../domain/commands';
import { buildDossier } from '../../dossier/build-dossier';
import { dossierHtml } from '../../dossier/dossier-html';
import type { TracingDossier } from '../../dossier/tracing-dossier';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { AnswerHeaders, type ResponseHeaders } from '../../http/answers';
import { EnumQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { IntegrityProjector } from '../../integrity/integrity-projector';
import { problem, ProblemError } from '../../problems';
import { toSvg } from '../../provenance/svg';
import { ProvenanceReadQuery } from '../read-provenance/read-provenance.http';
import { ProvenanceService } from '../read-provenance/provenance-service';

const FORMATS = ['json', 'html'] as const;
const HTML = 'text/html; charset=utf-8';

export class DossierQuery extends ProvenanceReadQuery {
  @EnumQuery(FORMATS, 'DossierFormat', 'json (default: what `ledger verify-dossier` checks) or html (one self-contained printable page)')
  format?: (typeof FORMATS)[number];
}

const DOSSIER_SCHEMA = {
  type: 'object',
  required: ['lotId', 'position', 'checkpoint', 'publicKey', 'events', 'proofs', 'stages', 'suppliers'],
  properties: {
    lotId: { type: 'string' },
    position: { type: 'string', pattern: '^\\d+$', description: 'global position the dossier was computed at' },
    checkpoint: { type: 'string', description: 'the signed checkpoint (C2SP signed note) every proof is against' },
    publicKey: { type: 'string', description: "the log's Ed25519 key, SPKI PEM (verify with one obtained independently)" },
    events: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'every cited event, exactly as GET /v1/ledger/events gives it' },
    proofs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventId', 'leafIndex', 'treeSize', 'hashes'],
        properties: { eventId: { type: 'string' }, leafIndex: { type: 'integer', minimum: 0 }, treeSize: { type: 'integer', minimum: 1 }, hashes: { type: 'array', items: { type: 'string' } } },
      },
    },
    stages: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'every stage with party, role, facility, country, dates, masses, documents and the events it is read from' },
    suppliers: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'per kind of stage, its suppliers with their business record' },
  },
  additionalProperties: true,
};

/** The tracing package an importer hands to an authority (UFLPA applicability review), verifiable offline. */
@ApiTags('reports')
@Controller('v1')
export class ReadDossierRoute {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IntegrityProjector) private readonly integrity: IntegrityProjector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @ReadRoute({
    path: 'lots/:lotId/dossier', problems: [403],
    summary: "a lot's tracing dossier: the provenance graph, every stage and supplier, documents, certifications and flags, ending with the signed checkpoint and an inclusion proof for every cited event (auditor, regulator, a holder of the lot)",
    params: { lotId: { example: 'JP-LIOH-1' } },
    answer: {
      content: {
        'application/json': { schema: DOSSIER_SCHEMA },
        'text/html': { schema: { type: 'string' }, example: '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Tracing dossier JP-LIOH-1</title>…' },
      },
    },
  })
  async readDossier(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: DossierQuery, @AnswerHeaders() headers: ResponseHeaders): Promise<TracingDossier | string> {
    await this.provenance.assertMayTakeLotDocuments(actor, lotId, query, 'tracing dossier');
    const at = this.provenance.queries.positionFor(query.asOf);
    // Every cited event needs its leaf: the Merkle log must have reached the dossier's position.
    if (at !== null && !(await this.integrity.waitFor(at, this.config.readWaitMs))) {
      throw new ProblemError(problem('not-yet-logged', `the Merkle log has not reached position ${at} within ${this.config.readWaitMs} ms; retry shortly`));
    }
    const dossier = await buildDossier({ queries: this.provenance.queries, store: this.store, integrity: this.integrity }, lotId, at === null ? {} : { asOf: at });
    if (query.format !== 'html') return dossier;
    headers.set('Content-Type', HTML);
    return dossierHtml(dossier, await toSvg(dossier.graph));
  }
}

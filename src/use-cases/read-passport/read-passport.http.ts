import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { EnumQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { lotPassport, PASSPORT_PROFILES, type Passport, type PassportProfile } from '../../provenance/passports/passport';
import { ProvenanceReadQuery } from '../read-provenance/read-provenance.http';
import { ProvenanceService } from '../read-provenance/provenance-service';

export class PassportQuery extends ProvenanceReadQuery {
  @EnumQuery(PASSPORT_PROFILES, 'PassportProfile', 'the passport data model: batterypass (Battery Pass / DIN DKE SPEC 99100, default), catenax (Catena-X BatteryPass 6.1.0) or untp (UN Transparency Protocol ProductPassport)')
  profile?: PassportProfile;
}

const POSITION = { type: 'string', pattern: '^\\d+$', description: 'global position the passport was computed at' };

/** Examples on the example ledger's JP-LIOH-1 (its lithium is from AU spodumene only). */
const EXAMPLES = {
  batterypass: {
    summary: 'profile=batterypass',
    value: {
      circularity: { recycledContent: [{ recycledMaterial: 'Lithium', preConsumerShare: 0, postConsumerShare: 0 }] },
      supplyChainDueDiligence: { supplyChainDueDiligenceReport: 'urn:critical-minerals-ledger:dossier:JP-LIOH-1' },
      dueDiligenceEvidence: { lotId: 'JP-LIOH-1', position: '42', certifications: [], openFlags: [] },
      position: '42',
    },
  },
  untp: {
    summary: 'profile=untp',
    value: {
      type: ['ProductPassport'],
      id: 'urn:critical-minerals-ledger:passport:JP-LIOH-1',
      granularityLevel: 'batch',
      product: { type: ['Product'], id: 'urn:critical-minerals-ledger:lot:JP-LIOH-1', name: 'hydroxide lot JP-LIOH-1', batchNumber: 'JP-LIOH-1' },
      materialsProvenance: [{ type: ['Material'], name: 'lithium', originCountry: 'AU', massFraction: 1, mass: { value: 13000, unit: 'KGM' }, recycledMassFraction: 0 }],
      position: '42',
    },
  },
};

/** Battery passport figures derived from weighed flows, in each passport model's own names. */
@ApiTags('provenance')
@Controller('v1')
export class ReadPassportRoute {
  constructor(private readonly provenance: ProvenanceService) {}

  @ReadRoute({
    path: 'lots/:lotId/passport', problems: [403],
    summary: "a lot's passport fragment: recycled content by material and feedstock, material provenance by origin country, certifications and open flags (auditor, regulator, a holder of the lot)",
    params: { lotId: { example: 'JP-LIOH-1' } },
    answer: {
      content: {
        'application/json': {
          schema: { type: 'object', required: ['position'], properties: { position: POSITION }, additionalProperties: true, description: "the profile's own document, plus position" },
          examples: EXAMPLES,
        },
      },
    },
  })
  async readPassport(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() query: PassportQuery): Promise<Passport> {
    await this.provenance.assertMayTakeLotDocuments(actor, lotId, query, 'passport');
    return lotPassport(this.provenance.queries, lotId, query.profile ?? 'batterypass', query.asOf !== undefined ? { asOf: query.asOf } : {});
  }
}

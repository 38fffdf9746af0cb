import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { CertificationAnswer } from '../read-lot/lot-state.answer';
import type { CertificationView, CorrectionView, FacilityNode, FlagView, LotNode, ProvenanceEdge, ShipmentNode, TransformationNode } from '../../provenance/provenance-graph';
import type { DownstreamLot, MineralOrigins } from '../../provenance/provenance-queries';

/* The JSON answers of the provenance reads, as documented in the OpenAPI document. */

const KG = { type: String, pattern: '^-?\\d+\\.\\d{3}$', description: 'decimal-string kilograms, three decimals' };
const POSITION = { description: 'global position the answer was computed at', pattern: '^\\d+$', example: '42' };
const SHARE = { type: Number, minimum: 0, maximum: 1 };

export class FlagViewAnswer implements FlagView {
  @ApiProperty({ example: 'FLAG-2026-003' })
  flagId: string;

  @ApiProperty({ example: 'forced-labor' })
  category: string;

  @ApiProperty({ example: 'high' })
  severity: string;

  @ApiProperty({ example: 'Credible NGO report of forced labour at the pit' })
  description: string;

  @ApiProperty({ format: 'date-time', example: '2026-05-01T00:00:00Z' })
  raisedAt: string;
}

export class CorrectionViewAnswer implements CorrectionView {
  @ApiProperty({ format: 'uuid' })
  correctedEventId: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({ format: 'date-time' })
  declaredAt: string;
}

/** A certificate as the graph shows it: the lot state's, with its document's digest. */
export class CertificationViewAnswer extends CertificationAnswer implements CertificationView {
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the certificate's document, when one was given" })
  documentSha256: string | null;
}

class LotNodeAnswer implements LotNode {
  @ApiProperty({ example: 'lot:JP-LIOH-1' })
  id: string;

  @ApiProperty({ enum: ['lot'] })
  kind: 'lot';

  @ApiProperty({ example: 'JP-LIOH-1' })
  lotId: string;

  @ApiProperty({ example: 'hydroxide' })
  form: string;

  @ApiProperty({ example: 'active' })
  status: string;

  @ApiProperty({ example: 'jp-lithium-refining' })
  custodianId: string;

  @ApiProperty({ type: String, nullable: true, description: 'its name in the party directory', example: 'Kashima Lithium Refining K.K.' })
  custodianName: string | null;

  @ApiProperty({ ...KG, description: 'what it holds now (as of the answer)', example: '150000.000' })
  grossMassKg: string;

  @ApiProperty({ ...KG, description: 'what it was extracted, recovered or produced with: what went through it', example: '150000.000' })
  madeMassKg: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { lithium: '13000.000' } })
  composition: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'transformations between this lot and the asked one (0 for the asked lot)', type: 'integer', minimum: 0 })
  depth: number;

  @ApiProperty({ type: [FlagViewAnswer] })
  openFlags: FlagViewAnswer[];

  @ApiProperty({ description: 'certificates valid at the moment read', type: [CertificationViewAnswer] })
  certifications: CertificationViewAnswer[];

  @ApiProperty({ type: [CorrectionViewAnswer] })
  corrections: CorrectionViewAnswer[];

  @ApiProperty({ description: '`depth` stopped the trace here although the lot has inputs further upstream' })
  truncated: boolean;
}

class TransformationNodeAnswer implements TransformationNode {
  @ApiProperty({ example: 'transformation:TRF-2026-0001' })
  id: string;

  @ApiProperty({ enum: ['transformation'] })
  kind: 'transformation';

  @ApiProperty({ example: 'TRF-2026-0001' })
  transformationId: string;

  @ApiProperty({ example: 'refining' })
  process: string;

  @ApiProperty({ example: 'jp-kashima-refinery' })
  facilityId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kashima lithium hydroxide refinery' })
  facilityName: string | null;

  @ApiProperty({ example: 'JP' })
  country: string;

  @ApiProperty({ example: 'jp-lithium-refining' })
  custodianId: string;

  @ApiProperty({ type: String, nullable: true, description: 'its name in the party directory', example: 'Kashima Lithium Refining K.K.' })
  custodianName: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ description: 'those of the facility it ran at', type: [FlagViewAnswer] })
  openFlags: FlagViewAnswer[];

  @ApiProperty({ description: 'certificates valid at the moment read', type: [CertificationViewAnswer] })
  certifications: CertificationViewAnswer[];
}

class FacilityNodeAnswer implements FacilityNode {
  @ApiProperty({ example: 'facility:au-greenbushes-mine' })
  id: string;

  @ApiProperty({ enum: ['facility'] })
  kind: 'facility';

  @ApiProperty({ example: 'au-greenbushes-mine' })
  facilityId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Greenbushes lithium mine' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'mine' })
  facilityKind: string | null;

  @ApiProperty({ example: 'AU' })
  country: string;

  @ApiProperty({ type: [FlagViewAnswer] })
  openFlags: FlagViewAnswer[];

  @ApiProperty({ description: 'certificates valid at the moment read', type: [CertificationViewAnswer] })
  certifications: CertificationViewAnswer[];

  @ApiProperty({ type: [CorrectionViewAnswer] })
  corrections: CorrectionViewAnswer[];
}

class ReceiptAnswer {
  @ApiProperty({ example: 'jp-lithium-refining' })
  receiverId: string;

  @ApiProperty({ example: 'jp-kashima-refinery' })
  facilityId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kashima lithium hydroxide refinery' })
  facilityName: string | null;

  @ApiProperty({ example: 'JP' })
  country: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ ...KG, example: '999500.000' })
  receivedMassKg: string;
}

class ShipmentNodeAnswer implements ShipmentNode {
  @ApiProperty({ example: 'shipment:AU-SPOD-1:SHP-2026-0001' })
  id: string;

  @ApiProperty({ enum: ['shipment'] })
  kind: 'shipment';

  @ApiProperty({ example: 'SHP-2026-0001' })
  shipmentId: string;

  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ example: 'au-pilbara-lithium' })
  fromPartyId: string;

  @ApiProperty({ type: String, nullable: true, description: 'its name in the party directory', example: 'Pilbara Lithium Pty Ltd' })
  fromPartyName: string | null;

  @ApiProperty({ example: 'jp-lithium-refining' })
  toPartyId: string;

  @ApiProperty({ type: String, nullable: true, description: 'its name in the party directory', example: 'Kashima Lithium Refining K.K.' })
  toPartyName: string | null;

  @ApiProperty({ example: 'JP' })
  destinationCountry: string;

  @ApiProperty({ format: 'date-time' })
  shippedAt: string;

  @ApiProperty({ ...KG, example: '1000000.000' })
  shippedMassKg: string;

  @ApiProperty({ description: 'null while the lot is in transit', type: ReceiptAnswer, nullable: true })
  receipt: ReceiptAnswer | null;
}

class ProvenanceEdgeAnswer implements ProvenanceEdge {
  @ApiProperty({ description: 'id of a node', example: 'lot:AU-SPOD-1' })
  from: string;

  @ApiProperty({ description: 'id of a node', example: 'transformation:TRF-2026-0001' })
  to: string;

  @ApiProperty({
    description: 'origin: facility → lot (mass made); custody: lot → its hops in order (mass shipped); input: lot or its last hop → transformation (mass consumed); output: transformation → lot (mass made)',
    enum: ['origin', 'input', 'output', 'custody'],
  })
  kind: 'origin' | 'input' | 'output' | 'custody';

  @ApiProperty({ ...KG, nullable: true, example: '500000.000' })
  massKg: string | null;
}

const NODE_KINDS = { lot: LotNodeAnswer, transformation: TransformationNodeAnswer, facility: FacilityNodeAnswer, shipment: ShipmentNodeAnswer };

/** `format=json`: the upstream custody graph back to every origin. */
@ApiExtraModels(...Object.values(NODE_KINDS))
export class ProvenanceGraphAnswer {
  @ApiProperty({ example: 'JP-LIOH-1' })
  lotId: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({
    type: 'array',
    items: {
      oneOf: Object.values(NODE_KINDS).map((type) => ({ $ref: getSchemaPath(type) })),
      discriminator: { propertyName: 'kind', mapping: Object.fromEntries(Object.entries(NODE_KINDS).map(([kind, type]) => [kind, getSchemaPath(type)])) },
    },
  })
  nodes: (LotNodeAnswer | TransformationNodeAnswer | FacilityNodeAnswer | ShipmentNodeAnswer)[];

  @ApiProperty({ type: [ProvenanceEdgeAnswer] })
  edges: ProvenanceEdgeAnswer[];
}

class OriginShareAnswer {
  @ApiProperty({ description: 'the mine or recycler', example: 'au-greenbushes-mine' })
  facilityId: string;

  @ApiProperty({ example: 'AU' })
  country: string;

  @ApiProperty({ example: false })
  recycled: boolean;

  @ApiProperty({ ...KG, example: '13000.000' })
  massKg: string;

  @ApiProperty({ ...SHARE, example: 1 })
  share: number;
}

class MineralOriginsAnswer implements MineralOrigins {
  @ApiProperty({ ...KG, description: 'contained mass of the mineral in the lot', example: '13000.000' })
  massKg: string;

  @ApiProperty({ type: [OriginShareAnswer] })
  origins: OriginShareAnswer[];

  @ApiProperty({ description: 'share of the mineral by country of origin', type: 'object', additionalProperties: { type: 'number' }, example: { AU: 1 } })
  byCountry: Record<string, number>;

  @ApiProperty({ ...SHARE, example: 0.0546 })
  recycledShare: number;

  @ApiProperty({ ...SHARE, description: 'recovered from pre-consumer (manufacturing) waste', example: 0 })
  preConsumerShare: number;

  @ApiProperty({ ...SHARE, description: 'recovered from post-consumer (end-of-life) waste; with preConsumerShare it makes recycledShare', example: 0.0546 })
  postConsumerShare: number;

  @ApiProperty({ ...SHARE, description: 'from origins whose facility held a valid certification at extraction', example: 1 })
  certifiedShare: number;

  @ApiProperty({ ...SHARE, description: 'that passed through a lot or facility with an open flag', example: 0 })
  flaggedShare: number;
}

/** Origin composition by mass balance (largest remainder, grams), per mineral. */
@ApiExtraModels(MineralOriginsAnswer)
export class OriginsAnswer {
  @ApiProperty({ example: 'JP-LIOH-1' })
  lotId: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(MineralOriginsAnswer) }, description: 'keyed by mineral' })
  minerals: Record<string, MineralOriginsAnswer>;
}

class DownstreamLotAnswer implements DownstreamLot {
  @ApiProperty({ example: 'JP-LIOH-1' })
  lotId: string;

  @ApiProperty({ description: 'transformations between the asked lot (or facility) and this one; 0 for a facility’s own lots', type: 'integer', minimum: 0, example: 1 })
  depth: number;

  @ApiProperty({ example: 'hydroxide' })
  form: string;

  @ApiProperty({ example: 'active' })
  status: string;

  @ApiProperty({ example: 'jp-lithium-refining' })
  custodianId: string;

  @ApiProperty({ ...KG, example: '150000.000' })
  grossMassKg: string;

  @ApiProperty({ description: 'the transformation that produced it; null for an origin lot', type: String, nullable: true, example: 'TRF-2026-0001' })
  producedBy: string | null;
}

export class DescendantsAnswer {
  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ type: [DownstreamLotAnswer] })
  descendants: DownstreamLotAnswer[];
}

export class FacilityDownstreamAnswer {
  @ApiProperty({ example: 'au-greenbushes-mine' })
  facilityId: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ type: [DownstreamLotAnswer] })
  lots: DownstreamLotAnswer[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDSTOCKS, FLAG_CATEGORIES, FLAG_SEVERITIES, LOT_FORMS, type LotForm } from '../../domain/events';
import type { LotState, LotStatus } from '../../domain/lot';
import { formatComposition, formatKg } from '../../domain/mass';
import type { CertificationRecord, OpenFlag } from '../../domain/risk-record';

const LOT_STATUSES: LotStatus[] = ['active', 'in-transit', 'consumed', 'retired'];
const KG = { pattern: '^\\d+\\.\\d{3}$', description: 'decimal-string kilograms, three decimals' };
const COMPOSITION = {
  type: 'object',
  additionalProperties: { type: 'string', pattern: KG.pattern },
  description: 'contained kilograms per mineral',
  example: { lithium: '13950.000' },
} as const;

class OpenFlagAnswer implements OpenFlag {
  @ApiProperty({ example: 'FLAG-2026-003' })
  flagId: string;

  @ApiProperty({ enum: FLAG_CATEGORIES, enumName: 'FlagCategory', example: 'forced-labor' })
  category: (typeof FLAG_CATEGORIES)[number];

  @ApiProperty({ enum: FLAG_SEVERITIES, enumName: 'FlagSeverity', example: 'high' })
  severity: (typeof FLAG_SEVERITIES)[number];

  @ApiProperty({ description: 'raised by the ledger itself (a mass discrepancy on receipt)', example: false })
  automatic: boolean;
}

export class CertificationAnswer implements CertificationRecord {
  @ApiProperty({ example: 'IRMA-2026-17' })
  certificationId: string;

  @ApiProperty({ example: 'IRMA 75' })
  scheme: string;

  @ApiProperty({ example: 'Initiative for Responsible Mining Assurance' })
  issuer: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-01T00:00:00Z' })
  validFrom: string;

  @ApiProperty({ format: 'date-time', example: '2028-12-31T23:59:59Z' })
  validTo: string;
}

class LotOriginAnswer {
  @ApiProperty({ enum: ['extraction', 'recycling', 'transformation'], example: 'extraction' })
  type: 'extraction' | 'recycling' | 'transformation';

  @ApiProperty({ description: 'the mine, recycler or transforming facility', example: 'au-greenbushes-mine' })
  facilityId: string;

  @ApiProperty({ example: 'AU' })
  country: string;

  @ApiPropertyOptional({ description: 'extraction and recycling origins', example: false })
  recycled?: boolean;

  @ApiPropertyOptional({ enum: FEEDSTOCKS, enumName: 'Feedstock', description: 'recycling origins' })
  feedstock?: (typeof FEEDSTOCKS)[number];

  @ApiPropertyOptional({ description: 'transformation origins: the transformation that produced the lot' })
  transformationId?: string;
}

class PendingShipmentAnswer {
  @ApiProperty({ example: 'SHP-2026-0001' })
  shipmentId: string;

  @ApiProperty({ example: 'au-pilbara-lithium' })
  fromPartyId: string;

  @ApiProperty({ example: 'jp-lithium-refining' })
  toPartyId: string;

  @ApiPropertyOptional({ example: 'jp-kashima-refinery' })
  toFacilityId?: string;

  @ApiProperty({ ...KG, example: '1000000.000' })
  grossMassKg: string;
}

/** `GET /v1/lots/{lotId}`: the lot folded from its own stream, so always current. */
export class LotStateAnswer {
  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ enum: LOT_FORMS, enumName: 'LotForm', example: 'concentrate' })
  form: LotForm;

  @ApiProperty({ enum: LOT_STATUSES, enumName: 'LotStatus', example: 'active' })
  status: LotStatus;

  @ApiProperty({ description: 'the one party with custody (the shipper while in transit)', example: 'jp-lithium-refining' })
  custodianId: string;

  @ApiProperty({ ...KG, description: 'remaining gross mass', example: '499500.000' })
  grossMassKg: string;

  @ApiProperty(COMPOSITION)
  composition: Record<string, string>;

  @ApiProperty({ type: [OpenFlagAnswer] })
  openFlags: OpenFlagAnswer[];

  @ApiProperty({ type: LotOriginAnswer, nullable: true })
  origin: LotOriginAnswer | null;

  @ApiProperty({ description: 'where the lot is; null while in transit', type: String, nullable: true, example: 'jp-kashima-refinery' })
  locationFacilityId: string | null;

  @ApiProperty({ description: 'the shipment awaiting receipt, if any', type: PendingShipmentAnswer, nullable: true })
  pendingShipment: PendingShipmentAnswer | null;

  @ApiProperty({ type: [CertificationAnswer] })
  certifications: CertificationAnswer[];

  @ApiProperty({ description: 'every party that has held the lot, in order', type: [String], example: ['au-pilbara-lithium', 'jp-lithium-refining'] })
  holders: string[];

  @ApiProperty({ description: 'global position of the last event of the lot', type: String, nullable: true, example: '42' })
  position: string | null;
}

/** The lot state of the contract: masses back in decimal-string kilograms. */
export function lotView(lot: LotState, position: bigint | null): LotStateAnswer {
  const pending = lot.pendingShipment;
  return {
    lotId: lot.lotId,
    form: lot.form as LotForm,
    status: lot.status,
    custodianId: lot.custodianId as string,
    grossMassKg: formatKg(lot.grossMassG),
    composition: formatComposition(lot.composition),
    openFlags: lot.openFlags,
    origin: lot.origin,
    locationFacilityId: lot.locationFacilityId,
    pendingShipment: pending
      ? {
          shipmentId: pending.shipmentId,
          fromPartyId: pending.fromPartyId,
          toPartyId: pending.toPartyId,
          ...(pending.toFacilityId !== undefined ? { toFacilityId: pending.toFacilityId } : {}),
          grossMassKg: formatKg(pending.grossMassG),
        }
      : null,
    certifications: lot.certifications,
    holders: lot.holders,
    position: position === null ? null : position.toString(),
  };
}

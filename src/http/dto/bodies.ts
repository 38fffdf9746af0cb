import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsRFC3339,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  FACILITY_KINDS,
  FEEDSTOCKS,
  FLAG_SEVERITIES,
  LOT_FORMS,
  PARTY_ROLES,
  PERSON_FLAG_OUTCOMES,
  RAISABLE_FLAG_CATEGORIES,
  RETIREMENT_REASONS,
} from '../../domain/events';
import { IsLedgerId } from './identifier';
import { IsCompositionKg, IsMassKg } from './mass';

/* Request bodies of the v1 contract (../shared/reference/domain.md, "Bodies"). */

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MINERAL = /^[a-z]+(?:-[a-z]+)*$/;
const TEXT_MAX = 2000;

class Text {
  static short(description: string, example?: string) {
    return [ApiProperty({ description, example }), IsString(), IsNotEmpty(), MaxLength(200)];
  }
}
function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

class PartyIdentifiersBody {
  @ApiPropertyOptional({ description: 'ISO 17442 Legal Entity Identifier, matched against watch lists', example: '529900T8BM49AURSDO55' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{20}$/, { message: 'lei must be 20 capital letters and digits' })
  lei?: string;

  @ApiPropertyOptional({ description: 'national company registration number in the party country, matched against watch lists', example: '91650000228601173X' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registrationNumber?: string;
}

export class RegisterPartyBody {
  @IsLedgerId('party id', 'au-pilbara-lithium')
  id: string;

  @apply(Text.short('legal name', 'Pilbara Lithium Pty Ltd'))
  name: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country', example: 'AU' })
  @IsISO31661Alpha2()
  country: string;

  @ApiProperty({ enum: PARTY_ROLES, isArray: true, example: ['producer'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PARTY_ROLES.length)
  @ArrayUnique()
  @IsIn(PARTY_ROLES, { each: true })
  roles: (typeof PARTY_ROLES)[number][];

  @ApiPropertyOptional({ type: () => PartyIdentifiersBody, description: "the party's identifiers, which screening matches watch-list entries by" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PartyIdentifiersBody)
  identifiers?: PartyIdentifiersBody;
}

class LocationBody {
  @ApiProperty({ example: -21.17 })
  @IsLatitude()
  lat: number;

  @ApiProperty({ example: 119.74 })
  @IsLongitude()
  lon: number;
}

class FacilityIdentifiersBody {
  @ApiPropertyOptional({ description: 'GS1 Global Location Number (13 digits)', example: '9312345000012' })
  @IsOptional()
  @Matches(/^\d{13}$/, { message: 'gln must be 13 digits' })
  gln?: string;

  @ApiPropertyOptional({ description: 'RMI smelter id', example: 'CID002345' })
  @IsOptional()
  @Matches(/^CID\d{6}$/, { message: 'rmiSmelterId must look like CID001234' })
  rmiSmelterId?: string;
}

export class RegisterFacilityBody {
  @IsLedgerId('facility id', 'au-greenbushes-mine')
  id: string;

  @apply(Text.short('facility name', 'Greenbushes mine'))
  name: string;

  @ApiProperty({ enum: FACILITY_KINDS })
  @IsIn(FACILITY_KINDS)
  kind: (typeof FACILITY_KINDS)[number];

  @ApiProperty({ example: 'AU' })
  @IsISO31661Alpha2()
  country: string;

  @ApiPropertyOptional({ type: LocationBody })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationBody)
  location?: LocationBody;

  @ApiPropertyOptional({ type: FacilityIdentifiersBody })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FacilityIdentifiersBody)
  identifiers?: FacilityIdentifiersBody;
}

export class AmendAnnexBody {
  @ApiProperty({ description: 'minerals added to the Annex', example: ['rare-earths'], type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(MINERAL, { each: true, message: 'each mineral must be a lowercase name like "lithium" or "rare-earths"' })
  add: string[];

  @ApiProperty({ description: 'minerals removed from the Annex', example: [], type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(MINERAL, { each: true, message: 'each mineral must be a lowercase name like "lithium" or "rare-earths"' })
  remove: string[];

  @ApiProperty({ description: 'RFC 3339 time from which the amendment is in force', example: '2027-01-01T00:00:00Z' })
  @IsRFC3339()
  effectiveFrom: string;

  @ApiProperty({ description: 'the written agreement of the Parties (Art. 13)', example: 'Exchange of notes, 2026-11-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reference: string;
}

class OriginBody {
  @ApiProperty({ enum: ['extraction', 'recycling'] })
  @IsIn(['extraction', 'recycling'])
  type: 'extraction' | 'recycling';

  @IsLedgerId('the mine (extraction) or recycler (recycling) facility, operated by the caller')
  facilityId: string;

  @ApiPropertyOptional({ enum: FEEDSTOCKS, description: 'required for recycling' })
  @IsOptional()
  @IsIn(FEEDSTOCKS)
  feedstock?: (typeof FEEDSTOCKS)[number];
}

export class RecordLotOriginBody {
  @IsLedgerId('lot id, unique in the ledger', 'AU-SPOD-1')
  lotId: string;

  @ApiProperty({ enum: LOT_FORMS })
  @IsIn(LOT_FORMS)
  form: (typeof LOT_FORMS)[number];

  @IsMassKg('gross mass', '1000000')
  grossMassKg: unknown;

  @IsCompositionKg()
  composition: Record<string, unknown>;

  @ApiProperty({ example: '2026-03-01T08:00:00Z' })
  @IsRFC3339()
  occurredAt: string;

  @ApiProperty({ type: OriginBody })
  @IsObject()
  @ValidateNested()
  @Type(() => OriginBody)
  origin: OriginBody;
}

class ShipmentDocumentBody {
  @apply(Text.short('document type', 'bill-of-lading'))
  type: string;

  @apply(Text.short('document reference', 'MAEU-123456789'))
  reference: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the document, lowercase hex' })
  @IsOptional()
  @Matches(SHA256_HEX, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256?: string;
}

export class ShipLotBody {
  @IsLedgerId('shipment id', 'SHP-2026-0001')
  shipmentId: string;

  @IsLedgerId('the receiving party', 'jp-lithium-refining')
  toPartyId: string;

  @ApiPropertyOptional({ description: 'the receiving facility, when known' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
  toFacilityId?: string;

  @ApiProperty({ example: 'JP' })
  @IsISO31661Alpha2()
  destinationCountry: string;

  @ApiProperty({ example: '2026-03-05T10:00:00Z' })
  @IsRFC3339()
  occurredAt: string;

  @ApiPropertyOptional({ example: 'sea' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  transportMode?: string;

  @ApiPropertyOptional({ type: [ShipmentDocumentBody] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ShipmentDocumentBody)
  documents?: ShipmentDocumentBody[];
}

export class ReceiveLotBody {
  @IsLedgerId('the shipment being received', 'SHP-2026-0001')
  shipmentId: string;

  @IsLedgerId('the receiving facility, operated by the caller')
  facilityId: string;

  @IsMassKg('mass weighed on receipt', '999500')
  receivedMassKg: unknown;

  @ApiProperty({ example: '2026-03-20T06:00:00Z' })
  @IsRFC3339()
  occurredAt: string;
}

class TransformationInputBody {
  @IsLedgerId('input lot')
  lotId: string;

  @IsMassKg('gross mass consumed from the input')
  massKg: unknown;
}

class TransformationOutputBody {
  @IsLedgerId('new output lot')
  lotId: string;

  @ApiProperty({ enum: LOT_FORMS })
  @IsIn(LOT_FORMS)
  form: (typeof LOT_FORMS)[number];

  @IsMassKg('gross mass of the output')
  grossMassKg: unknown;

  @IsCompositionKg()
  composition: Record<string, unknown>;
}

export class TransformLotsBody {
  @IsLedgerId('transformation id', 'TRF-2026-0001')
  transformationId: string;

  @IsLedgerId('facility where the processing happened, operated by the caller')
  facilityId: string;

  @apply(Text.short('process: refining, smelting, conversion, precursor, cathode, recycling, blending, splitting …', 'refining'))
  process: string;

  @ApiProperty({ example: '2026-04-01T00:00:00Z' })
  @IsRFC3339()
  occurredAt: string;

  @ApiProperty({ type: [TransformationInputBody] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TransformationInputBody)
  inputs: TransformationInputBody[];

  @ApiProperty({ type: [TransformationOutputBody] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TransformationOutputBody)
  outputs: TransformationOutputBody[];
}

export class RetireLotBody {
  @ApiProperty({ enum: RETIREMENT_REASONS })
  @IsIn(RETIREMENT_REASONS)
  reason: (typeof RETIREMENT_REASONS)[number];

  @ApiProperty({ example: '2026-06-01T00:00:00Z' })
  @IsRFC3339()
  occurredAt: string;

  @ApiPropertyOptional({ example: 'battery-pack-serial-XYZ' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  productRef?: string;
}

export class RecordCertificationBody {
  @IsLedgerId('certification id', 'IRMA-2026-17')
  certificationId: string;

  @apply(Text.short('certification scheme', 'IRMA 75'))
  scheme: string;

  @apply(Text.short('issuing body', 'Initiative for Responsible Mining Assurance'))
  issuer: string;

  @ApiProperty({ example: '2026-01-01T00:00:00Z' })
  @IsRFC3339()
  validFrom: string;

  @ApiProperty({ example: '2028-12-31T23:59:59Z' })
  @IsRFC3339()
  validTo: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the certificate document, lowercase hex' })
  @IsOptional()
  @Matches(SHA256_HEX, { message: 'documentSha256 must be 64 lowercase hex digits' })
  documentSha256?: string;

  @ApiPropertyOptional({ description: 'business time (RFC 3339); default: now', example: '2026-05-01T00:00:00Z' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}

export class RaiseFlagBody {
  @IsLedgerId('flag id', 'FLAG-2026-003')
  flagId: string;

  @ApiProperty({ enum: RAISABLE_FLAG_CATEGORIES })
  @IsIn(RAISABLE_FLAG_CATEGORIES)
  category: (typeof RAISABLE_FLAG_CATEGORIES)[number];

  @ApiProperty({ enum: FLAG_SEVERITIES })
  @IsIn(FLAG_SEVERITIES)
  severity: (typeof FLAG_SEVERITIES)[number];

  @ApiProperty({ example: 'Credible NGO report of forced labour at the pit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description: string;

  @ApiPropertyOptional({ description: 'business time (RFC 3339); default: now', example: '2026-05-01T00:00:00Z' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}

export class ResolveFlagBody {
  @ApiProperty({ enum: PERSON_FLAG_OUTCOMES })
  @IsIn(PERSON_FLAG_OUTCOMES)
  outcome: (typeof PERSON_FLAG_OUTCOMES)[number];

  @ApiProperty({ example: 'Site audit found no evidence; remediation plan on file' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  note: string;

  @ApiPropertyOptional({ description: 'business time (RFC 3339); default: now', example: '2026-05-01T00:00:00Z' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}

export class CorrectEventBody {
  @IsLedgerId('id of the erroneous event on this lot or facility')
  eventId: string;

  @ApiProperty({ example: 'The bill of lading number was mistyped; see shipment SHP-2026-0002' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason: string;

  @ApiPropertyOptional({ description: 'business time (RFC 3339); default: now' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}

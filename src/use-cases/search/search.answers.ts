import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FACILITY_KINDS, LOT_FORMS, PARTY_ROLES, type FacilityKind, type PartyRole } from '../../domain/events';
import type { LotStatus } from '../../domain/lot';
import type { LotStateView } from '../../provenance/provenance-views';
import type { FacilityView, PartyView } from '../../provenance/search-queries';
import { CorrectionViewAnswer, FlagViewAnswer } from '../read-provenance/provenance.answers';

/* The JSON answers of the lists, as documented in the OpenAPI document. */

const KG = { pattern: '^\\d+\\.\\d{3}$', description: 'decimal-string kilograms, three decimals' };
const LOT_STATUSES: LotStatus[] = ['active', 'in-transit', 'consumed', 'retired'];
const NEXT = { type: String, nullable: true, description: 'pass as `after` for the following page; null on the last page', example: 'AU-SPOD-1' } as const;
const POSITION = {
  type: String,
  nullable: true,
  pattern: '^\\d+$',
  description: 'the position every item was read at (null before the first event); pass it as `asOf` to page through one moment',
  example: '42',
} as const;

/** A lot as of the list's position (read from the read models, so it follows `asOf`). */
export class LotListItemAnswer implements LotStateView {
  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ enum: LOT_FORMS, enumName: 'LotForm', example: 'concentrate' })
  form: string;

  @ApiProperty({ enum: LOT_STATUSES, enumName: 'LotStatus', example: 'active' })
  status: string;

  @ApiProperty({ description: 'the one party with custody (the shipper while in transit)', example: 'jp-lithium-refining' })
  custodianId: string;

  @ApiProperty({ ...KG, description: 'remaining gross mass', example: '499500.000' })
  grossMassKg: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', pattern: KG.pattern }, description: 'contained kilograms per mineral', example: { lithium: '13950.000' } })
  composition: Record<string, string>;

  @ApiProperty({ type: [FlagViewAnswer] })
  openFlags: FlagViewAnswer[];

  @ApiProperty({ type: [CorrectionViewAnswer] })
  corrections: CorrectionViewAnswer[];

  @ApiProperty({ pattern: '^\\d+$', description: 'global position the state was read at', example: '42' })
  position: string;
}

class PartyIdentifiersAnswer {
  @ApiPropertyOptional({ description: "the party's PGLN as registered (13 digits or an `urn:epc:id:pgln:` URN)", example: '9521234000006' })
  pgln?: string;

  @ApiPropertyOptional({ description: 'ISO 17442 Legal Entity Identifier, matched against watch lists', example: '529900T8BM49AURSDO55' })
  lei?: string;

  @ApiPropertyOptional({ description: "national company registration number in the party's country, matched against watch lists", example: '91650000228601173X' })
  registrationNumber?: string;
}

export class PartyAnswer implements PartyView {
  @ApiProperty({ example: 'au-pilbara-lithium' })
  partyId: string;

  @ApiProperty({ example: 'Pilbara Lithium Pty Ltd' })
  name: string;

  @ApiProperty({ example: 'AU' })
  country: string;

  @ApiProperty({ enum: PARTY_ROLES, enumName: 'PartyRole', isArray: true, example: ['producer'] })
  roles: PartyRole[];

  @ApiPropertyOptional({ description: 'given when the party was registered with them', type: PartyIdentifiersAnswer })
  identifiers?: PartyIdentifiersAnswer;
}

export class FacilityAnswer implements FacilityView {
  @ApiProperty({ example: 'au-greenbushes-mine' })
  facilityId: string;

  @ApiProperty({ example: 'au-pilbara-lithium' })
  operatorId: string;

  @ApiProperty({ example: 'Greenbushes mine' })
  name: string;

  @ApiProperty({ enum: FACILITY_KINDS, enumName: 'FacilityKind', example: 'mine' })
  kind: FacilityKind;

  @ApiProperty({ example: 'AU' })
  country: string;

  @ApiProperty({ type: String, nullable: true, description: 'RMI smelter id (`CID…`) where registered', example: null })
  rmiSmelterId: string | null;
}

export class LotPageAnswer {
  @ApiProperty({ type: [LotListItemAnswer] })
  items: LotListItemAnswer[];

  @ApiProperty(NEXT)
  next: string | null;

  @ApiProperty(POSITION)
  position: string | null;
}

export class PartyPageAnswer {
  @ApiProperty({ type: [PartyAnswer] })
  items: PartyAnswer[];

  @ApiProperty(NEXT)
  next: string | null;

  @ApiProperty(POSITION)
  position: string | null;
}

export class FacilityPageAnswer {
  @ApiProperty({ type: [FacilityAnswer] })
  items: FacilityAnswer[];

  @ApiProperty(NEXT)
  next: string | null;

  @ApiProperty(POSITION)
  position: string | null;
}

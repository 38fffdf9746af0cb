import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/* The JSON answers of the exposure reads, as documented in the OpenAPI document. */

const POSITION = { description: 'global position the answer was computed at', pattern: '^\\d+$', example: '42' };

/** A place and time the material passed through a listed entity. */
export class ExposurePathAnswer {
  @ApiProperty({ description: 'the upstream lot that passed', example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ example: 'UFLPA-144' })
  entryId: string;

  @ApiPropertyOptional({ description: 'the listed party (holder or operator), when the listing names a party', example: 'cn-xj-nonferrous' })
  partyId?: string;

  @ApiPropertyOptional({ description: 'the facility the material was at', example: 'au-greenbushes-mine' })
  facilityId?: string;

  @ApiProperty({ enum: ['party', 'facility'], description: 'what the listing names', example: 'party' })
  listed: 'party' | 'facility';

  @ApiProperty({ description: 'the kind of facility (mine, refinery …), `unknown` when the log does not say', example: 'mine' })
  stage: string;

  @ApiProperty({ enum: ['extraction', 'recovery', 'transformation', 'receipt'], example: 'extraction' })
  activity: 'extraction' | 'recovery' | 'transformation' | 'receipt';

  @ApiProperty({ format: 'date-time', example: '2026-02-01T00:00:00Z' })
  from: string;

  @ApiProperty({ description: 'null while it is still there', type: String, format: 'date-time', nullable: true, example: '2026-03-01T00:00:00Z' })
  to: string | null;

  @ApiProperty({ description: 'the amendment that listed the entity', example: 'FR-2025-01234' })
  amendmentId: string;
}

const KG = { type: String, pattern: '^\\d+\\.\\d{3}$', description: 'decimal-string kilograms, three decimals' };

export class MineralExposureAnswer {
  @ApiProperty({ ...KG, example: '13950.000' })
  massKg: string;

  @ApiProperty({ ...KG, example: '0.000' })
  exposedMassKg: string;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, example: 0 })
  exposedShare: number;

  @ApiProperty({ type: [ExposurePathAnswer] })
  paths: ExposurePathAnswer[];
}

const BASIS = { description: '`event-time`, `current` or the RFC 3339 date whose list was used', example: 'event-time' };

@ApiExtraModels(MineralExposureAnswer)
export class LotExposureAnswer {
  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty(BASIS)
  basis: string;

  @ApiProperty({ description: 'the time of the answer: what `current` means, where stints still open end', format: 'date-time', example: '2026-12-01T09:30:00.000Z' })
  at: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(MineralExposureAnswer) }, description: 'keyed by mineral' })
  minerals: Record<string, MineralExposureAnswer>;
}

class HeldMineralExposureAnswer {
  @ApiProperty({ type: Number, minimum: 0, maximum: 1, example: 0.25 })
  exposedShare: number;

  @ApiProperty({ ...KG, example: '3487.500' })
  exposedMassKg: string;
}

@ApiExtraModels(HeldMineralExposureAnswer)
class HeldLotExposureAnswer {
  @ApiProperty({ example: 'JP-LIOH-1' })
  lotId: string;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HeldMineralExposureAnswer) }, description: 'keyed by mineral' })
  minerals: Record<string, HeldMineralExposureAnswer>;
}

export class HolderExposureAnswer {
  @ApiProperty({ example: 'jp-lithium-refining' })
  holderId: string;

  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty(BASIS)
  basis: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:00.000Z' })
  at: string;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ description: 'lots the party holds now with exposure above zero', type: [HeldLotExposureAnswer] })
  items: HeldLotExposureAnswer[];

  @ApiProperty({ description: 'pass as `after` for the next page; null when every held lot was looked at', type: String, nullable: true, example: null })
  next: string | null;
}

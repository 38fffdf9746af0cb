import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsRFC3339,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { WATCHLIST_CATEGORIES } from '../../domain/events';
import { IsLedgerId } from '../../http/dto/identifier';

/* Request bodies of the watch-list use cases (issue 12). Formats of identifiers are the domain's to check (400 naming the field). */

const TEXT_MAX = 2000;

export class CreateWatchlistBody {
  @IsLedgerId('list id', 'uflpa-entity-list')
  listId: string;

  @ApiProperty({ example: 'UFLPA Entity List' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name: string;

  @ApiProperty({ description: 'the authority that publishes it', example: 'US DHS Forced Labor Enforcement Task Force' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  authority: string;

  @ApiProperty({ enum: WATCHLIST_CATEGORIES, description: 'the category of the flags screening raises from it' })
  @IsIn(WATCHLIST_CATEGORIES)
  category: (typeof WATCHLIST_CATEGORIES)[number];

  @ApiPropertyOptional({ description: 'RFC 3339 time from which the list exists (default now): no amendment may take effect earlier', example: '2022-06-21T00:00:00Z' })
  @IsOptional()
  @IsRFC3339()
  effectiveFrom?: string;
}

export class EntryIdentifiersBody {
  @ApiPropertyOptional({ description: 'ISO 17442 Legal Entity Identifier', example: '529900T8BM49AURSDO55' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  lei?: string;

  @ApiPropertyOptional({ description: 'GS1 Global Location Number of a site (13 digits)', example: '9506000000015' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  gln?: string;

  @ApiPropertyOptional({ description: 'GS1 party GLN (13 digits)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  pgln?: string;

  @ApiPropertyOptional({ description: 'RMI smelter id', example: 'CID002345' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  rmiSmelterId?: string;

  @ApiPropertyOptional({ description: 'national company registration number (matched in the countries the entry names)', example: '91650000228601173X' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registrationNumber?: string;
}

export class WatchlistEntryBody {
  @IsLedgerId('entry id, stable across amendments', 'UFLPA-144')
  entryId: string;

  @ApiPropertyOptional({ description: 'the listed name; an entry needs a name, an identifier or both', example: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['Xinjiang Nonferrous'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ type: [String], example: ['CN'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @ApiPropertyOptional({ type: EntryIdentifiersBody })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EntryIdentifiersBody)
  identifiers?: EntryIdentifiersBody;
}

export class AmendWatchlistBody {
  @IsLedgerId('amendment id, unique in the list', 'FR-2025-01234')
  amendmentId: string;

  @ApiProperty({ description: 'RFC 3339 time from which it is in force; past (a list loaded with its history) or future', example: '2025-01-15T00:00:00Z' })
  @IsRFC3339()
  effectiveFrom: string;

  @ApiProperty({ description: 'where the authority published it', example: '90 FR 3215 (2025-01-15)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reference: string;

  @ApiPropertyOptional({ type: [WatchlistEntryBody], description: 'entries listed from effectiveFrom' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => WatchlistEntryBody)
  add?: WatchlistEntryBody[];

  @ApiPropertyOptional({ type: [String], description: 'ids of entries delisted from effectiveFrom', example: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  remove?: string[];
}

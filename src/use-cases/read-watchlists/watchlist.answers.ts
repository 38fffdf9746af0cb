import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLAG_CATEGORIES, FLAG_OUTCOMES, FLAG_SEVERITIES, WATCHLIST_CATEGORIES, type WatchlistCategory } from '../../domain/events';

/* The JSON answers of the watch-list reads, as documented in the OpenAPI document. */

const POSITION = { description: 'global position the answer was computed at', pattern: '^\\d+$', example: '42' };

export class EntryIdentifiersAnswer {
  @ApiPropertyOptional({ example: '529900T8BM49AURSDO55' })
  lei?: string;

  @ApiPropertyOptional({ example: '9506000000015' })
  gln?: string;

  @ApiPropertyOptional({ example: '9506000000015' })
  pgln?: string;

  @ApiPropertyOptional({ example: 'CID002345' })
  rmiSmelterId?: string;

  @ApiPropertyOptional({ example: '91650000228601173X' })
  registrationNumber?: string;
}

/** An entry in force: what it names, and since when. */
export class ListedEntryAnswer {
  @ApiProperty({ example: 'UFLPA-144' })
  entryId: string;

  @ApiPropertyOptional({ example: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.' })
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['Xinjiang Nonferrous'] })
  aliases?: string[];

  @ApiPropertyOptional({ type: [String], example: ['CN'] })
  countries?: string[];

  @ApiPropertyOptional({ type: EntryIdentifiersAnswer })
  identifiers?: EntryIdentifiersAnswer;

  @ApiProperty({ description: 'the amendment that listed it', example: 'FR-2025-01234' })
  amendmentId: string;

  @ApiProperty({ description: 'listed from (its amendment’s effectiveFrom)', format: 'date-time', example: '2025-01-15T00:00:00Z' })
  listedFrom: string;
}

export class ScreeningRunAnswer {
  @ApiProperty({ description: 'parties and facilities the amendment was screened against', example: 12 })
  subjectsScreened: number;

  @ApiProperty({ example: 1 })
  flagsRaised: number;

  @ApiProperty({ description: 'flags resolved as delisted', example: 0 })
  flagsResolved: number;
}

export class AmendmentSummaryAnswer {
  @ApiProperty({ example: 'FR-2025-01234' })
  amendmentId: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T00:00:00Z' })
  effectiveFrom: string;

  @ApiProperty({ example: '90 FR 3215 (2025-01-15)' })
  reference: string;

  @ApiProperty({ description: 'entries it listed', example: 1 })
  added: number;

  @ApiProperty({ description: 'entries it delisted', example: 0 })
  removed: number;

  @ApiProperty({ description: 'the screening run over it; null until it is in force and screened', type: ScreeningRunAnswer, nullable: true })
  screened: ScreeningRunAnswer | null;
}

export class WatchlistAnswer {
  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty({ example: 'UFLPA Entity List' })
  name: string;

  @ApiProperty({ example: 'US DHS Forced Labor Enforcement Task Force' })
  authority: string;

  @ApiProperty({ enum: WATCHLIST_CATEGORIES, enumName: 'WatchlistCategory', example: 'forced-labor' })
  category: WatchlistCategory;

  @ApiProperty({ description: 'from when the list exists', format: 'date-time', example: '2022-06-21T00:00:00Z' })
  effectiveFrom: string;

  @ApiProperty({ description: 'the time the entries are in force at (`asOf`, default now)', format: 'date-time', example: '2026-12-01T09:30:00.000Z' })
  asOf: string;

  @ApiProperty({ description: 'entries in force at `asOf`, by entry id', type: [ListedEntryAnswer] })
  entries: ListedEntryAnswer[];

  @ApiProperty({ description: 'every amendment, in the order recorded', type: [AmendmentSummaryAnswer] })
  amendments: AmendmentSummaryAnswer[];

  @ApiProperty({ description: "position of the list's last event", type: String, nullable: true, example: '42' })
  position: string | null;
}

class ScreeningRunAtAnswer extends ScreeningRunAnswer {
  @ApiProperty(POSITION)
  position: string;
}

class IndexedAmendmentAnswer {
  @ApiProperty({ example: 'FR-2025-01234' })
  amendmentId: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T00:00:00Z' })
  effectiveFrom: string;

  @ApiProperty({ example: '90 FR 3215 (2025-01-15)' })
  reference: string;

  @ApiProperty({ example: 1 })
  added: number;

  @ApiProperty({ example: 0 })
  removed: number;

  @ApiProperty(POSITION)
  position: string;

  @ApiProperty({ type: ScreeningRunAtAnswer, nullable: true })
  screened: ScreeningRunAtAnswer | null;
}

class IndexedWatchlistAnswer {
  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty({ example: 'UFLPA Entity List' })
  name: string;

  @ApiProperty({ example: 'US DHS Forced Labor Enforcement Task Force' })
  authority: string;

  @ApiProperty({ enum: WATCHLIST_CATEGORIES, enumName: 'WatchlistCategory', example: 'forced-labor' })
  category: WatchlistCategory;

  @ApiProperty({ format: 'date-time', example: '2022-06-21T00:00:00Z' })
  effectiveFrom: string;

  @ApiProperty({ type: [IndexedAmendmentAnswer] })
  amendments: IndexedAmendmentAnswer[];
}

export class WatchlistIndexAnswer {
  @ApiProperty({ type: [IndexedWatchlistAnswer] })
  items: IndexedWatchlistAnswer[];

  @ApiProperty({ ...POSITION, type: String, nullable: true })
  position: string | null;
}

class FlagSubjectAnswer {
  @ApiProperty({ enum: ['lot', 'facility', 'party'], example: 'party' })
  kind: 'lot' | 'facility' | 'party';

  @ApiPropertyOptional({ example: 'AU-SPOD-1' })
  lotId?: string;

  @ApiPropertyOptional({ example: 'au-greenbushes-mine' })
  facilityId?: string;

  @ApiPropertyOptional({ example: 'cn-xj-nonferrous' })
  partyId?: string;
}

class ScreeningSourceAnswer {
  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty({ example: 'UFLPA-144' })
  entryId: string;

  @ApiProperty({ example: 'FR-2025-01234' })
  amendmentId: string;
}

/** Why screening matched: by an identifier (exact) or by a name (normalised, above the threshold). */
class ScreeningMatchAnswer {
  @ApiProperty({ enum: ['identifier', 'name'], example: 'identifier' })
  by: 'identifier' | 'name';

  @ApiPropertyOptional({ description: 'the identifier kind (by identifier)', example: 'lei' })
  identifier?: string;

  @ApiPropertyOptional({ description: 'the identifier matched (by identifier)', example: '529900T8BM49AURSDO55' })
  value?: string;

  @ApiPropertyOptional({ description: "the subject's name (by name)" })
  name?: string;

  @ApiPropertyOptional({ description: 'the listed name or alias it matched (by name)' })
  listedName?: string;

  @ApiPropertyOptional({ description: 'Jaro-Winkler similarity of the normalised names (by name)', minimum: 0, maximum: 1 })
  similarity?: number;
}

class FlagResolutionAnswer {
  @ApiProperty({ enum: FLAG_OUTCOMES, enumName: 'FlagOutcome', example: 'delisted' })
  outcome: (typeof FLAG_OUTCOMES)[number];

  @ApiProperty({ example: 'delisted by FR-2026-00077' })
  note: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-01T00:00:00Z' })
  resolvedAt: string;

  @ApiProperty(POSITION)
  position: string;
}

export class ScreeningFlagAnswer {
  @ApiProperty({ example: 'screen-3f2a9c' })
  flagId: string;

  @ApiProperty({ type: FlagSubjectAnswer })
  subject: FlagSubjectAnswer;

  @ApiProperty({ enum: FLAG_CATEGORIES, enumName: 'FlagCategory', example: 'forced-labor' })
  category: (typeof FLAG_CATEGORIES)[number];

  @ApiProperty({ enum: FLAG_SEVERITIES, enumName: 'FlagSeverity', example: 'high' })
  severity: (typeof FLAG_SEVERITIES)[number];

  @ApiProperty({ example: 'listed on UFLPA Entity List (UFLPA-144) by its LEI' })
  description: string;

  @ApiProperty({ description: 'raised by the ledger itself (screening, a mass discrepancy)', example: true })
  automatic: boolean;

  @ApiProperty({ type: ScreeningSourceAnswer, nullable: true })
  source: ScreeningSourceAnswer | null;

  @ApiProperty({ type: ScreeningMatchAnswer, nullable: true })
  match: ScreeningMatchAnswer | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T00:00:00Z' })
  raisedAt: string;

  @ApiProperty(POSITION)
  raisedPosition: string;

  @ApiProperty({ type: FlagResolutionAnswer, nullable: true })
  resolution: FlagResolutionAnswer | null;
}

export class WatchlistFlagsAnswer {
  @ApiProperty({ example: 'uflpa-entity-list' })
  listId: string;

  @ApiProperty({ type: [ScreeningFlagAnswer] })
  items: ScreeningFlagAnswer[];

  @ApiProperty(POSITION)
  position: string;
}

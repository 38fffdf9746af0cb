import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FLAGS, type FlagRecord } from '../../../projections/flags-and-certifications.projection';
import { LIST_FLAGS, WATCHLIST_INDEX, WATCHLISTS, type WatchlistDoc } from '../../../projections/screening.projection';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import { isInstant } from '../../domain/business-time';
import type { Actor } from '../../domain/commands';
import { WatchlistNotFound } from '../../domain/errors';
import type { WatchlistEntry } from '../../domain/events';
import { entriesInForceAt } from '../../domain/watchlist';
import { PathIdPipe } from '../../http/path-id.pipe';
import { problem, ProblemError } from '../../http/problem';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { CLOCK, type Clock } from '../../ledger/clock';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { LedgerCommandMessage } from '../ledger-command.handler';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { parsePositionParam } from '../read-ledger/ledger.controller';
import { writeResponse } from '../write-response';
import { AmendWatchlistBody, CreateWatchlistBody } from './watchlist-bodies';

type WriteAnswer = { eventIds: string[]; position: string };

function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-query', `${field} ${message}`, { errors: [{ field, message }] }));
}

/** An entry as `GET /v1/watchlists/{listId}` answers it: what it names, and since when. */
export interface ListedEntryView extends WatchlistEntry {
  amendmentId: string;
  listedFrom: string;
}

/**
 * Art. 5.8: a regulator records the watch lists authorities publish and their dated amendments;
 * anyone reads the entries in force at a date; auditors and regulators read what screening found.
 */
@ApiTags('watch lists')
@ApiBearerAuth()
@Controller('v1/watchlists')
export class WatchlistsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: LedgerStateReader,
    private readonly provenance: ProvenanceService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'record a watch list an authority publishes (regulator)' })
  @ApiCreatedResponse({ description: '{eventIds, position}' })
  async create(
    @Body() body: CreateWatchlistBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const command = {
      type: 'CreateWatchlist' as const,
      actor,
      listId: body.listId,
      name: body.name,
      authority: body.authority,
      category: body.category,
      ...(body.effectiveFrom !== undefined ? { effectiveFrom: body.effectiveFrom } : {}),
    };
    return writeResponse(res, await this.commands.execute(new LedgerCommandMessage(command, meta)));
  }

  @Post(':listId/amendments')
  @ApiOperation({
    summary: 'record an amendment of a list: entries added and removed from a date, citing where it was published (regulator); screening follows',
  })
  @ApiCreatedResponse({ description: '{eventIds, position}' })
  async amend(
    @Param('listId', PathIdPipe) listId: string,
    @Body() body: AmendWatchlistBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const add = (body.add ?? []).map(
      (entry): WatchlistEntry => ({
        entryId: entry.entryId,
        ...(entry.name !== undefined ? { name: entry.name } : {}),
        ...(entry.aliases !== undefined ? { aliases: entry.aliases } : {}),
        ...(entry.countries !== undefined ? { countries: entry.countries } : {}),
        ...(entry.identifiers !== undefined ? { identifiers: { ...entry.identifiers } } : {}),
      }),
    );
    const command = {
      type: 'AmendWatchlist' as const,
      actor,
      listId,
      amendmentId: body.amendmentId,
      effectiveFrom: body.effectiveFrom,
      reference: body.reference,
      add,
      remove: body.remove ?? [],
    };
    return writeResponse(res, await this.commands.execute(new LedgerCommandMessage(command, meta)));
  }

  @Get()
  @ApiOperation({ summary: 'every watch list, with its amendments and whether screening has run over each (anyone with a key)' })
  @ApiQuery({ name: 'minPosition', required: false })
  async index(@Query('minPosition') minPosition?: string): Promise<{ items: WatchlistDoc[]; position: string | null }> {
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    const reader = this.provenance.queries.reader;
    const at = reader.lastPosition();
    if (at === null) return { items: [], position: null };
    const lists = reader.getManyAt<WatchlistDoc>(WATCHLISTS, reader.linkedAt(WATCHLIST_INDEX, '*', at), at);
    return { items: [...lists.values()], position: at.toString() };
  }

  @Get(':listId')
  @ApiOperation({ summary: 'the entries in force at a date (default now), with every amendment (anyone with a key)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'RFC 3339 time: the entries in force then, as the list is recorded now' })
  @ApiOkResponse({ description: '{listId, name, authority, category, effectiveFrom, asOf, entries, amendments, position}' })
  async read(@Param('listId', PathIdPipe) listId: string, @Query('asOf') asOf?: string) {
    if (asOf !== undefined && !isInstant(asOf)) throw invalidQuery('asOf', 'must be an RFC 3339 time with a time zone, e.g. 2025-06-01T00:00:00Z');
    const { state, position } = await this.reader.watchlist(listId);
    if (!state.exists) throw new WatchlistNotFound(listId);
    const at = asOf ?? this.clock.now();
    const entries: ListedEntryView[] = [...entriesInForceAt(state, at).values()]
      .map(({ entry, amendmentId, listedFrom }) => ({ ...entry, amendmentId, listedFrom }))
      .sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
    return {
      listId,
      name: state.name,
      authority: state.authority,
      category: state.category,
      effectiveFrom: state.effectiveFrom,
      asOf: at,
      entries,
      amendments: state.amendments.map(({ add, remove, ...amendment }) => ({ ...amendment, added: add.length, removed: remove.length })),
      position: position === null ? null : position.toString(),
    };
  }

  @Get(':listId/flags')
  @ApiOperation({ summary: "what screening flagged from the list, e.g. the open review flags a person must confirm or clear (auditor, regulator)" })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved', 'all'] })
  @ApiQuery({ name: 'category', required: false, description: 'e.g. review' })
  @ApiQuery({ name: 'minPosition', required: false })
  async flags(
    @Param('listId', PathIdPipe) listId: string,
    @CurrentActor() actor: Actor,
    @Query('status') status = 'open',
    @Query('category') category?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<{ listId: string; items: FlagRecord[]; position: string }> {
    if (!isAuditorOrRegulator(actor)) throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read what screening flagged'));
    if (!['open', 'resolved', 'all'].includes(status)) throw invalidQuery('status', 'must be open, resolved or all');
    await this.provenance.reach(parsePositionParam('minPosition', minPosition));
    const reader = this.provenance.queries.reader;
    const at = reader.lastPosition();
    if (at === null || !reader.getAt<WatchlistDoc>(WATCHLISTS, listId, at)) throw new WatchlistNotFound(listId);
    const items = [...reader.getManyAt<FlagRecord>(FLAGS, reader.linkedAt(LIST_FLAGS, listId, at), at).values()]
      .filter((flag) => status === 'all' || (status === 'open') === (flag.resolution === null))
      .filter((flag) => category === undefined || flag.category === category)
      .sort((a, b) => (a.raisedPosition.length - b.raisedPosition.length) || (a.raisedPosition < b.raisedPosition ? -1 : a.raisedPosition > b.raisedPosition ? 1 : 0));
    return { listId, items, position: at.toString() };
  }
}

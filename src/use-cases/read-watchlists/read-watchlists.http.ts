import { Controller, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FLAGS, type FlagRecord } from '../../../projections/flags-and-certifications.projection';
import { LIST_FLAGS, WATCHLIST_INDEX, WATCHLISTS, type WatchlistDoc } from '../../../projections/screening.projection';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { WatchlistNotFound } from '../../domain/errors';
import { FLAG_CATEGORIES } from '../../domain/events';
import { entriesInForceAt } from '../../domain/watchlist';
import { field } from '../../http/fields/field';
import { EnumQuery, PositionQuery } from '../../http/fields/query-fields';
import { rfc3339 } from '../../http/fields/rules';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { CLOCK, type Clock } from '../../ledger/clock';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { problem, ProblemError } from '../../problems';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { ListedEntryAnswer, WatchlistAnswer, WatchlistFlagsAnswer, WatchlistIndexAnswer } from './watchlist.answers';

const LIST_PARAM = { listId: { example: 'uflpa-entity-list' } };
const STATUSES = ['open', 'resolved', 'all'] as const;

export class WatchlistIndexQuery {
  @PositionQuery('wait (bounded) until the read models reach this position, e.g. the `position` a write answered')
  minPosition?: bigint;
}

export class WatchlistReadQuery {
  @field({ description: 'RFC 3339 time: the entries in force then, as the list is recorded now (default now)', example: '2025-06-01T00:00:00Z', optional: true }, rfc3339())
  asOf?: string;
}

export class WatchlistFlagsQuery extends WatchlistIndexQuery {
  @EnumQuery(STATUSES, 'FlagStatus', 'open (default), resolved or all')
  status?: (typeof STATUSES)[number];

  @EnumQuery(FLAG_CATEGORIES, 'FlagCategory', 'only flags of this category, e.g. review')
  category?: (typeof FLAG_CATEGORIES)[number];
}

const byPosition = (a: FlagRecord, b: FlagRecord) => a.raisedPosition.length - b.raisedPosition.length || (a.raisedPosition < b.raisedPosition ? -1 : a.raisedPosition > b.raisedPosition ? 1 : 0);

/**
 * Art. 5.8: anyone with a key reads the watch lists and the entries in force at a date; auditors
 * and regulators read what screening flagged from a list.
 */
@ApiTags('watch lists')
@Controller('v1')
export class ReadWatchlistsRoute {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly provenance: ProvenanceService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadRoute({ path: 'watchlists', summary: 'every watch list, with its amendments and whether screening has run over each (anyone with a key)', problems: [400], answer: { type: WatchlistIndexAnswer } })
  async listWatchlists(@Query() query: WatchlistIndexQuery): Promise<WatchlistIndexAnswer> {
    await this.provenance.reach(query.minPosition ?? null);
    const reader = this.provenance.queries.reader;
    const at = reader.lastPosition();
    if (at === null) return { items: [], position: null };
    const lists = reader.getManyAt<WatchlistDoc>(WATCHLISTS, reader.linkedAt(WATCHLIST_INDEX, '*', at), at);
    return { items: [...lists.values()], position: at.toString() };
  }

  @ReadRoute({ path: 'watchlists/:listId', summary: 'the entries in force at a date (default now), with every amendment (anyone with a key)', params: LIST_PARAM, answer: { type: WatchlistAnswer } })
  async readWatchlist(@PathId('listId') listId: string, @Query() query: WatchlistReadQuery): Promise<WatchlistAnswer> {
    const { state, position } = await this.reader.watchlist(listId);
    if (!state.exists) throw new WatchlistNotFound(listId);
    const at = query.asOf ?? this.clock.now();
    const entries: ListedEntryAnswer[] = [...entriesInForceAt(state, at).values()]
      .map(({ entry, amendmentId, listedFrom }) => ({ ...entry, amendmentId, listedFrom }))
      .sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
    return {
      listId,
      name: state.name as string,
      authority: state.authority as string,
      category: state.category!,
      effectiveFrom: state.effectiveFrom as string,
      asOf: at,
      entries,
      amendments: state.amendments.map(({ add, remove, ...amendment }) => ({ ...amendment, added: add.length, removed: remove.length })),
      position: position === null ? null : position.toString(),
    };
  }

  @ReadRoute({
    path: 'watchlists/:listId/flags', problems: [403],
    summary: 'what screening flagged from the list, e.g. the open review flags a person must confirm or clear (auditor, regulator)',
    params: LIST_PARAM,
    answer: { type: WatchlistFlagsAnswer },
  })
  async readWatchlistFlags(@PathId('listId') listId: string, @CurrentActor() actor: Actor, @Query() query: WatchlistFlagsQuery): Promise<WatchlistFlagsAnswer> {
    if (!isAuditorOrRegulator(actor)) throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read what screening flagged'));
    await this.provenance.reach(query.minPosition ?? null);
    const reader = this.provenance.queries.reader;
    const at = reader.lastPosition();
    if (at === null || !reader.getAt<WatchlistDoc>(WATCHLISTS, listId, at)) throw new WatchlistNotFound(listId);
    const status = query.status ?? 'open';
    const items = [...reader.getManyAt<FlagRecord>(FLAGS, reader.linkedAt(LIST_FLAGS, listId, at), at).values()]
      .filter((flag) => status === 'all' || (status === 'open') === (flag.resolution === null))
      .filter((flag) => query.category === undefined || flag.category === query.category)
      .sort(byPosition);
    return { listId, items, position: at.toString() };
  }
}

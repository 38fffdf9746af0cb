import { assertHasRole } from './authority';
import { assertNotInFuture, parseInstant } from './business-time';
import { assertId, assertOneOf, assertText } from './command-fields';
import type { CreateWatchlist } from './commands';
import { WatchlistAlreadyExists } from './errors';
import { WATCHLIST_CATEGORIES, type WatchlistCreated } from './events';
import { defineSlice, read } from './slice';
import type { WatchlistState } from './watchlist';

export interface CreateWatchlistContext {
  /** The state of `watchlist-<command.listId>`. */
  watchlist: WatchlistState;
  now: string;
}

/**
 * A regulator records a list an authority publishes. It exists from `effectiveFrom` (default now):
 * a list published years ago may be loaded with its history, amendment by amendment.
 */
export function decideCreateWatchlist(command: CreateWatchlist, context: CreateWatchlistContext): [WatchlistCreated] {
  assertHasRole(command.actor, ['regulator']);
  assertId(command.listId, 'listId');
  assertText(command.name, 'name');
  assertText(command.authority, 'authority');
  assertOneOf(command.category, WATCHLIST_CATEGORIES, 'category');
  const effectiveFrom = command.effectiveFrom ?? context.now;
  parseInstant(effectiveFrom, 'effectiveFrom');
  assertNotInFuture(effectiveFrom, context.now);
  if (context.watchlist.exists) throw new WatchlistAlreadyExists(command.listId);
  return [
    {
      type: 'WatchlistCreated',
      data: { listId: command.listId, name: command.name, authority: command.authority, category: command.category, effectiveFrom },
    },
  ];
}

/** CreateWatchlist reads the list's stream and writes it. */
export const createWatchlistSlice = defineSlice({
  reads: (command: CreateWatchlist) => ({ watchlist: read.watchlist(command.listId) }),
  decide: decideCreateWatchlist,
});

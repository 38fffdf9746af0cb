import { assertId } from './command-fields';
import type { RecordWatchlistScreening } from './commands';
import { InvalidCommand, WatchlistAmendmentAlreadyScreened, WatchlistNotFound } from './errors';
import type { WatchlistScreened } from './events';
import { assertScreeningActor } from './screening-actor';
import { defineSlice, read } from './slice';
import type { WatchlistState } from './watchlist';

export interface RecordWatchlistScreeningContext {
  watchlist: WatchlistState;
  now: string;
}

/** Screening records once that it ran over an amendment in force: what a client waits for, what a regulator audits. */
export function decideRecordWatchlistScreening(
  command: RecordWatchlistScreening,
  context: RecordWatchlistScreeningContext,
): [WatchlistScreened] {
  assertScreeningActor(command.actor);
  if (!context.watchlist.exists) throw new WatchlistNotFound(command.listId);
  assertId(command.amendmentId, 'amendmentId');
  const amendment = context.watchlist.amendments.find((a) => a.amendmentId === command.amendmentId);
  if (!amendment) throw new InvalidCommand([{ field: 'amendmentId', message: `watch list ${command.listId} has no amendment ${command.amendmentId}` }]);
  if (amendment.screened) throw new WatchlistAmendmentAlreadyScreened(command.listId, command.amendmentId);
  const { listId, amendmentId, subjectsScreened, flagsRaised, flagsResolved } = command;
  return [{ type: 'WatchlistScreened', data: { listId, amendmentId, subjectsScreened, flagsRaised, flagsResolved } }];
}

/** RecordWatchlistScreening reads the list's stream and writes it. */
export const recordWatchlistScreeningSlice = defineSlice({
  reads: (command: RecordWatchlistScreening) => ({ watchlist: read.watchlist(command.listId) }),
  decide: decideRecordWatchlistScreening,
});

import { assertHasRole } from './authority';
import { parseInstant } from './business-time';
import { assertCountry, assertDistinct, assertId, assertText } from './command-fields';
import type { AmendWatchlist } from './commands';
import { checkedIdentifiers } from './entity-identifiers';
import {
  InvalidCommand,
  UnknownWatchlistEntry,
  WatchlistAmendmentAlreadyExists,
  WatchlistAmendmentBeforeList,
  WatchlistEntryAlreadyListed,
  WatchlistEntryUnidentifiable,
  WatchlistNotFound,
} from './errors';
import { ENTRY_IDENTIFIER_KINDS, type WatchlistAmended, type WatchlistEntry } from './events';
import { defineSlice, read } from './slice';
import { entriesInForceAt, type WatchlistState } from './watchlist';

export interface AmendWatchlistContext {
  /** The state of `watchlist-<command.listId>`. */
  watchlist: WatchlistState;
  now: string;
}

/** Names and aliases are compared after normalisation; this bounds what one entry may carry. */
const NAME_MAX = 500;
const ALIASES_MAX = 50;

/**
 * A regulator records an amendment as the authority published it: entries added and removed from
 * `effectiveFrom`, citing where it was published. The date may be in the past (a list loaded with
 * its history) or the future (an announced listing); never before the list existed. An entry must
 * name a company or site somehow (a name or an identifier); a removal names an entry on the list
 * at that date.
 */
export function decideAmendWatchlist(command: AmendWatchlist, context: AmendWatchlistContext): [WatchlistAmended] {
  assertHasRole(command.actor, ['regulator']);
  const list = context.watchlist;
  if (!list.exists || !list.effectiveFrom) throw new WatchlistNotFound(command.listId);
  assertId(command.amendmentId, 'amendmentId');
  assertText(command.reference, 'reference');
  const effectiveFrom = parseInstant(command.effectiveFrom, 'effectiveFrom');
  if (effectiveFrom < parseInstant(list.effectiveFrom, 'effectiveFrom')) {
    throw new WatchlistAmendmentBeforeList(command.listId, command.effectiveFrom, list.effectiveFrom);
  }
  if (list.amendments.some((a) => a.amendmentId === command.amendmentId)) {
    throw new WatchlistAmendmentAlreadyExists(command.listId, command.amendmentId);
  }
  const add = command.add ?? [];
  const remove = command.remove ?? [];
  if (!Array.isArray(add)) throw new InvalidCommand([{ field: 'add', message: 'must be a list of entries' }]);
  if (!Array.isArray(remove)) throw new InvalidCommand([{ field: 'remove', message: 'must be a list of entry ids' }]);
  if (add.length + remove.length === 0) throw new InvalidCommand([{ field: 'add', message: 'an amendment adds or removes at least one entry' }]);
  const entries = add.map((entry, i) => checkedEntry(entry, `add.${i}`));
  assertDistinct(entries.map((e) => e.entryId), 'add', 'entry');
  remove.forEach((entryId, i) => assertId(entryId, `remove.${i}`));
  assertDistinct(remove, 'remove', 'entry');
  remove.forEach((entryId, i) => {
    if (entries.some((e) => e.entryId === entryId)) {
      throw new InvalidCommand([{ field: `remove.${i}`, message: `${entryId} is both added and removed; change an entry in two amendments` }]);
    }
  });
  const inForce = entriesInForceAt(list, command.effectiveFrom);
  entries.forEach((entry, i) => {
    if (inForce.has(entry.entryId)) throw new WatchlistEntryAlreadyListed(entry.entryId, command.effectiveFrom, `add.${i}.entryId`);
  });
  remove.forEach((entryId, i) => {
    if (!inForce.has(entryId)) throw new UnknownWatchlistEntry(entryId, command.effectiveFrom, `remove.${i}`);
  });
  return [
    {
      type: 'WatchlistAmended',
      data: {
        listId: command.listId,
        amendmentId: command.amendmentId,
        effectiveFrom: command.effectiveFrom,
        reference: command.reference,
        add: entries,
        remove: [...remove],
      },
    },
  ];
}

/** The entry as stored: only the fields given, each checked, so its payload hashes the same however it was sent (the CSV import checks rows with it too). */
export function checkedEntry(entry: WatchlistEntry, field: string): WatchlistEntry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InvalidCommand([{ field, message: 'must be an entry object' }]);
  assertId(entry.entryId, `${field}.entryId`);
  if (entry.name !== undefined) assertName(entry.name, `${field}.name`);
  const aliases = entry.aliases ?? [];
  if (!Array.isArray(aliases) || aliases.length > ALIASES_MAX) {
    throw new InvalidCommand([{ field: `${field}.aliases`, message: `must be a list of at most ${ALIASES_MAX} names` }]);
  }
  aliases.forEach((alias, i) => assertName(alias, `${field}.aliases.${i}`));
  const countries = entry.countries ?? [];
  if (!Array.isArray(countries)) throw new InvalidCommand([{ field: `${field}.countries`, message: 'must be a list of ISO 3166-1 alpha-2 codes' }]);
  countries.forEach((country, i) => assertCountry(country, `${field}.countries.${i}`));
  assertDistinct(countries, `${field}.countries`, 'country');
  const identifiers = checkedIdentifiers(entry.identifiers, ENTRY_IDENTIFIER_KINDS, `${field}.identifiers`);
  if (entry.name === undefined && aliases.length === 0 && identifiers === null) throw new WatchlistEntryUnidentifiable(entry.entryId, field);
  return {
    entryId: entry.entryId,
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    ...(aliases.length > 0 ? { aliases: [...aliases] } : {}),
    ...(countries.length > 0 ? { countries: [...countries] } : {}),
    ...(identifiers ? { identifiers } : {}),
  };
}

function assertName(value: unknown, field: string): void {
  assertText(value, field);
  if ((value as string).length > NAME_MAX) throw new InvalidCommand([{ field, message: `must be at most ${NAME_MAX} characters` }]);
}

/** AmendWatchlist reads the list's stream and writes it. */
export const amendWatchlistSlice = defineSlice({
  reads: (command: AmendWatchlist) => ({ watchlist: read.watchlist(command.listId) }),
  decide: decideAmendWatchlist,
});

import { parseInstant } from './business-time';
import type { WatchlistCategory, WatchlistEntry } from './events';
import { eventOn, type StoredEventLike } from './stored-event';

/**
 * A watch list is dated data, as the Annex is (Art. 5.8): an authority publishes it and amends it
 * from dates, so which entries are listed depends on the moment asked about. Amendments apply in
 * the order of their effective dates, those of one date in the order recorded.
 */
export interface WatchlistAmendmentRecord {
  amendmentId: string;
  effectiveFrom: string;
  reference: string;
  add: WatchlistEntry[];
  remove: string[];
  /** The screening run over it, once recorded. */
  screened: { subjectsScreened: number; flagsRaised: number; flagsResolved: number } | null;
}

export interface WatchlistState {
  exists: boolean;
  listId: string | null;
  name: string | null;
  authority: string | null;
  category: WatchlistCategory | null;
  effectiveFrom: string | null;
  /** In the order recorded. */
  amendments: WatchlistAmendmentRecord[];
}

export function initialWatchlistState(): WatchlistState {
  return { exists: false, listId: null, name: null, authority: null, category: null, effectiveFrom: null, amendments: [] };
}

/** Handles every event type the registry writes on watch-list streams (a missing one does not compile). */
export function evolveWatchlist(state: WatchlistState, stored: StoredEventLike): WatchlistState {
  const event = eventOn('watchlist', stored);
  if (!event) return state;
  switch (event.type) {
    case 'WatchlistCreated': {
      const { listId, name, authority, category, effectiveFrom } = event.data;
      return { ...state, exists: true, listId, name, authority, category, effectiveFrom };
    }
    case 'WatchlistAmended': {
      const { amendmentId, effectiveFrom, reference, add, remove } = event.data;
      return { ...state, amendments: [...state.amendments, { amendmentId, effectiveFrom, reference, add, remove, screened: null }] };
    }
    case 'WatchlistScreened': {
      const { amendmentId, subjectsScreened, flagsRaised, flagsResolved } = event.data;
      return {
        ...state,
        amendments: state.amendments.map((a) =>
          a.amendmentId === amendmentId ? { ...a, screened: { subjectsScreened, flagsRaised, flagsResolved } } : a,
        ),
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export function foldWatchlist(events: Iterable<StoredEventLike>): WatchlistState {
  let state = initialWatchlistState();
  for (const event of events) state = evolveWatchlist(state, event);
  return state;
}

/** An entry in force, with the amendment that listed it. */
export interface ListedEntry {
  entry: WatchlistEntry;
  amendmentId: string;
  /** When that amendment took effect. */
  listedFrom: string;
}

/** The entries in force at an instant: every amendment effective at or before it, in date order. */
export function entriesInForceAt(list: Pick<WatchlistState, 'amendments'>, isoTime: string): Map<string, ListedEntry> {
  const at = parseInstant(isoTime, 'asOf');
  const inForce = new Map<string, ListedEntry>();
  for (const amendment of inDateOrder(list.amendments)) {
    if (parseInstant(amendment.effectiveFrom, 'effectiveFrom') > at) break;
    for (const entryId of amendment.remove) inForce.delete(entryId);
    for (const entry of amendment.add) {
      inForce.set(entry.entryId, { entry, amendmentId: amendment.amendmentId, listedFrom: amendment.effectiveFrom });
    }
  }
  return inForce;
}

/** Amendments in the order they apply: by effective date, then as recorded. */
export function inDateOrder<A extends { effectiveFrom: string }>(amendments: readonly A[]): A[] {
  return amendments
    .map((amendment, order) => ({ amendment, order, from: parseInstant(amendment.effectiveFrom, 'effectiveFrom') }))
    .sort((a, b) => a.from - b.from || a.order - b.order)
    .map(({ amendment }) => amendment);
}

/** One change of one entry by one amendment, as the listing intervals are worked out from. */
export interface EntryChange {
  kind: 'add' | 'remove';
  amendmentId: string;
  effectiveFrom: string;
}

/** A span of time during which an entry was listed: from its listing to its delisting (null: still listed). */
export interface ListingInterval {
  amendmentId: string;
  from: string;
  to: string | null;
  /** The amendment that delisted it, when one did. */
  delistedBy: string | null;
}

/**
 * The intervals an entry was listed, from its changes in the order they were recorded. Applied in
 * date order as the list itself is, so a backdated amendment takes its place among the others.
 */
export function listingIntervals(changes: readonly EntryChange[]): ListingInterval[] {
  const intervals: ListingInterval[] = [];
  let open: ListingInterval | null = null;
  for (const change of inDateOrder(changes)) {
    if (change.kind === 'add' && open === null) {
      open = { amendmentId: change.amendmentId, from: change.effectiveFrom, to: null, delistedBy: null };
      intervals.push(open);
    } else if (change.kind === 'remove' && open !== null) {
      open.to = change.effectiveFrom;
      open.delistedBy = change.amendmentId;
      open = null;
    }
  }
  return intervals;
}

/** The interval in force at an instant, if any (from inclusive, to exclusive). */
export function intervalAt(intervals: readonly ListingInterval[], instant: number): ListingInterval | null {
  return (
    intervals.find((i) => parseInstant(i.from, 'from') <= instant && (i.to === null || instant < parseInstant(i.to, 'to'))) ?? null
  );
}

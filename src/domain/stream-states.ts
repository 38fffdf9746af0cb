import { evolveAnnex, foldAnnex } from './annex';
import { evolveFacility, foldFacility } from './facility';
import { evolveGlnIndex, foldGlnIndex } from './gln-index';
import { evolveLot, foldLot } from './lot';
import { evolveParty, foldParty } from './party';
import type { StoredEventLike } from './stored-event';
import type { StreamKind, StreamRef } from './stream-ref';
import { evolveWatchlist, foldWatchlist } from './watchlist';

/** The fold of each kind of stream: what a use case sees when it reads a stream's state. */
export const STREAM_FOLDS = {
  lot: (lotId: string, events: Iterable<StoredEventLike>) => foldLot(lotId, events),
  facility: (_facilityId: string, events: Iterable<StoredEventLike>) => foldFacility(events),
  party: (_partyId: string, events: Iterable<StoredEventLike>) => foldParty(events),
  watchlist: (_listId: string, events: Iterable<StoredEventLike>) => foldWatchlist(events),
  gln: (gln: string, events: Iterable<StoredEventLike>) => foldGlnIndex(gln, events),
  annex: (_id: string, events: Iterable<StoredEventLike>) => foldAnnex(events),
} satisfies { readonly [K in StreamKind]: (id: string, events: Iterable<StoredEventLike>) => unknown };

/** The folded state of a stream of kind K (`LotState` for 'lot', …). */
export type StateOf<K extends StreamKind> = ReturnType<(typeof STREAM_FOLDS)[K]>;

/** One step of each fold: a state taken one event further (a unit of work folds its own decisions in). */
const STREAM_EVOLVES: { readonly [K in StreamKind]: (state: StateOf<K>, event: StoredEventLike) => StateOf<K> } = {
  lot: evolveLot,
  facility: evolveFacility,
  party: evolveParty,
  watchlist: evolveWatchlist,
  gln: evolveGlnIndex,
  annex: evolveAnnex,
};

/** The state of a stream one event further, by the fold of its kind. */
export function evolveStream(stream: StreamRef, state: unknown, event: StoredEventLike): unknown {
  const evolve = STREAM_EVOLVES[stream.kind] as (state: unknown, event: StoredEventLike) => unknown;
  return evolve(state, event);
}

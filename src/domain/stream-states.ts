import { foldAnnex } from './annex';
import { foldFacility } from './facility';
import { foldLot } from './lot';
import { foldParty } from './party';
import type { StoredEventLike } from './stored-event';
import type { StreamKind } from './stream-ref';
import { foldWatchlist } from './watchlist';

/** The fold of each kind of stream: what a use case sees when it reads a stream's state. */
export const STREAM_FOLDS = {
  lot: (lotId: string, events: Iterable<StoredEventLike>) => foldLot(lotId, events),
  facility: (_facilityId: string, events: Iterable<StoredEventLike>) => foldFacility(events),
  party: (_partyId: string, events: Iterable<StoredEventLike>) => foldParty(events),
  watchlist: (_listId: string, events: Iterable<StoredEventLike>) => foldWatchlist(events),
  annex: (_id: string, events: Iterable<StoredEventLike>) => foldAnnex(events),
} satisfies { readonly [K in StreamKind]: (id: string, events: Iterable<StoredEventLike>) => unknown };

/** The folded state of a stream of kind K (`LotState` for 'lot', …). */
export type StateOf<K extends StreamKind> = ReturnType<(typeof STREAM_FOLDS)[K]>;

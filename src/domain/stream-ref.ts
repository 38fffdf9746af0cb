import type { FlagSubject, Subject } from './events';

/** Stream names: one stream per lot, party, facility and watch list, and one for the Annex. */
export const streams = {
  lot: (lotId: string) => `lot-${lotId}`,
  party: (partyId: string) => `party-${partyId}`,
  facility: (facilityId: string) => `facility-${facilityId}`,
  /** A watch list an authority publishes and amends (Art. 5.8): dated data, as the Annex is. */
  watchlist: (listId: string) => `watchlist-${listId}`,
  /** Every party and facility registered with this GLN (13 digits): how a GS1 identifier is looked up. */
  gln: (gln: string) => `gln-${gln}`,
  annex: 'annex',
} as const;

/**
 * The kinds of stream the ledger keeps: one per lot, facility, party and watch list, one per GLN
 * in use, and the Annex.
 */
export const STREAM_KINDS = ['lot', 'facility', 'party', 'watchlist', 'gln', 'annex'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** A stream named by its kind and id (the Annex has one stream; its id is empty). */
export interface StreamRef<K extends StreamKind = StreamKind> {
  readonly kind: K;
  readonly id: string;
}

export const streamRef = {
  lot: (lotId: string): StreamRef<'lot'> => ({ kind: 'lot', id: lotId }),
  facility: (facilityId: string): StreamRef<'facility'> => ({ kind: 'facility', id: facilityId }),
  party: (partyId: string): StreamRef<'party'> => ({ kind: 'party', id: partyId }),
  watchlist: (listId: string): StreamRef<'watchlist'> => ({ kind: 'watchlist', id: listId }),
  gln: (gln: string): StreamRef<'gln'> => ({ kind: 'gln', id: gln }),
  annex: (): StreamRef<'annex'> => ({ kind: 'annex', id: '' }),
} as const;

/** The store's name of the stream (`lot-<id>`, `party-<id>`, `facility-<id>`, `watchlist-<id>`, `gln-<digits>`, `annex`). */
export function streamIdOf(ref: StreamRef): string {
  return ref.kind === 'annex' ? streams.annex : streams[ref.kind](ref.id);
}

/** Flags, certifications and corrections live on the stream of their subject. */
export function subjectStream(subject: Subject): StreamRef<'lot' | 'facility'> {
  return subject.kind === 'lot' ? streamRef.lot(subject.lotId) : streamRef.facility(subject.facilityId);
}

/** Flags may also sit on a party (an entity list names companies): its stream holds them. */
export function flagSubjectStream(subject: FlagSubject): StreamRef<'lot' | 'facility' | 'party'> {
  return subject.kind === 'party' ? streamRef.party(subject.partyId) : subjectStream(subject);
}

/** One stored event as a stream's raw history shows it: who recorded it, and what. */
export interface StreamEntry {
  eventId: string;
  type: string;
  actorPartyId: string;
  data: object;
}

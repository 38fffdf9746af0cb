import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import type { EntryChange } from '../src/domain/watchlist';
import type { WatchlistCategory, WatchlistEntryIdentifiers } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { ledgerEventOf } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import { nameMatchingFunctions } from './name-matching';
import type { DocumentState, Projection } from './projection';
import { identifierKeys, nameKeys, screeningKeyFunctions, type SubjectIdentifiers } from './screening-keys';

/** A watch list and its amendments (without their entries). */
export interface WatchlistDoc {
  listId: string;
  name: string;
  authority: string;
  category: WatchlistCategory;
  effectiveFrom: string;
  amendments: {
    amendmentId: string;
    effectiveFrom: string;
    reference: string;
    added: number;
    removed: number;
    position: string;
    screened: { subjectsScreened: number; flagsRaised: number; flagsResolved: number; position: string } | null;
  }[];
}

/** One entry of a list: what it names (as last added) and every change of it, for its listing intervals. */
export interface WatchlistEntryDoc {
  listId: string;
  entryId: string;
  name: string | null;
  aliases: string[];
  countries: string[];
  identifiers: WatchlistEntryIdentifiers;
  changes: (EntryChange & { position: string })[];
}

/** A party or a facility as screening sees it. */
export interface ScreeningSubjectDoc {
  /** `party:<id>` or `facility:<id>`, as flags key their subjects. */
  key: string;
  kind: 'party' | 'facility';
  id: string;
  name: string;
  country: string;
  identifiers: SubjectIdentifiers;
  /** The party operating a facility; null for a party. */
  operatorId: string | null;
}

/** listId → the list. */
export const WATCHLISTS = 'watchlists';
/** `<listId>/<entryId>` → the entry. */
export const WATCHLIST_ENTRIES = 'watchlist-entries';
/** `party:<id>` / `facility:<id>` → its names and identifiers. */
export const SCREENING_SUBJECTS = 'screening-subjects';
/** `*` → every list id: the index of lists. */
export const WATCHLIST_INDEX = 'watchlist-index';
/** listId → `<listId>/<entryId>` of every entry it ever listed. */
export const LIST_ENTRIES = 'list-entries';
/** identifier or name key → `<listId>/<entryId>`. */
export const ENTRY_KEYS = 'entry-keys';
/** identifier or name key → `party:<id>` / `facility:<id>`. */
export const SUBJECT_KEYS = 'subject-keys';
/** listId → every flag screening raised from it. */
export const LIST_FLAGS = 'list-flags';

/** The key of an entry document: list and entry ids hold no `/`. */
export function entryKey(listId: string, entryId: string): string {
  return `${listId}/${entryId}`;
}

/**
 * (e) Watch lists and what screening needs to match them: the lists with their amendments, each
 * entry with the changes that give its listing intervals, the parties and facilities with their
 * names and identifiers, both filed under identifier and name keys, and the flags screening raised
 * from each list. Exposure (`src/provenance/exposure.ts`) reads the listings and flags as of any
 * position; the screening reactor reads the keys to find candidates.
 */
export const screeningProjection: Projection = {
  name: 'screening',
  collections: [WATCHLISTS, WATCHLIST_ENTRIES, SCREENING_SUBJECTS],
  relations: [WATCHLIST_INDEX, LIST_ENTRIES, ENTRY_KEYS, SUBJECT_KEYS, LIST_FLAGS],
  canHandle: ['PartyRegistered', 'FacilityRegistered', 'WatchlistCreated', 'WatchlistAmended', 'WatchlistScreened', 'FlagRaised'],
  dependsOn: {
    asLedgerEvent,
    KNOWN_TYPES,
    evolveScreening,
    fileSubject,
    entryKey,
    ledgerEventOf,
    ...screeningKeyFunctions,
    ...nameMatchingFunctions,
  },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveScreening(state, event);
    return state;
  },
};

function evolveScreening(state: DocumentState, event: RecordedEvent): void {
  const e = ledgerEventOf(event);
  if (!e) return;
  const at = event.position;
  switch (e.type) {
    case 'PartyRegistered': {
      const d = e.data;
      fileSubject(state, { key: `party:${d.partyId}`, kind: 'party', id: d.partyId, name: d.name, country: d.country, identifiers: { ...d.identifiers }, operatorId: null }, at);
      return;
    }
    case 'FacilityRegistered': {
      const d = e.data;
      const subject: ScreeningSubjectDoc = {
        key: `facility:${d.facilityId}`,
        kind: 'facility',
        id: d.facilityId,
        name: d.name,
        country: d.country,
        identifiers: { ...d.identifiers },
        operatorId: d.operatorId,
      };
      fileSubject(state, subject, at);
      return;
    }
    case 'WatchlistCreated': {
      const { listId, name, authority, category, effectiveFrom } = e.data;
      if (state.get<WatchlistDoc>(WATCHLISTS, listId)) return;
      state.put<WatchlistDoc>(WATCHLISTS, listId, { listId, name, authority, category, effectiveFrom, amendments: [] }, at);
      state.link(WATCHLIST_INDEX, '*', listId, at);
      return;
    }
    case 'WatchlistAmended': {
      const d = e.data;
      const list = state.get<WatchlistDoc>(WATCHLISTS, d.listId);
      if (!list) return;
      const amendment = {
        amendmentId: d.amendmentId,
        effectiveFrom: d.effectiveFrom,
        reference: d.reference,
        added: d.add.length,
        removed: d.remove.length,
        position: at.toString(),
        screened: null,
      };
      state.put<WatchlistDoc>(WATCHLISTS, d.listId, { ...list, amendments: [...list.amendments, amendment] }, at);
      const change = (kind: 'add' | 'remove') => ({ kind, amendmentId: d.amendmentId, effectiveFrom: d.effectiveFrom, position: at.toString() });
      for (const entry of d.add) {
        const key = entryKey(d.listId, entry.entryId);
        const known = state.get<WatchlistEntryDoc>(WATCHLIST_ENTRIES, key);
        state.put<WatchlistEntryDoc>(
          WATCHLIST_ENTRIES,
          key,
          {
            listId: d.listId,
            entryId: entry.entryId,
            name: entry.name ?? null,
            aliases: entry.aliases ?? [],
            countries: entry.countries ?? [],
            identifiers: { ...entry.identifiers },
            changes: [...(known?.changes ?? []), change('add')],
          },
          at,
        );
        state.link(LIST_ENTRIES, d.listId, key, at);
        const names = [...(entry.name !== undefined ? [entry.name] : []), ...(entry.aliases ?? [])];
        for (const identifier of identifierKeys(entry.identifiers).keys()) state.link(ENTRY_KEYS, identifier, key, at);
        for (const nameKey of nameKeys(names)) state.link(ENTRY_KEYS, nameKey, key, at);
      }
      for (const entryId of d.remove) {
        const key = entryKey(d.listId, entryId);
        const known = state.get<WatchlistEntryDoc>(WATCHLIST_ENTRIES, key);
        if (known) state.put<WatchlistEntryDoc>(WATCHLIST_ENTRIES, key, { ...known, changes: [...known.changes, change('remove')] }, at);
      }
      return;
    }
    case 'WatchlistScreened': {
      const d = e.data;
      const list = state.get<WatchlistDoc>(WATCHLISTS, d.listId);
      if (!list) return;
      const screened = { subjectsScreened: d.subjectsScreened, flagsRaised: d.flagsRaised, flagsResolved: d.flagsResolved, position: at.toString() };
      const amendments = list.amendments.map((a) => (a.amendmentId === d.amendmentId && !a.screened ? { ...a, screened } : a));
      state.put<WatchlistDoc>(WATCHLISTS, d.listId, { ...list, amendments }, at);
      return;
    }
    case 'FlagRaised':
      if (e.data.source) state.link(LIST_FLAGS, e.data.source.listId, e.data.flagId, at);
      return;
    default:
      return;
  }
}

/** A party or facility, filed under its identifier and name keys. */
function fileSubject(state: DocumentState, subject: ScreeningSubjectDoc, at: bigint): void {
  if (state.get<ScreeningSubjectDoc>(SCREENING_SUBJECTS, subject.key)) return;
  state.put<ScreeningSubjectDoc>(SCREENING_SUBJECTS, subject.key, subject, at);
  for (const identifier of identifierKeys(subject.identifiers).keys()) state.link(SUBJECT_KEYS, identifier, subject.key, at);
  for (const nameKey of nameKeys([subject.name])) state.link(SUBJECT_KEYS, nameKey, subject.key, at);
}

import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import { streams, type Composition } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { isCanonicalTransformationCopy, ledgerEventOf } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import type { DocumentState, IndexEntry, Projection } from './projection';

/** Lots by status, custodian, holders, facilities, minerals, origin countries and open flags. */
export const LOT_SEARCH = 'lot-search';
/** Parties by role and country. */
export const PARTY_SEARCH = 'party-search';
/** Facilities by kind, country and operator. */
export const FACILITY_SEARCH = 'facility-search';

/**
 * The terms of the search indexes, shared by the fold and the queries. `ALL` is held by every
 * key, so a query with no other term walks the whole index in key order.
 */
export const TERMS = {
  ALL: '*',
  status: (status: string) => `status:${status}`,
  /** The party holding the lot now. */
  custodian: (partyId: string) => `custodian:${partyId}`,
  /** Every party that held the lot or had it shipped to it: who may read it. */
  holder: (partyId: string) => `holder:${partyId}`,
  /** Where it was extracted or recovered, received, or produced. */
  facility: (facilityId: string) => `facility:${facilityId}`,
  /** A mineral it contained when it was made. */
  mineral: (mineral: string) => `mineral:${mineral}`,
  /** A country its material was extracted or recovered in. */
  originCountry: (country: string) => `origin:${country}`,
  /** At least one open flag on the lot itself. */
  FLAGGED: 'flagged',
  openFlag: (flagId: string) => `flag:${flagId}`,
  role: (role: string) => `role:${role}`,
  country: (country: string) => `country:${country}`,
  kind: (kind: string) => `kind:${kind}`,
  operator: (partyId: string) => `operator:${partyId}`,
} as const;

const ORIGIN_TERM = TERMS.originCountry('');
const FLAG_TERM = TERMS.openFlag('');

/**
 * (e) What the explorer and `GET /v1/lots?…`, `/v1/parties`, `/v1/facilities` find lots, parties
 * and facilities by. Each key's terms are replaced as the lot moves, so a query as of any position
 * sees the terms it held then; a lot's time is when it was made (business time, UTC).
 */
export const searchIndexProjection: Projection = {
  name: 'search-index',
  collections: [],
  relations: [],
  indexes: [LOT_SEARCH, PARTY_SEARCH, FACILITY_SEARCH],
  canHandle: [
    'PartyRegistered',
    'FacilityRegistered',
    'LotExtracted',
    'LotRecovered',
    'LotShipped',
    'LotReceived',
    'LotTransformed',
    'LotRetired',
    'FlagRaised',
    'FlagResolved',
  ],
  // The index names are listed too: the fingerprint test counts only collections and relations as named already.
  dependsOn: {
    asLedgerEvent,
    KNOWN_TYPES,
    streams,
    LOT_SEARCH,
    PARTY_SEARCH,
    FACILITY_SEARCH,
    evolveSearchIndex,
    ledgerEventOf,
    isCanonicalTransformationCopy,
    TERMS,
    ORIGIN_TERM,
    FLAG_TERM,
    updateLot,
    newLotEntry,
    mineralsOf,
    utc,
    replacing,
  },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveSearchIndex(state, event);
    return state;
  },
};

function evolveSearchIndex(state: DocumentState, event: RecordedEvent): void {
  const e = ledgerEventOf(event);
  if (!e) return;
  const at = event.position;
  switch (e.type) {
    case 'PartyRegistered': {
      const d = e.data;
      const terms = [TERMS.ALL, TERMS.country(d.country), ...d.roles.map(TERMS.role)];
      state.index(PARTY_SEARCH, d.partyId, { terms, time: utc(event.occurredAt) }, at);
      return;
    }
    case 'FacilityRegistered': {
      const d = e.data;
      const terms = [TERMS.ALL, TERMS.kind(d.kind), TERMS.country(d.country), TERMS.operator(d.operatorId)];
      state.index(FACILITY_SEARCH, d.facilityId, { terms, time: utc(event.occurredAt) }, at);
      return;
    }
    case 'LotExtracted':
    case 'LotRecovered': {
      const d = e.data;
      const entry = newLotEntry(d.custodianId, d.facilityId, d.composition, [TERMS.originCountry(d.country)], d.grossMassG, event.occurredAt);
      state.index(LOT_SEARCH, d.lotId, entry, at);
      return;
    }
    case 'LotShipped': {
      const d = e.data;
      updateLot(state, d.lotId, at, (terms) => [...replacing(terms, TERMS.status(''), TERMS.status('in-transit')), TERMS.holder(d.toPartyId)]);
      return;
    }
    case 'LotReceived': {
      const d = e.data;
      updateLot(
        state,
        d.lotId,
        at,
        (terms) => [
          ...replacing(replacing(terms, TERMS.status(''), TERMS.status('active')), TERMS.custodian(''), TERMS.custodian(d.receiverId)),
          TERMS.holder(d.receiverId),
          TERMS.facility(d.facilityId),
        ],
        () => d.receivedMassG,
      );
      return;
    }
    case 'LotTransformed': {
      const d = e.data;
      if (!isCanonicalTransformationCopy(event, d)) return;
      const origins = new Set<string>();
      for (const input of d.inputs) {
        const entry = state.indexed(LOT_SEARCH, input.lotId);
        // An input that gave up none of any mineral passes on no origin.
        if (entry && mineralsOf(input.givenUp).length > 0) for (const term of entry.terms) if (term.startsWith(ORIGIN_TERM)) origins.add(term);
        updateLot(
          state,
          input.lotId,
          at,
          (terms, remainingG) => (remainingG - input.consumedMassG <= 0 ? replacing(terms, TERMS.status(''), TERMS.status('consumed')) : terms),
          (remainingG) => Math.max(remainingG - input.consumedMassG, 0),
        );
      }
      for (const output of d.outputs) {
        const entry = newLotEntry(d.custodianId, d.facilityId, output.composition, [...origins], output.grossMassG, event.occurredAt);
        state.index(LOT_SEARCH, output.lotId, entry, at);
      }
      return;
    }
    case 'LotRetired':
      updateLot(state, e.data.lotId, at, (terms) => replacing(terms, TERMS.status(''), TERMS.status('retired')));
      return;
    case 'FlagRaised': {
      const d = e.data;
      if (d.subject.kind !== 'lot') return;
      updateLot(state, d.subject.lotId, at, (terms) => [...terms, TERMS.openFlag(d.flagId), TERMS.FLAGGED]);
      return;
    }
    case 'FlagResolved': {
      const d = e.data;
      if (d.subject.kind !== 'lot') return;
      updateLot(state, d.subject.lotId, at, (terms) => {
        const rest = terms.filter((term) => term !== TERMS.openFlag(d.flagId) && term !== TERMS.FLAGGED);
        return rest.some((term) => term.startsWith(FLAG_TERM)) ? [...rest, TERMS.FLAGGED] : rest;
      });
      return;
    }
    default:
      return;
  }
}

/** A lot's new entry from its current one; `remaining` gives its grams after the event (unchanged by default). */
function updateLot(
  state: DocumentState,
  lotId: string,
  at: RecordedEvent['position'],
  terms: (current: readonly string[], remainingG: number) => readonly string[],
  remaining: (remainingG: number) => number = (g) => g,
): void {
  const entry = state.indexed(LOT_SEARCH, lotId);
  if (!entry) return;
  const remainingG = Number(entry.memo?.remainingG ?? 0);
  state.index(LOT_SEARCH, lotId, { terms: terms(entry.terms, remainingG), time: entry.time, memo: { remainingG: remaining(remainingG) } }, at);
}

function newLotEntry(
  custodianId: string,
  facilityId: string,
  composition: Composition,
  originTerms: readonly string[],
  grossMassG: number,
  occurredAt: string,
): IndexEntry {
  return {
    terms: [
      TERMS.ALL,
      TERMS.status('active'),
      TERMS.custodian(custodianId),
      TERMS.holder(custodianId),
      TERMS.facility(facilityId),
      ...mineralsOf(composition).map(TERMS.mineral),
      ...originTerms,
    ],
    time: utc(occurredAt),
    memo: { remainingG: grossMassG },
  };
}

function mineralsOf(composition: Composition): string[] {
  return Object.keys(composition).filter((mineral) => composition[mineral] > 0);
}

/** Terms with every term of one family (`status:`) replaced by one. */
function replacing(terms: readonly string[], family: string, term: string): string[] {
  return [...terms.filter((t) => !t.startsWith(family)), term];
}

/** Business times are posted with any offset; the index compares them as UTC text (queries bound them the same way). */
export function utc(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString();
}

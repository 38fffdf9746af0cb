import type { Position } from '../event-store/event-store.port';
import { FACILITIES, PARTIES, type FacilityDoc, type LotStatus, type PartyDoc } from '../../projections/custody-graph.projection';
import type { DocumentReader, IndexQuery } from '../../projections/projection';
import { FACILITY_SEARCH, LOT_SEARCH, PARTY_SEARCH, TERMS, utc } from '../../projections/search-index.projection';
import { resolveAsOf, type AsOf } from './as-of';
import type { LotStateView, ProvenanceQueries } from './provenance-queries';
import type { ListPage } from './provenance-views';

/** `GET /v1/lots?…`: every filter given must hold. */
export interface LotSearch {
  idPrefix?: string;
  /** The party holding it now. */
  custodian?: string;
  /** Extracted or recovered, received, or produced there. */
  facility?: string;
  /** Contained when it was made. */
  mineral?: string;
  status?: LotStatus;
  /** Material of it was extracted or recovered in this country. */
  originCountry?: string;
  /** An open flag on the lot itself (true), or none (false). */
  flagged?: boolean;
  /** Made (business time) at or after this RFC 3339 instant… */
  from?: string;
  /** …and before this one. */
  to?: string;
  /** Only lots this party holds, held or was shipped: what an operator may read. */
  readableBy?: string;
}

export interface PartySearch {
  idPrefix?: string;
  role?: string;
  country?: string;
}

export interface FacilitySearch {
  idPrefix?: string;
  kind?: string;
  country?: string;
  operator?: string;
}

/** One page: keys after the cursor, as of a position or instant. */
export interface PageRequest {
  after?: string;
  limit: number;
  asOf?: AsOf;
}

export type { ListPage } from './provenance-views';

export type PartyView = PartyDoc;
export type FacilityView = Omit<FacilityDoc, 'corrections'>;

/**
 * Finding lots, parties and facilities through the search indexes: each page is read at one
 * position, so paging with `next` while the ledger moves neither skips nor repeats a key when the
 * same `asOf` is passed along (the position of the first page).
 */
export class SearchQueries {
  constructor(
    private readonly reader: DocumentReader,
    private readonly provenance: ProvenanceQueries,
  ) {}

  lots(search: LotSearch, page: PageRequest): ListPage<LotStateView> {
    const terms: string[] = [];
    if (search.status) terms.push(TERMS.status(search.status));
    if (search.custodian) terms.push(TERMS.custodian(search.custodian));
    if (search.facility) terms.push(TERMS.facility(search.facility));
    if (search.mineral) terms.push(TERMS.mineral(search.mineral));
    if (search.originCountry) terms.push(TERMS.originCountry(search.originCountry));
    if (search.flagged === true) terms.push(TERMS.FLAGGED);
    if (search.readableBy) terms.push(TERMS.holder(search.readableBy));
    const query: Omit<IndexQuery, 'limit'> = {
      terms,
      ...(search.flagged === false ? { without: [TERMS.FLAGGED] } : {}),
      ...(search.idPrefix ? { keyPrefix: search.idPrefix } : {}),
      ...(search.from ? { from: utc(search.from) } : {}),
      ...(search.to ? { to: utc(search.to) } : {}),
    };
    return this.page(LOT_SEARCH, query, page, (keys, at) => this.provenance.lotStatesAt(keys, at));
  }

  parties(search: PartySearch, page: PageRequest): ListPage<PartyView> {
    const terms = [...(search.role ? [TERMS.role(search.role)] : []), ...(search.country ? [TERMS.country(search.country)] : [])];
    const query = { terms, ...(search.idPrefix ? { keyPrefix: search.idPrefix } : {}) };
    return this.page(PARTY_SEARCH, query, page, (keys, at) => this.documents<PartyDoc>(PARTIES, keys, at));
  }

  facilities(search: FacilitySearch, page: PageRequest): ListPage<FacilityView> {
    const terms = [
      ...(search.kind ? [TERMS.kind(search.kind)] : []),
      ...(search.country ? [TERMS.country(search.country)] : []),
      ...(search.operator ? [TERMS.operator(search.operator)] : []),
    ];
    const query = { terms, ...(search.idPrefix ? { keyPrefix: search.idPrefix } : {}) };
    return this.page(FACILITY_SEARCH, query, page, (keys, at) =>
      this.documents<FacilityDoc>(FACILITIES, keys, at).map(({ corrections: _, ...facility }) => facility),
    );
  }

  /** One more key than asked tells whether there is a next page without a second query. */
  private page<T>(index: string, query: Omit<IndexQuery, 'limit'>, page: PageRequest, items: (keys: string[], at: Position) => T[]): ListPage<T> {
    const at = resolveAsOf(this.reader, page.asOf);
    if (at === null) return { items: [], next: null, position: null };
    const terms = query.terms.length > 0 ? query.terms : [TERMS.ALL];
    const keys = this.reader.findAt(index, { ...query, terms, ...(page.after !== undefined ? { after: page.after } : {}), limit: page.limit + 1 }, at);
    const more = keys.length > page.limit;
    const shown = more ? keys.slice(0, page.limit) : keys;
    return { items: items(shown, at), next: more ? shown[shown.length - 1] : null, position: at.toString() };
  }

  private documents<T>(collection: string, keys: string[], at: Position): T[] {
    const found = this.reader.getManyAt<T>(collection, keys, at);
    return keys.flatMap((key) => (found.has(key) ? [found.get(key)!] : []));
  }
}

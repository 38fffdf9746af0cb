import { LOTS, type LotDoc } from '../../projections/custody-graph.projection';
import { PARTY_LOTS } from '../../projections/downstream.projection';
import { FLAGS, SUBJECT_FLAGS, type FlagRecord } from '../../projections/flags-and-certifications.projection';
import type { DocumentReader } from '../../projections/projection';
import { entryKey, LIST_FLAGS, WATCHLIST_ENTRIES, WATCHLISTS, type WatchlistDoc, type WatchlistEntryDoc } from '../../projections/screening.projection';
import { listingIntervals } from '../domain/watchlist';
import type { Position } from '../event-store/event-store.port';
import { RFC3339, type AsOf } from './as-of';
import { custodyStints } from './custody-stints';
import { lotExposure, type ExposureBasis, type ListedSubject, type MineralExposure } from './exposure';
import { stintSubjects } from './flag-exposure';
import type { ProvenanceQueries } from './provenance-queries';
import { WatchlistNotFoundError } from './provenance.errors';

export interface ExposureOptions {
  /** What the ledger knew: a position or an RFC 3339 instant; default where the read models are. */
  asOf?: AsOf;
  /** Default `event-time`. */
  basis?: ExposureBasis;
  /** The clock's time: the time of the answer unless `asOf` is an instant. */
  now: string;
}

/** `GET /v1/lots/{lotId}/exposure`. */
export interface ExposureView {
  lotId: string;
  listId: string;
  basis: string;
  /** The time of the answer: what `current` means, and where stints still open end. */
  at: string;
  position: string;
  minerals: Record<string, MineralExposure>;
}

/** `GET /v1/exposure?list=&holder=`: the lots a party holds now with exposure above zero. */
export interface HolderExposureView {
  holderId: string;
  listId: string;
  basis: string;
  at: string;
  position: string;
  items: { lotId: string; minerals: Record<string, { exposedShare: number; exposedMassKg: string }> }[];
  /** Pass as `after` for the next page; null when every held lot was looked at. */
  next: string | null;
}

/** Lots looked at per page of a holder's exposure: a bound on one request's work. */
const HOLDER_SCAN = 500;

/**
 * Exposure to a watch list, read from the provenance read models as of one position: the upstream
 * subgraph (custody graph), the flags screening raised from the list (and what people decided of
 * them) and the listing intervals of their entries (screening projection).
 */
export class ExposureQueries {
  constructor(
    private readonly reader: DocumentReader,
    private readonly provenance: ProvenanceQueries,
  ) {}

  lotExposure(lotId: string, listId: string, options: ExposureOptions): ExposureView {
    const { at: position, lot } = this.provenance.lotAsOf(lotId, options.asOf);
    this.requireList(listId, position);
    const at = answerTime(options);
    const basis = options.basis ?? { kind: 'event-time' };
    const upstream = this.provenance.upstreamOf(lotId, lot, position);
    const subjects = new Set<string>();
    for (const each of upstream.lots.values()) {
      const produced = each.producedBy ? upstream.transformations.get(each.producedBy) : undefined;
      for (const stint of custodyStints(each, produced, null)) for (const key of stintSubjects(stint, upstream.operators)) subjects.add(key);
    }
    const listed = this.listedSubjects(listId, position, [...subjects]);
    const minerals = lotExposure({ ...upstream, listed }, lotId, basis, at);
    return { lotId, listId, basis: basisName(basis), at, position: position.toString(), minerals };
  }

  holderExposure(holderId: string, listId: string, options: ExposureOptions & { after?: string; limit?: number }): HolderExposureView {
    const position = this.provenance.positionFor(options.asOf);
    if (position === null) throw new WatchlistNotFoundError(listId);
    this.requireList(listId, position);
    const at = answerTime(options);
    const basis = options.basis ?? { kind: 'event-time' };
    const limit = options.limit ?? 100;
    const listed = this.listedSubjects(listId, position);
    const heldIds = this.reader
      .linkedAt(PARTY_LOTS, holderId, position)
      .filter((lotId) => options.after === undefined || lotId > options.after)
      .sort();
    const page = heldIds.slice(0, HOLDER_SCAN);
    const lots = this.reader.getManyAt<LotDoc>(LOTS, page, position);
    const items: HolderExposureView['items'] = [];
    let last: string | null = null;
    for (const lotId of page) {
      last = lotId;
      const lot = lots.get(lotId);
      if (!lot || lot.custodianId !== holderId || (lot.status !== 'active' && lot.status !== 'in-transit')) continue;
      if (listed.size === 0) continue;
      const minerals = lotExposure({ ...this.provenance.upstreamOf(lotId, lot, position), listed }, lotId, basis, at);
      const exposed = Object.entries(minerals).filter(([, m]) => m.exposedShare > 0);
      if (exposed.length > 0) {
        items.push({ lotId, minerals: Object.fromEntries(exposed.map(([mineral, m]) => [mineral, { exposedShare: m.exposedShare, exposedMassKg: m.exposedMassKg }])) });
      }
      if (items.length >= limit) break;
    }
    const more = last !== null && heldIds.indexOf(last) < heldIds.length - 1;
    return { holderId, listId, basis: basisName(basis), at, position: position.toString(), items, next: more ? last : null };
  }

  private requireList(listId: string, position: Position): WatchlistDoc {
    const list = this.reader.getAt<WatchlistDoc>(WATCHLISTS, listId, position);
    if (!list) throw new WatchlistNotFoundError(listId);
    return list;
  }

  /**
   * The parties and facilities screening matched to the list, as of a position, that count: an
   * identifier match unless a person cleared it, a name-only match once a person confirmed it.
   * Among `subjects` only when given (one lot's subgraph), else all the list's.
   */
  private listedSubjects(listId: string, position: Position, subjects?: string[]): Map<string, ListedSubject[]> {
    const flagIds =
      subjects === undefined ? this.reader.linkedAt(LIST_FLAGS, listId, position) : [...this.reader.linkedManyAt(SUBJECT_FLAGS, subjects, position).values()].flat();
    const flags = [...this.reader.getManyAt<FlagRecord>(FLAGS, flagIds, position).values()].filter(
      (flag) => flag.source?.listId === listId && counts(flag),
    );
    const entries = this.reader.getManyAt<WatchlistEntryDoc>(
      WATCHLIST_ENTRIES,
      flags.map((flag) => entryKey(listId, flag.source!.entryId)),
      position,
    );
    const listed = new Map<string, ListedSubject[]>();
    for (const flag of flags) {
      const entry = entries.get(entryKey(listId, flag.source!.entryId));
      if (!entry) continue;
      const subjectKey = flag.subject.kind === 'party' ? `party:${flag.subject.partyId}` : flag.subject.kind === 'facility' ? `facility:${flag.subject.facilityId}` : null;
      if (subjectKey === null) continue;
      const known = listed.get(subjectKey) ?? [];
      if (known.some((m) => m.entryId === entry.entryId)) continue;
      listed.set(subjectKey, [...known, { subjectKey, entryId: entry.entryId, listings: listingIntervals(entry.changes) }]);
    }
    return listed;
  }
}

/** A screening flag makes its subject the listed entity unless a person decided otherwise. */
function counts(flag: FlagRecord): boolean {
  if (flag.category === 'review') return flag.resolution?.outcome === 'confirmed';
  return flag.resolution?.outcome !== 'cleared';
}

function answerTime(options: ExposureOptions): string {
  return typeof options.asOf === 'string' && RFC3339.test(options.asOf) ? new Date(Date.parse(options.asOf)).toISOString() : options.now;
}

function basisName(basis: ExposureBasis): string {
  return basis.kind === 'date' ? basis.at : basis.kind;
}

/** `event-time`, `current` or an RFC 3339 date; null for anything else. */
export function parseBasis(value: string | undefined): ExposureBasis | null {
  if (value === undefined || value === '' || value === 'event-time') return { kind: 'event-time' };
  if (value === 'current') return { kind: 'current' };
  if (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) return { kind: 'date', at: value };
  return null;
}

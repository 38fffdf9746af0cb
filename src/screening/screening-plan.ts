import { createHash } from 'node:crypto';
import { FLAGS, type FlagRecord } from '../../projections/flags-and-certifications.projection';
import type { DocumentReader } from '../../projections/projection';
import { normaliseName, type NormalisedName } from '../../projections/name-matching';
import { identifierKeys, nameKeys } from '../../projections/screening-keys';
import {
  ENTRY_KEYS,
  LIST_ENTRIES,
  LIST_FLAGS,
  SCREENING_SUBJECTS,
  SUBJECT_KEYS,
  WATCHLIST_ENTRIES,
  WATCHLISTS,
  type ScreeningSubjectDoc,
  type WatchlistDoc,
  type WatchlistEntryDoc,
} from '../../projections/screening.projection';
import { parseInstant } from '../domain/business-time';
import type { RaiseScreeningFlag, ResolveScreeningFlag } from '../domain/commands';
import type { FlagSeverity, ScreeningMatch } from '../domain/events';
import { SCREENING_ACTOR } from '../domain/screening-actor';
import { intervalAt, listingIntervals, type ListingInterval } from '../domain/watchlist';
import type { Position } from '../event-store/event-store.port';
import { matchEntry } from './screening-match';

/** What one screening run decides to write. */
export interface ScreeningPlan {
  raise: RaiseScreeningFlag[];
  resolve: ResolveScreeningFlag[];
  /** Parties and facilities compared with the entries (candidates found by their keys). */
  subjectsScreened: number;
}

export type AmendmentScreening =
  | { kind: 'unknown' }
  | { kind: 'screened' }
  /** Not in force yet: screen it at `dueAt`. */
  | { kind: 'due'; dueAt: string }
  | ({ kind: 'plan' } & ScreeningPlan);

/** An entry in force now, with its list and the listing that holds now. */
interface EntryInForce {
  entry: WatchlistEntryDoc;
  list: WatchlistDoc;
  listing: ListingInterval;
}

/**
 * Screening over the read models (screening projection) as of one position: which flags an
 * amendment or a new party or facility calls for, at the server's "now". The flags' ids follow
 * from what they say (list, entry, listing amendment, subject, kind of match), so planning again
 * after a crash plans the very flags already raised, and the domain refuses them as raised.
 */
export class ScreeningPlanner {
  constructor(private readonly reader: DocumentReader) {}

  /** The flags an amendment calls for: its entries in force now against every party and facility, its delistings. */
  amendment(listId: string, amendmentId: string, at: Position, now: string): AmendmentScreening {
    const list = this.reader.getAt<WatchlistDoc>(WATCHLISTS, listId, at);
    const amendment = list?.amendments.find((a) => a.amendmentId === amendmentId);
    if (!list || !amendment) return { kind: 'unknown' };
    if (amendment.screened) return { kind: 'screened' };
    const nowMs = parseInstant(now, 'now');
    if (parseInstant(amendment.effectiveFrom, 'effectiveFrom') > nowMs) return { kind: 'due', dueAt: amendment.effectiveFrom };
    const entries = [...this.reader.getManyAt<WatchlistEntryDoc>(WATCHLIST_ENTRIES, this.reader.linkedAt(LIST_ENTRIES, listId, at), at).values()];
    const changedBy = (kind: 'add' | 'remove') =>
      entries.filter((entry) => entry.changes.some((c) => c.amendmentId === amendmentId && c.kind === kind));
    const added: EntryInForce[] = changedBy('add').flatMap((entry) => {
      const listing = intervalAt(listingIntervals(entry.changes), nowMs);
      return listing ? [{ entry, list, listing }] : [];
    });
    const candidates = this.candidatesOf(added.map((a) => a.entry), at);
    const normalised = remembered();
    const raise = added.flatMap((inForce) => this.flagsFor(inForce, candidates.get(entryKeyOf(inForce.entry)) ?? [], normalised));
    const delisted = new Set(changedBy('remove').filter((entry) => intervalAt(listingIntervals(entry.changes), nowMs) === null).map((e) => e.entryId));
    const resolve = delisted.size === 0 ? [] : this.openFlagsOf(listId, at, delisted).map((flag) => resolution(flag, amendment.effectiveFrom, amendmentId));
    const screened = new Set([...candidates.values()].flat().map((s) => s.key));
    return { kind: 'plan', raise, resolve, subjectsScreened: screened.size };
  }

  /** The flags a party or facility calls for, newly registered: every entry in force now that names it. */
  subject(subjectKey: string, at: Position, now: string): ScreeningPlan {
    const subject = this.reader.getAt<ScreeningSubjectDoc>(SCREENING_SUBJECTS, subjectKey, at);
    if (!subject) return { raise: [], resolve: [], subjectsScreened: 0 };
    const keys = [...identifierKeys(subject.identifiers).keys(), ...nameKeys([subject.name])];
    const entryKeys = [...new Set([...this.reader.linkedManyAt(ENTRY_KEYS, keys, at).values()].flat())];
    const entries = [...this.reader.getManyAt<WatchlistEntryDoc>(WATCHLIST_ENTRIES, entryKeys, at).values()];
    const lists = this.reader.getManyAt<WatchlistDoc>(WATCHLISTS, [...new Set(entries.map((e) => e.listId))], at);
    const nowMs = parseInstant(now, 'now');
    const raise = entries.flatMap((entry) => {
      const listing = intervalAt(listingIntervals(entry.changes), nowMs);
      const list = lists.get(entry.listId);
      return listing && list ? this.flagsFor({ entry, list, listing }, [subject]) : [];
    });
    return { raise, resolve: [], subjectsScreened: 1 };
  }

  /**
   * Candidates of each entry: the parties and facilities filed under one of its identifier keys,
   * or under one of its name keys that is not too common to tell anything (a word most company
   * names share, "metals" say, gathers thousands); when all its name keys are that common, the
   * least common one.
   */
  private candidatesOf(entries: WatchlistEntryDoc[], at: Position): Map<string, ScreeningSubjectDoc[]> {
    const keysOf = new Map(entries.map((entry) => [entryKeyOf(entry), entryKeys(entry)]));
    const filed = this.reader.linkedManyAt(SUBJECT_KEYS, [...new Set([...keysOf.values()].flat())], at);
    const count = (key: string) => filed.get(key)?.length ?? 0;
    const chosen = new Map<string, string[]>();
    for (const [entryKey, keys] of keysOf) {
      const names = keys.filter((key) => !isIdentifierKey(key) && count(key) > 0);
      const telling = names.filter((key) => count(key) <= COMMON_NAME_KEY);
      const least = names.length > 0 && telling.length === 0 ? [names.reduce((a, b) => (count(a) <= count(b) ? a : b))] : [];
      chosen.set(entryKey, [...keys.filter(isIdentifierKey), ...telling, ...least]);
    }
    const wanted = new Set([...chosen.values()].flat().flatMap((key) => filed.get(key) ?? []));
    const subjects = this.reader.getManyAt<ScreeningSubjectDoc>(SCREENING_SUBJECTS, [...wanted], at);
    const candidates = new Map<string, ScreeningSubjectDoc[]>();
    for (const [entryKey, keys] of chosen) {
      const found = new Set(keys.flatMap((key) => filed.get(key) ?? []));
      candidates.set(entryKey, [...found].sort().flatMap((key) => subjects.get(key) ?? []));
    }
    return candidates;
  }

  private flagsFor({ entry, list, listing }: EntryInForce, subjects: ScreeningSubjectDoc[], normalised = remembered()): RaiseScreeningFlag[] {
    return subjects.flatMap((subject) => {
      const match = matchEntry(entry, subject, normalised);
      if (!match) return [];
      const byIdentifier = match.by === 'identifier';
      const source = { listId: entry.listId, entryId: entry.entryId, amendmentId: listing.amendmentId };
      return [
        {
          type: 'RaiseScreeningFlag' as const,
          actor: SCREENING_ACTOR,
          subject: subject.kind === 'party' ? { kind: 'party' as const, partyId: subject.id } : { kind: 'facility' as const, facilityId: subject.id },
          flagId: screeningFlagId(source.listId, source.entryId, source.amendmentId, subject.key, match.by),
          category: byIdentifier ? list.category : 'review',
          severity: byIdentifier ? severityOf(list.category) : 'medium',
          description: describe(list, entry, match),
          source,
          match,
          // The business time of the finding: the listing that holds now took effect then.
          occurredAt: listing.from,
        },
      ];
    });
  }

  private openFlagsOf(listId: string, at: Position, entryIds: ReadonlySet<string>): FlagRecord[] {
    const flags = this.reader.getManyAt<FlagRecord>(FLAGS, this.reader.linkedAt(LIST_FLAGS, listId, at), at);
    return [...flags.values()].filter((flag) => flag.resolution === null && flag.source !== null && entryIds.has(flag.source.entryId));
  }
}

/** A screening flag's id, from what it says: the same finding always gets the same id. */
export function screeningFlagId(listId: string, entryId: string, amendmentId: string, subjectKey: string, by: ScreeningMatch['by']): string {
  const digest = createHash('sha256').update([listId, entryId, amendmentId, subjectKey, by].join('\n')).digest('hex');
  return `scr-${digest.slice(0, 24)}`;
}

function resolution(flag: FlagRecord, effectiveFrom: string, amendmentId: string): ResolveScreeningFlag {
  const subject = flag.subject as ResolveScreeningFlag['subject'];
  return {
    type: 'ResolveScreeningFlag',
    actor: SCREENING_ACTOR,
    subject,
    flagId: flag.flagId,
    note: `Delisted by amendment ${amendmentId} of ${flag.source!.listId} from ${effectiveFrom}.`,
    occurredAt: later(effectiveFrom, flag.raisedAt),
  };
}

/** Name normalisation remembered for one run: each name is compared with many. */
function remembered(): (name: string) => NormalisedName {
  const known = new Map<string, NormalisedName>();
  return (name) => {
    let value = known.get(name);
    if (!value) known.set(name, (value = normaliseName(name)));
    return value;
  };
}

/** A name key filed under more subjects than this is too common to gather candidates by, when the entry has a rarer one. */
const COMMON_NAME_KEY = 250;

function isIdentifierKey(key: string): boolean {
  return !key.startsWith('tok:') && !key.startsWith('pre:');
}

function entryKeyOf(entry: WatchlistEntryDoc): string {
  return `${entry.listId}/${entry.entryId}`;
}

function entryKeys(entry: WatchlistEntryDoc): string[] {
  return [...identifierKeys(entry.identifiers).keys(), ...nameKeys([...(entry.name !== null ? [entry.name] : []), ...entry.aliases])];
}

function severityOf(category: WatchlistDoc['category']): FlagSeverity {
  return category === 'forced-labor' || category === 'sanctions' ? 'high' : 'medium';
}

function describe(list: WatchlistDoc, entry: WatchlistEntryDoc, match: ScreeningMatch): string {
  const listed = `${list.name} (${list.authority}), entry ${entry.entryId}${entry.name ? ` "${entry.name}"` : ''}`;
  return match.by === 'identifier'
    ? `Listed on ${listed}: its ${match.identifier} ${match.value} is this one's.`
    : `Possibly listed on ${listed}: "${match.name}" resembles "${match.listedName}" (name similarity ${match.similarity}). Confirm or clear this flag.`;
}

function later(a: string, b: string): string {
  return parseInstant(a, 'a') >= parseInstant(b, 'b') ? a : b;
}

import type { LedgerEventType } from '../src/domain/events';
import type { Position, RecordedEvent } from '../src/event-store/event-store.port';

/**
 * A projection is a pure fold over the global log: `initialState()` and `evolve(state, event)`.
 * Provenance projections fold into `DocumentState`, a versioned keyed store, so the very same
 * `evolve` runs into memory (tests, offline verifier) or into SQLite inside the runner's
 * transaction; the definition itself never touches a database.
 */
export interface Projection<S = DocumentState> {
  readonly name: string;
  /** Document collections this projection writes (one read-model table each). */
  readonly collections: readonly string[];
  /** Link relations this projection writes (one edge table each). */
  readonly relations: readonly string[];
  /** Search indexes this projection writes (one table of terms each; see `DocumentState.index`). */
  readonly indexes?: readonly string[];
  /**
   * The event types `evolve` does something with (as Emmett's `canHandle`): no other event
   * reaches it, so it must ignore every type it does not list.
   */
  readonly canHandle: readonly LedgerEventType[];
  /**
   * Everything `evolve` reaches that is declared outside it, by name: module-level functions,
   * classes and constants, here or imported (constants naming a collection or relation are in the
   * definition already). With the fields above they make the definition the projection's
   * fingerprint is taken from (`projection-fingerprint.ts`); `projection-fingerprint.spec.ts`
   * works the list out from the sources and fails naming what is missing or extra.
   */
  readonly dependsOn: Readonly<Record<string, unknown>>;
  initialState(): S;
  evolve(state: S, event: RecordedEvent): S;
}

/**
 * What a projection may read and write while folding. Every write is stamped with the position
 * of the event that caused it, so history is kept and any past position can be asked.
 */
export interface DocumentState {
  /**
   * Latest version of a document, including writes of the current fold. Documents are values:
   * never mutate what `get` returns or what was given to `put` (build a new one instead).
   */
  get<T>(collection: string, key: string): T | undefined;
  /** A new version of a document, valid from `at` (a second put at the same position replaces it). */
  put<T>(collection: string, key: string, doc: T, at: Position): void;
  /** An edge `source → target` that exists from `at` on; the first time it is linked wins. */
  link(relation: string, source: string, target: string, at: Position): void;
  /**
   * What `key` is found by in a search index from `at` on, replacing what it was found by until
   * then: a term it gains starts to match at `at`, a term it loses stops matching there.
   */
  index(index: string, key: string, entry: IndexEntry, at: Position): void;
  /** What `key` is found by now in a search index, writes of the current fold included. */
  indexed(index: string, key: string): IndexEntry | undefined;
}

/** What a key is found by in a search index. */
export interface IndexEntry {
  /** Exact terms (`status:active`, `mineral:nickel` …): a query matches keys holding all of its terms. */
  terms: readonly string[];
  /** An RFC 3339 instant a query may bound (`from`, `to`); compared as text, so always UTC with the same precision. */
  time: string;
  /**
   * What the fold keeps about the key for its next step (a lot's remaining grams): neither
   * searched nor kept for past positions, only handed back by `indexed`.
   */
  memo?: Readonly<Record<string, string | number | boolean>>;
}

/** Keys of a search index, in key order: those holding every term, within the bounds. */
export interface IndexQuery {
  /** At least one term. */
  terms: readonly string[];
  /** Terms the keys must not hold. */
  without?: readonly string[];
  /** Only keys starting with this. */
  keyPrefix?: string;
  /** Only keys whose time is at or after this instant… */
  from?: string;
  /** …and before this one. */
  to?: string;
  /** Only keys after this one (the cursor of the previous page). */
  after?: string;
  limit: number;
}

/** A node reached by following a relation, with the number of hops it took. */
export interface Reached {
  key: string;
  depth: number;
}

/** The query side of the read models: every read is as of a position. */
export interface DocumentReader {
  /** Position of the last event folded in, or null before the first. */
  lastPosition(): Position | null;
  /** The last position recorded at or before an instant (RFC 3339), or null when none was. */
  positionAt(instant: string): Position | null;
  getAt<T>(collection: string, key: string, asOf: Position): T | undefined;
  getManyAt<T>(collection: string, keys: readonly string[], asOf: Position): Map<string, T>;
  /** Targets of `source` in a relation, as of a position. */
  linkedAt(relation: string, source: string, asOf: Position): string[];
  /** Targets of many sources at once (sources without targets are absent from the map). */
  linkedManyAt(relation: string, sources: readonly string[], asOf: Position): Map<string, string[]>;
  /**
   * Every node reachable from `sources` through a relation (the sources excluded unless reached
   * again), with its smallest depth, stopping after `maxDepth` hops when given.
   */
  reachableAt(relation: string, sources: readonly string[], asOf: Position, maxDepth?: number): Reached[];
  /** Keys of a search index matching a query as of a position, in key order, at most `query.limit`. */
  findAt(index: string, query: IndexQuery, asOf: Position): string[];
}

/** Times of the log, kept beside the documents so `asOf` may be an instant. */
export interface EventClock {
  recordEventTime(position: Position, recordedAt: string): void;
}

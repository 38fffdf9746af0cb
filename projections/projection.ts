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
}

/** Times of the log, kept beside the documents so `asOf` may be an instant. */
export interface EventClock {
  recordEventTime(position: Position, recordedAt: string): void;
}

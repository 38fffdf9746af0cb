/**
 * The one port every event store implements (embedded SQLite, KurrentDB). The domain never sees
 * it; command handlers use it to load streams and append decisions; projections follow its
 * global log. `test/event-store/event-store.contract.ts` is its executable specification.
 */

/** Position in the global log. Strictly increasing in log order; reported as a decimal string. */
export type Position = bigint;

/** 0-based revision of the last event in a stream. */
export type StreamRevision = number;

export type ExpectedRevision = 'no-stream' | 'any' | StreamRevision;

export interface EventMetadata {
  /** Business time from the poster (RFC 3339). */
  occurredAt: string;
  /** The party on whose authority the event was recorded. */
  actorPartyId: string;
  /** The Idempotency-Key of the command that produced the event, when it had one. */
  idempotencyKey?: string | null;
  schemaVersion: number;
}

export interface NewEvent {
  /** UUID chosen by the writer; an id already in the store is never stored twice. */
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface StreamWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
}

export interface AppendOptions {
  /**
   * Command-level idempotency. When a write with the same key was already stored, nothing new is
   * stored: if `requestHash` matches, the earlier result is returned with `replayed: true`; if it
   * differs, `IdempotencyKeyReusedError` is thrown. Keys are opaque; callers scope them (party).
   */
  idempotencyKey?: string;
  requestHash?: string;
  /**
   * Several keys claimed by one append, each for a part of its events (one EPCIS event of a
   * document). They are stored with the events atomically, all or none: when any of them is
   * already stored, nothing is stored and `IdempotencyKeysStoredError` names every such key, so
   * the caller can leave those parts out and try again. Each key keeps its own result (its events'
   * ids, the position of its last event, the revisions its events reached), which
   * `findIdempotentResult` returns. Not combined with `idempotencyKey`.
   */
  idempotencyClaims?: readonly IdempotencyClaim[];
}

/** A key claimed for part of an append: the ids of the events it stands for. */
export interface IdempotencyClaim {
  key: string;
  /** Digest of what the key stands for, kept with it (the caller compares it on a resend). */
  requestHash: string;
  /** Ids of events of this append; every id belongs to one claim at most. */
  eventIds: readonly string[];
}

export interface AppendResult {
  /** Ids of the stored events, in the order they were given. */
  eventIds: string[];
  /** Global position of the last event written. */
  position: Position;
  /** Revision of each written stream after the append. */
  revisions: Record<string, StreamRevision>;
  /** True when nothing was written because the same idempotent write was stored before. */
  replayed: boolean;
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: StreamRevision;
  position: Position;
  /** Server clock at commit (RFC 3339, UTC, millisecond precision). */
  recordedAt: string;
  occurredAt: string;
  actorPartyId: string;
  idempotencyKey: string | null;
  schemaVersion: number;
  data: Record<string, unknown>;
  /** Lowercase hex SHA-256 of the RFC 8785 canonical JSON of `data`. */
  payloadSha256: string;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive), default 0. */
  fromRevision?: StreamRevision;
  /** Most events to return, default all. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; default from the beginning. */
  after?: Position | null;
  /** Most events to return; default 1000. */
  limit?: number;
}

/** What a live subscription hands its consumer, in global order. */
export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'caught-up'; position: Position | null };

export interface Subscription {
  /** Stop delivering; resolves once the subscription is closed. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; null = from the beginning. */
  after: Position | null;
  /**
   * Called for every message, awaited before the next one is delivered (back-pressure).
   * A throw ends the subscription and is passed to `onError`.
   */
  onMessage: (message: SubscriptionMessage) => Promise<void> | void;
  /** The subscription ended abnormally (connection lost, handler threw). */
  onError?: (error: Error) => void;
}

export interface EventStore {
  /** Human name of the engine, for /health and logs ("sqlite", "kurrentdb"). */
  readonly engine: string;

  /**
   * Append to one or more streams atomically: every write is checked against its own expected
   * revision, and either all events are stored, in the given order, or none is.
   * Throws `WrongExpectedRevisionError` on a revision mismatch, `IdempotencyKeyReusedError`
   * on a key reused with another request hash.
   */
  append(writes: StreamWrite[], options?: AppendOptions): Promise<AppendResult>;

  /** Events of one stream in revision order; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Revision of the last event of a stream, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<StreamRevision | null>;

  /** A page of the global log in order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the last event in the global log, or null when the log is empty. */
  headPosition(): Promise<Position | null>;

  /** Follow the global log from a position: history first, then a caught-up marker, then live. */
  subscribeToAll(options: SubscribeOptions): Subscription;

  /** The earlier result of an idempotent write, or null when the key was never stored. */
  findIdempotentResult(idempotencyKey: string): Promise<{ requestHash: string; result: AppendResult } | null>;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  IdempotencyKeysStoredError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  IdempotencyClaim,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamRevision,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { payloadSha256 } from '../payload-hash';
import { CommitSignal } from './commit-signal';
import { LogSubscription } from './log-subscription';
import { type SqliteEventRow, toRecordedEvents } from './sqlite-event-row';
import { SQLITE_QUERIES } from './sqlite-queries';
import { ensureSqliteSchema } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created when missing). */
  file: string;
  /** FULL (default) makes every acknowledged append survive power loss; NORMAL only a crash. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process holding the write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** How often live subscriptions look for commits made by other processes. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Page cache of this connection, in MiB. Default 64. */
  cacheMiB?: number;
}

/** Counters for benchmarks and tests: group commit is only real if transactions < appends. */
export interface SqliteEventStoreStats {
  /** Write transactions committed (one per group-commit batch). */
  transactionsCommitted: number;
  /** Appends that stored events. */
  appendsStored: number;
  /** Appends answered from an earlier identical write (idempotency key or event ids). */
  appendsReplayed: number;
  /** Appends rejected inside a batch (revision conflict, reused key, duplicate ids). */
  appendsRejected: number;
  /** Most appends ever committed in one transaction. */
  largestBatch: number;
}

interface PreparedEvent {
  eventId: string;
  type: string;
  data: string;
  occurredAt: string;
  actorPartyId: string;
  idempotencyKey: string | null;
  schemaVersion: number;
  payloadSha256: string;
}

interface PreparedWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: PreparedEvent[];
}

interface PendingAppend {
  writes: PreparedWrite[];
  eventIds: string[];
  idempotencyKey: string | undefined;
  requestHash: string;
  claims: readonly IdempotencyClaim[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface StoredResultJson {
  eventIds: string[];
  position: string;
  revisions: Record<string, StreamRevision>;
}

const READ_ALL_DEFAULT_LIMIT = 1000;
const SUBSCRIPTION_PAGE_SIZE = 500;

/**
 * The embedded event store: one SQLite file in WAL mode, written through one connection.
 *
 * Appends are group-committed: every append that arrives while the event loop is busy joins the
 * next batch, the batch is one `BEGIN IMMEDIATE` transaction, and each append runs in its own
 * savepoint so a conflicting append is rolled back and rejected alone. Promises settle only after
 * COMMIT returned, so with `synchronous=FULL` an acknowledged append is on disk.
 */
export class SqliteEventStore implements EventStore {
  readonly engine = 'sqlite';
  readonly file: string;
  readonly commits = new CommitSignal();
  readonly pollIntervalMs: number;
  readonly pageSize = SUBSCRIPTION_PAGE_SIZE;

  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private lastRecordedAt = { ms: Number.NaN, iso: '' };
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly subscriptions = new Set<LogSubscription>();
  private readonly counters: SqliteEventStoreStats = {
    transactionsCommitted: 0,
    appendsStored: 0,
    appendsReplayed: 0,
    appendsRejected: 0,
    largestBatch: 0,
  };

  private readonly sql: {
    streamRevision: Database.Statement<[string], number | null>;
    insertEvent: Database.Statement;
    storedEvent: Database.Statement<[string], { position: bigint; stream_id: string; stream_revision: bigint }>;
    idempotencyGet: Database.Statement<[string], { request_hash: string; result: string }>;
    idempotencyPut: Database.Statement<[string, string, string]>;
    readStream: Database.Statement<[string, number, number], SqliteEventRow>;
    readAll: Database.Statement<[bigint, number], SqliteEventRow>;
    head: Database.Statement<[], bigint | null>;
  };

  private readonly commitBatch: Database.Transaction<(batch: PendingAppend[], recordedAt: string) => Outcome[]>;
  private readonly appendInSavepoint: Database.Transaction<(append: PendingAppend, recordedAt: string) => AppendResult>;

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    try {
      this.db = new Database(options.file);
    } catch (error) {
      throw new EventStoreUnavailableError(`cannot open SQLite event store at ${options.file}`, error);
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      // Every command reads its streams through the (stream_id, stream_revision) index, whose pages
      // are spread by random ids: SQLite's 2 MiB default cache misses once the log passes a few MB.
      this.db.pragma(`cache_size = -${Math.round((options.cacheMiB ?? 64) * 1024)}`);
      ensureSqliteSchema(this.db);
    } catch (error) {
      this.db.close();
      throw error instanceof EventStoreUnavailableError
        ? error
        : new EventStoreUnavailableError(`cannot prepare SQLite event store at ${options.file}`, error);
    }

    const q = SQLITE_QUERIES;
    this.sql = {
      streamRevision: this.db.prepare<[string], number | null>(q.streamRevision).pluck(),
      insertEvent: this.db.prepare(q.insertEvent).safeIntegers(true),
      storedEvent: this.db
        .prepare<[string], { position: bigint; stream_id: string; stream_revision: bigint }>(q.storedEvent)
        .safeIntegers(true),
      idempotencyGet: this.db.prepare<[string], { request_hash: string; result: string }>(q.idempotencyGet),
      idempotencyPut: this.db.prepare<[string, string, string]>(q.idempotencyPut),
      readStream: this.db.prepare<[string, number, number], SqliteEventRow>(q.readStream).safeIntegers(true).raw(true),
      readAll: this.db.prepare<[bigint, number], SqliteEventRow>(q.readAll).safeIntegers(true).raw(true),
      head: this.db.prepare<[], bigint | null>(q.head).pluck().safeIntegers(true),
    };

    // Nested better-sqlite3 transactions run as SAVEPOINT / RELEASE / ROLLBACK TO.
    this.appendInSavepoint = this.db.transaction((append: PendingAppend, recordedAt: string) =>
      this.writeAppend(append, recordedAt),
    );
    this.commitBatch = this.db.transaction((batch: PendingAppend[], recordedAt: string) =>
      batch.map((append) => {
        try {
          return { ok: true, result: this.appendOne(append, recordedAt) } as Outcome;
        } catch (error) {
          // The whole batch rolls back and every append in it is rejected.
          if (error instanceof BatchAbort) throw error.cause;
          return { ok: false, error } as Outcome;
        }
      }),
    );
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  append(writes: StreamWrite[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('event store is closed'));
    // Bad input throws inside the executor, which rejects the promise; nothing is queued.
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push(prepareAppend(writes, options, resolve, reject));
      this.scheduleFlush();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const fromRevision = options.fromRevision ?? 0;
    const limit = options.limit ?? -1;
    assertCount('fromRevision', fromRevision);
    if (options.limit !== undefined) assertCount('limit', options.limit);
    return toRecordedEvents(this.sql.readStream.all(streamId, fromRevision, limit));
  }

  async streamRevision(streamId: string): Promise<StreamRevision | null> {
    this.assertOpen();
    return this.sql.streamRevision.get(streamId) ?? null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.limit ?? READ_ALL_DEFAULT_LIMIT;
    assertCount('limit', limit);
    return toRecordedEvents(this.sql.readAll.all(options.after ?? 0n, limit));
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return this.sql.head.get() ?? null;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new LogSubscription(this, options);
    this.subscriptions.add(subscription);
    void subscription.finished.finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async findIdempotentResult(
    idempotencyKey: string,
  ): Promise<{ requestHash: string; result: AppendResult } | null> {
    this.assertOpen();
    const row = this.sql.idempotencyGet.get(idempotencyKey);
    return row ? { requestHash: row.request_hash, result: parseStoredResult(row.result, false) } : null;
  }

  /** Commits what is queued, stops subscriptions, then closes the file. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.flush();
    this.closed = true;
    this.closing = Promise.all([...this.subscriptions].map((subscription) => subscription.close())).then(() => {
      this.db.close();
    });
    return this.closing;
  }

  /** What the connection really runs with, read back from SQLite (for /health and tests). */
  connectionSettings(): { journalMode: string; synchronous: string } {
    this.assertOpen();
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][synchronous] ?? String(synchronous),
    };
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /** The batch's record time; formatted once per millisecond, not once per transaction. */
  private recordedAt(): string {
    const now = Date.now();
    if (now !== this.lastRecordedAt.ms) this.lastRecordedAt = { ms: now, iso: new Date(now).toISOString() };
    return this.lastRecordedAt.iso;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs after the promise continuations of the batch just settled, so writers
    // that append again straight away land in the next batch together.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch.immediate(batch, this.recordedAt());
    } catch (error) {
      const failure = new EventStoreUnavailableError('SQLite event store could not commit', error);
      for (const append of batch) append.reject(failure);
      return;
    }
    this.counters.transactionsCommitted++;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) {
        if (outcome.result.replayed) this.counters.appendsReplayed++;
        else this.counters.appendsStored++;
        batch[index].resolve(outcome.result);
      } else {
        this.counters.appendsRejected++;
        batch[index].reject(outcome.error);
      }
    });
    this.commits.notify();
  }

  /** One append inside the batch transaction; throws to reject this append only. */
  private appendOne(append: PendingAppend, recordedAt: string): AppendResult {
    if (append.idempotencyKey !== undefined) {
      const earlier = this.sql.idempotencyGet.get(append.idempotencyKey);
      if (earlier) {
        if (earlier.request_hash !== append.requestHash) throw new IdempotencyKeyReusedError(append.idempotencyKey);
        return parseStoredResult(earlier.result, true);
      }
    }
    if (append.claims.length > 0) {
      const stored = append.claims.filter((claim) => this.sql.idempotencyGet.get(claim.key) !== undefined).map((claim) => claim.key);
      if (stored.length > 0) throw new IdempotencyKeysStoredError(stored);
    }
    try {
      // A savepoint costs two extra statements. An append that inserts a single row needs none:
      // SQLite already undoes a failing statement on its own, and nothing else was written yet.
      // Its idempotency record comes after the row; the key was looked up in this same
      // transaction, so only a storage failure can stop it, and that aborts the whole batch.
      const singleRow = append.eventIds.length === 1 && append.claims.length === 0;
      return singleRow ? this.writeAppend(append, recordedAt) : this.appendInSavepoint(append, recordedAt);
    } catch (error) {
      // A retry of a stored append fails its revision check or the event-id index; only then is it
      // worth looking the ids up, which keeps the common path to one index probe per stream.
      if (error instanceof WrongExpectedRevisionError || isUniqueViolation(error)) {
        const replay = this.replayFromStoredEvents(append);
        if (replay) return replay;
      }
      throw error;
    }
  }

  private writeAppend(append: PendingAppend, recordedAt: string): AppendResult {
    const revisions: Record<string, StreamRevision> = {};
    let position: bigint = 0n;
    // Where each event landed, only when claims need their own results.
    const placed = append.claims.length > 0 ? new Map<string, { streamId: string; revision: number; position: bigint }>() : null;
    for (const write of append.writes) {
      const current = this.sql.streamRevision.get(write.streamId) ?? null;
      if (!revisionMatches(write.expectedRevision, current)) {
        throw new WrongExpectedRevisionError(write.streamId, write.expectedRevision, current);
      }
      let revision = current ?? -1;
      for (const event of write.events) {
        revision++;
        const info = this.sql.insertEvent.run(
          event.eventId,
          write.streamId,
          revision,
          event.type,
          event.data,
          event.occurredAt,
          event.actorPartyId,
          event.idempotencyKey,
          event.schemaVersion,
          event.payloadSha256,
          recordedAt,
        );
        position = BigInt(info.lastInsertRowid);
        placed?.set(event.eventId, { streamId: write.streamId, revision, position });
      }
      revisions[write.streamId] = revision;
    }
    const result: AppendResult = { eventIds: append.eventIds, position, revisions, replayed: false };
    if (append.idempotencyKey !== undefined) {
      try {
        this.sql.idempotencyPut.run(append.idempotencyKey, append.requestHash, storedResultJson(result));
      } catch (error) {
        // Never keep the events of an append whose key could not be kept with them.
        throw new BatchAbort(error);
      }
    }
    if (placed) {
      // Inside the append's savepoint: a claim that cannot be kept undoes the append's rows.
      for (const claim of append.claims) this.sql.idempotencyPut.run(claim.key, claim.requestHash, storedResultJson(claimResult(claim, placed)));
    }
    return result;
  }

  /**
   * The earlier result when every event id of the append is already stored on the stream it names;
   * null when none is; DuplicateEventIdError when only some are (not a clean retry).
   */
  private replayFromStoredEvents(append: PendingAppend): AppendResult | null {
    let stored = 0;
    let firstStoredId: string | null = null;
    let misplacedId: string | null = null;
    let position = 0n;
    const revisions: Record<string, StreamRevision> = {};
    for (const write of append.writes) {
      for (const event of write.events) {
        const row = this.sql.storedEvent.get(event.eventId);
        if (!row) continue;
        stored++;
        firstStoredId ??= event.eventId;
        if (row.stream_id !== write.streamId) misplacedId ??= event.eventId;
        if (row.position > position) position = row.position;
        const revision = Number(row.stream_revision);
        revisions[write.streamId] = Math.max(revisions[write.streamId] ?? -1, revision);
      }
    }
    if (stored === 0) return null;
    if (stored < append.eventIds.length) throw new DuplicateEventIdError(firstStoredId as string);
    if (misplacedId !== null) throw new DuplicateEventIdError(misplacedId);
    return { eventIds: append.eventIds, position, revisions, replayed: true };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('event store is closed');
  }
}

/** A failure after an append's rows were written without a savepoint: only rolling back the batch undoes it. */
class BatchAbort extends Error {
  constructor(override readonly cause: unknown) {
    super('append batch aborted');
  }
}

/** Opens (creating when missing) `<dataDir>/ledger.sqlite`. */
export function openSqliteEventStore(
  dataDir: string,
  options: Omit<SqliteEventStoreOptions, 'file'> = {},
): SqliteEventStore {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteEventStore({ ...options, file: join(dataDir, 'ledger.sqlite') });
}

/** Validates and serialises outside the write transaction, so the batch holds the lock briefly. */
function prepareAppend(
  writes: StreamWrite[],
  options: AppendOptions,
  resolve: PendingAppend['resolve'],
  reject: PendingAppend['reject'],
): PendingAppend {
  if (!Array.isArray(writes) || writes.length === 0) throw new TypeError('append needs at least one stream write');
  const eventIds: string[] = [];
  const seen = new Set<string>();
  const prepared = writes.map((write): PreparedWrite => {
    assertExpectedRevision(write.streamId, write.expectedRevision);
    if (typeof write.streamId !== 'string' || write.streamId.length === 0) {
      throw new TypeError('stream id must be a non-empty string');
    }
    if (!Array.isArray(write.events) || write.events.length === 0) {
      throw new TypeError(`write to ${write.streamId} has no events`);
    }
    return {
      streamId: write.streamId,
      expectedRevision: write.expectedRevision,
      events: write.events.map((event) => {
        if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
        seen.add(event.eventId);
        eventIds.push(event.eventId);
        return {
          eventId: event.eventId,
          type: event.type,
          data: JSON.stringify(event.data),
          occurredAt: event.metadata.occurredAt,
          actorPartyId: event.metadata.actorPartyId,
          idempotencyKey: event.metadata.idempotencyKey ?? null,
          schemaVersion: event.metadata.schemaVersion,
          payloadSha256: payloadSha256(event.data),
        };
      }),
    };
  });
  const claims = options.idempotencyClaims ?? [];
  if (claims.length > 0 && options.idempotencyKey !== undefined) {
    throw new TypeError('an append takes either one idempotencyKey or idempotencyClaims, not both');
  }
  const claimed = new Set<string>();
  const keys = new Set<string>();
  for (const claim of claims) {
    if (keys.has(claim.key)) throw new TypeError(`idempotency key ${claim.key} is claimed twice in one append`);
    keys.add(claim.key);
    if (claim.eventIds.length === 0) throw new TypeError(`idempotency key ${claim.key} claims no event`);
    for (const id of claim.eventIds) {
      if (!seen.has(id) || claimed.has(id)) throw new TypeError(`idempotency key ${claim.key} claims event ${id}, which is not an unclaimed event of this append`);
      claimed.add(id);
    }
  }
  return {
    writes: prepared,
    eventIds,
    idempotencyKey: options.idempotencyKey,
    requestHash: options.requestHash ?? '',
    claims,
    resolve,
    reject,
  };
}

/** The result a claimed key keeps: its own events, the position of the last of them, the revisions they reached. */
function claimResult(
  claim: IdempotencyClaim,
  placed: ReadonlyMap<string, { streamId: string; revision: number; position: bigint }>,
): AppendResult {
  const revisions: Record<string, StreamRevision> = {};
  let position = 0n;
  for (const id of claim.eventIds) {
    const where = placed.get(id)!;
    revisions[where.streamId] = Math.max(revisions[where.streamId] ?? -1, where.revision);
    if (where.position > position) position = where.position;
  }
  return { eventIds: [...claim.eventIds], position, revisions, replayed: false };
}

function revisionMatches(expected: ExpectedRevision, current: StreamRevision | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return current === null;
  return current === expected;
}

function assertExpectedRevision(streamId: string, expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no-stream') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError(`expected revision of ${streamId} must be 'any', 'no-stream' or a revision number`);
  }
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
}

/**
 * By code, not by class: better-sqlite3's native addon keeps the SqliteError class of the first
 * copy of the module loaded in the process, so `instanceof` fails wherever a second copy is loaded
 * (jest gives every test file its own module registry in one worker process).
 */
function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function storedResultJson(result: AppendResult): string {
  const json: StoredResultJson = {
    eventIds: result.eventIds,
    position: result.position.toString(),
    revisions: result.revisions,
  };
  return JSON.stringify(json);
}

function parseStoredResult(text: string, replayed: boolean): AppendResult {
  const json = JSON.parse(text) as StoredResultJson;
  return { eventIds: json.eventIds, position: BigInt(json.position), revisions: json.revisions, replayed };
}

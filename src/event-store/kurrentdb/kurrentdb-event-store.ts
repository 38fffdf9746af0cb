import { createHash } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  convertToCommandError,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type { AppendStreamRequest, AppendStreamState, EventData, Filter, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import {
  AppendRefusedError,
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
  NewEvent,
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
import { ConnectionWatch, defaultStoreLogger, reasonOf, redactedUrl, type StoreLogger } from './kurrentdb-connection-watch';
import { notLeaderAnswer, reconnectToLeader } from './kurrentdb-leader';
import { fromKurrentStreamName, toKurrentStreamName } from './kurrentdb-stream-name';
import { KurrentDbSubscription } from './kurrentdb-subscription';

/**
 * Bookkeeping records live in streams of their own, with event types under their own prefix.
 * They make idempotency and event-id uniqueness part of the same atomic multi-stream append as the
 * events. Their stream names start with `_ledger-store-`, which no ledger stream can (the stream
 * name mapping writes `_` only as `_` plus two upper-case hex digits), so the global log filters
 * them out by name on the server, together with system (`$`) streams.
 */
const BOOKKEEPING_TYPE_PREFIX = 'ledger-store.';
const IDEMPOTENCY_KEY_TYPE = `${BOOKKEEPING_TYPE_PREFIX}idempotency-key`;
const EVENT_ID_TYPE = `${BOOKKEEPING_TYPE_PREFIX}event-id`;
const BOOKKEEPING_STREAM_PREFIX = '_ledger-store-';
const idempotencyStream = (key: string) => `${BOOKKEEPING_STREAM_PREFIX}key-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
const eventIdStream = (eventId: string) => `${BOOKKEEPING_STREAM_PREFIX}event-${eventId}`;
/** What the global log shows: no system stream, no bookkeeping stream (checked on the server). */
const LOG_STREAMS = `^(?!\\$|${BOOKKEEPING_STREAM_PREFIX})`;
/** KurrentDB stores event ids as GUIDs and gives them back in lower case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface KurrentDbEventStoreOptions {
  /** How long a subscription keeps trying to resubscribe after its connection broke. */
  resubscribeGiveUpAfterMs?: number;
  /**
   * How many times to try reaching the server before `connect` gives up (default 1). The service
   * asks for several, so a ledger started just before its KurrentDB waits for it.
   */
  connectAttempts?: number;
  /** Pause before the first retry of `connect`; it doubles up to 8 s. Default 1 s. */
  connectRetryDelayMs?: number;
  /** Where start-up retries and connection losses are reported. Default: the Nest logger. */
  logger?: StoreLogger;
}

interface IdempotencyRecord {
  idempotencyKey: string;
  requestHash: string;
  writes: Array<{ streamId: string; eventIds: string[] }>;
}

/** The store port on KurrentDB 25.1 or newer, through `@kurrent/kurrentdb-client`. */
export class KurrentDbEventStore implements EventStore {
  readonly engine = 'kurrentdb';
  private closed = false;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  /**
   * Reads go through a client of their own: the official client reads through its native
   * (Rust) connection, which gives up for good once its discovery attempts fail while the server
   * is away, so a read that meets a broken connection replaces it (see the README). Appends and
   * subscriptions stay on `client`, whose gRPC channel reconnects by itself.
   */
  private reader: KurrentDBClient;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly url: string,
    private readonly options: KurrentDbEventStoreOptions,
    private readonly watch: ConnectionWatch,
  ) {
    this.reader = openClient(url);
  }

  /**
   * Connects and checks the server: it must answer, and it must support the v2 multi-stream
   * append (KurrentDB 25.1+). An older server is refused here rather than used with writes that
   * would lose their atomicity. A server that does not answer is asked again `connectAttempts`
   * times, each wait logged; one that answers with the wrong version is refused at once.
   */
  static async connect(url: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    const logger = options.logger ?? defaultStoreLogger();
    const attempts = Math.max(1, options.connectAttempts ?? 1);
    for (let attempt = 1; ; attempt++) {
      const client = openClient(url);
      try {
        await checkServer(client, url);
        if (attempt > 1) logger.log(`KurrentDB at ${redactedUrl(url)} answers; connected on attempt ${attempt}`);
        return new KurrentDbEventStore(client, url, options, new ConnectionWatch(redactedUrl(url), logger));
      } catch (error) {
        await client.dispose().catch(() => undefined);
        if (!(error instanceof ServerSilent) || attempt >= attempts) {
          throw error instanceof ServerSilent
            ? new EventStoreUnavailableError(
                `no KurrentDB server answers at ${redactedUrl(url)}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${reasonOf(error.cause)}`,
                error.cause,
              )
            : error;
        }
        const delay = Math.min(8000, (options.connectRetryDelayMs ?? 1000) * 2 ** (attempt - 1));
        logger.warn(
          `KurrentDB at ${redactedUrl(url)} does not answer (attempt ${attempt} of ${attempts}: ${reasonOf(error.cause)}); trying again in ${(delay / 1000).toFixed(1)} s`,
        );
        await sleep(delay);
      }
    }
  }

  async append(writes: StreamWrite[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const { idempotencyKey, requestHash = '' } = options;
    const streams = new Set<string>();
    for (const write of writes) {
      if (streams.has(write.streamId)) throw new Error(`stream ${write.streamId} appears twice in one append`);
      streams.add(write.streamId);
    }
    writes = writes.map((write) => ({ ...write, events: write.events.map((event) => ({ ...event, eventId: storedEventId(event.eventId) })) }));
    options = { ...options, idempotencyClaims: checkedClaims(writes, options) };
    if (idempotencyKey !== undefined) {
      const earlier = await this.findIdempotentResult(idempotencyKey);
      if (earlier) return this.replayOrReject(idempotencyKey, requestHash, earlier);
    }

    const requests = appendRequests(writes, options, new Date().toISOString());
    refuseCaseTwins(requests);
    // Every event id is claimed in the same transaction, so sending the append again after a
    // broken connection cannot store it twice: the server, and then the store, see the replay.
    const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
    let outcomeUnknown = false;
    let failures = 0;
    let redirects = 0;
    for (;;) {
      try {
        const result = await this.client.multiStreamAppend(requests);
        this.watch.up();
        const revisions: Record<string, StreamRevision> = {};
        for (const response of result.responses) {
          const streamId = fromKurrentStreamName(response.streamName);
          if (streams.has(streamId)) revisions[streamId] = Number(response.revision);
        }
        return { eventIds, position: result.position, revisions, replayed: false };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          this.watch.up();
          return this.explainRefusal(writes, options, outcomeUnknown, error);
        }
        if (isInternal(error)) {
          // KurrentDB 25.1 answers INTERNAL when some streams of an append were already written
          // with these event ids and others conflict (see the README): find out what is stored.
          this.watch.up();
          const explained = await this.explainRefusal(writes, options, outcomeUnknown, null);
          if (explained) return explained;
        }
        const leader = notLeaderAnswer(error);
        if (leader) {
          // Nothing was written; the same append goes to the leader.
          if (++redirects > MAX_REDIRECTS) throw new EventStoreUnavailableError(`KurrentDB found no leader after ${MAX_REDIRECTS} redirects`, error);
          await reconnectToLeader(this.client, leader.leader);
          if (!leader.leader) await sleep(backoff(redirects));
          continue;
        }
        const refused = refusal(error);
        if (refused) throw refused;
        if (neverSent(error)) {
          // Another call's failure made the client reconnect under this one: send it again.
          if (++redirects > MAX_REDIRECTS) throw unavailable(error);
          await sleep(10);
          continue;
        }
        if (!isTransient(error) && !isInternal(error)) throw error;
        if (!isInternal(error)) {
          outcomeUnknown = true;
          this.watch.down(error);
        }
        if (++failures > RETRIES) throw unavailable(error);
        await sleep(backoff(failures));
      }
    }
  }

  /**
   * Why the server refused an append: a repeat of one already stored (an idempotency key, or
   * every event id), a mix of stored and new event ids, or a genuine revision conflict. Returns
   * `null` for an INTERNAL answer (`conflict` null) that none of these explain.
   */
  private async explainRefusal(
    writes: StreamWrite[],
    options: AppendOptions,
    outcomeUnknown: boolean,
    conflict: WrongExpectedVersionError,
  ): Promise<AppendResult>;
  private async explainRefusal(
    writes: StreamWrite[],
    options: AppendOptions,
    outcomeUnknown: boolean,
    conflict: null,
  ): Promise<AppendResult | null>;
  private async explainRefusal(
    writes: StreamWrite[],
    options: AppendOptions,
    outcomeUnknown: boolean,
    conflict: WrongExpectedVersionError | null,
  ): Promise<AppendResult | null> {
    const claims = options.idempotencyClaims ?? [];
    if (claims.length > 0) {
      const records = await Promise.all(claims.map((claim) => this.claimRecord(claim.key)));
      const taken = claims.filter((_, i) => records[i] !== null);
      // Our own earlier attempt stored every key with exactly these events: its answer was lost.
      const ours =
        outcomeUnknown &&
        taken.length === claims.length &&
        claims.every((claim, i) => sameIds(records[i]!.writes.flatMap((w) => w.eventIds), [...claim.eventIds]));
      if (ours) return this.resultOf(writes.map((w) => ({ streamId: w.streamId, eventIds: w.events.map((e) => e.eventId) })));
      if (taken.length > 0) throw new IdempotencyKeysStoredError(taken.map((claim) => claim.key));
    }
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.findIdempotentResult(options.idempotencyKey);
      if (earlier) {
        // Our own earlier attempt went through before its answer was lost: not a replay.
        const ours = outcomeUnknown && earlier.requestHash === (options.requestHash ?? '') && sameIds(earlier.result.eventIds, idsOf(writes));
        return ours ? earlier.result : this.replayOrReject(options.idempotencyKey, options.requestHash ?? '', earlier);
      }
    }
    const eventIds = idsOf(writes);
    const stored = await Promise.all(eventIds.map((id) => this.streamExists(eventIdStream(id))));
    if (stored.every(Boolean) && eventIds.length > 0) {
      const result = await this.resultOf(writes.map((w) => ({ streamId: w.streamId, eventIds: w.events.map((e) => e.eventId) })));
      return { ...result, replayed: !outcomeUnknown };
    }
    const firstStored = eventIds.find((_, index) => stored[index]);
    if (firstStored !== undefined) throw new DuplicateEventIdError(firstStored);
    if (!conflict) return null;
    const write = writes.find((w) => toKurrentStreamName(w.streamId) === conflict.streamName);
    if (!write) {
      // A bookkeeping stream conflicted but holds nothing of ours now: a concurrent writer of the
      // same key or id lost its own race. Report it as the conflict it is.
      throw new WrongExpectedRevisionError(fromKurrentStreamName(conflict.streamName ?? ''), 'no-stream', 0);
    }
    const actual = conflict.actualState;
    throw new WrongExpectedRevisionError(
      write.streamId,
      write.expectedRevision,
      typeof actual === 'bigint' ? Number(actual) : await this.streamRevision(write.streamId),
    );
  }

  private replayOrReject(
    idempotencyKey: string,
    requestHash: string,
    earlier: { requestHash: string; result: AppendResult },
  ): AppendResult {
    if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError(idempotencyKey);
    return { ...earlier.result, replayed: true };
  }

  async findIdempotentResult(idempotencyKey: string): Promise<{ requestHash: string; result: AppendResult } | null> {
    this.assertOpen();
    const record = await this.claimRecord(idempotencyKey);
    return record ? { requestHash: record.requestHash, result: await this.resultOf(record.writes) } : null;
  }

  /** The bookkeeping record of an idempotency key, or null when the key was never stored. */
  private async claimRecord(idempotencyKey: string): Promise<IdempotencyRecord | null> {
    const [first] = await this.readRaw(idempotencyStream(idempotencyKey), { fromRevision: 0, limit: 1 });
    return first?.event ? (first.event.data as unknown as IdempotencyRecord) : null;
  }

  /** Rebuilds an append's result from where its events are stored. */
  private async resultOf(writes: Array<{ streamId: string; eventIds: string[] }>): Promise<AppendResult> {
    const revisions: Record<string, StreamRevision> = {};
    let position: Position = 0n;
    for (const write of writes) {
      const wanted = new Set(write.eventIds.map((id) => id.toLowerCase()));
      const found = new Map<string, { revision: number; position: bigint }>();
      await this.retrying(async (reader) => {
        found.clear();
        for await (const resolved of this.iterate(reader, toKurrentStreamName(write.streamId), BACKWARDS, END)) {
          const event = resolved.event;
          if (!event || !wanted.has(event.id)) continue;
          found.set(event.id, { revision: Number(event.revision), position: event.position!.commit });
          if (found.size === wanted.size) break;
        }
      });
      for (const id of write.eventIds) {
        const where = found.get(id.toLowerCase());
        if (!where) throw new EventStoreUnavailableError(`event ${id} of an earlier append is missing from ${write.streamId}`);
        revisions[write.streamId] = Math.max(revisions[write.streamId] ?? -1, where.revision);
        if (where.position > position) position = where.position;
      }
    }
    return { eventIds: writes.flatMap((w) => w.eventIds), position, revisions, replayed: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const resolved = await this.readRaw(toKurrentStreamName(streamId), { fromRevision: options.fromRevision ?? 0, limit: options.limit });
    return resolved.map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<StreamRevision | null> {
    this.assertOpen();
    return this.revisionOf(toKurrentStreamName(streamId));
  }

  /** The revision of a stream by its KurrentDB name (bookkeeping streams have no ledger id). */
  private async revisionOf(name: string): Promise<StreamRevision | null> {
    return this.retrying(async (reader) => {
      for await (const resolved of this.iterate(reader, name, BACKWARDS, END, 1)) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return null;
    });
  }

  private async streamExists(name: string): Promise<boolean> {
    return (await this.revisionOf(name)) !== null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.limit ?? 1000;
    if (limit <= 0) return [];
    return this.retrying(async (reader) => {
      const events: RecordedEvent[] = [];
      let after = options.after ?? null;
      // The server filters out system and bookkeeping streams; the rare event it lets through that
      // the log does not show (a `$` type outside a `$` stream) is dropped here, so read on until
      // the page is full or the log ends.
      for (;;) {
        const wanted = limit - events.length;
        // Reading from a position includes the event at it; ask for one more and drop it.
        const maxCount = after === null ? wanted : wanted + 1;
        let served = 0;
        for await (const resolved of reader.readAll({
          direction: FORWARDS,
          fromPosition: after === null ? START : { commit: after, prepare: after },
          maxCount,
          filter: this.filter(),
        })) {
          served++;
          const position = resolved.event?.position?.commit;
          if (position === undefined || (after !== null && position <= after)) continue;
          after = position;
          if (!isLogEvent(resolved)) continue;
          events.push(toRecordedEvent(resolved));
          if (events.length === limit) return events;
        }
        if (served < maxCount || after === null) return events;
      }
    });
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return this.retrying(async (reader) => {
      let before: Position | null = null;
      for (;;) {
        let served = 0;
        const page: AsyncIterable<ResolvedEvent> = reader.readAll({
          direction: BACKWARDS,
          fromPosition: before === null ? END : { commit: before, prepare: before },
          maxCount: HEAD_PAGE,
          filter: this.filter(),
        });
        for await (const resolved of page) {
          served++;
          const position: Position | undefined = resolved.event?.position?.commit;
          if (position === undefined) continue;
          if (isLogEvent(resolved)) return position;
          before = position;
        }
        if (served < HEAD_PAGE || before === null) return null;
      }
    });
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new KurrentDbSubscription(this.client, {
      ...options,
      filter: () => this.filter(),
      isLogEvent,
      toRecordedEvent,
      giveUpAfterMs: this.options.resubscribeGiveUpAfterMs ?? 60_000,
      watch: this.watch,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.all([this.client.dispose(), this.reader.dispose()]);
  }

  private filter(): Filter {
    return streamNameFilter({ regex: LOG_STREAMS }) as Filter;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the KurrentDB event store is closed');
  }

  /**
   * Reads are safe to repeat, so a read that meets a broken connection is sent again, on a fresh
   * reader: the native connection it failed on may have given up for good. A fresh reader spends
   * one `discoveryInterval` connecting, so the retries stop after a time as well as a count.
   */
  private async retrying<T>(read: (reader: KurrentDBClient) => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + READ_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      const reader = this.reader;
      try {
        const result = await read(reader);
        this.watch.up();
        return result;
      } catch (error) {
        if (!isTransient(error)) throw unavailable(error);
        this.watch.down(error);
        this.renewReader(reader);
        if (attempt > RETRIES || Date.now() + backoff(attempt) > giveUpAt) throw unavailable(error);
        await sleep(backoff(attempt));
      }
    }
  }

  /** Replaces a reader that failed, once, however many reads failed on it at the same time. */
  private renewReader(failed: KurrentDBClient): void {
    if (this.reader !== failed || this.closed) return;
    this.reader = openClient(this.url);
    void failed.dispose().catch(() => undefined);
  }

  private async readRaw(name: string, options: { fromRevision: number; limit?: number }): Promise<ResolvedEvent[]> {
    if (options.limit !== undefined && options.limit <= 0) return [];
    return this.retrying(async (reader) => {
      const events: ResolvedEvent[] = [];
      for await (const resolved of this.iterate(reader, name, FORWARDS, BigInt(options.fromRevision), options.limit)) {
        if (resolved.event) events.push(resolved);
      }
      return events;
    });
  }

  /** One stream by its KurrentDB name, with an unknown stream read as empty. */
  private async *iterate(
    reader: KurrentDBClient,
    name: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: bigint | typeof START | typeof END,
    maxCount?: number,
  ): AsyncGenerator<ResolvedEvent> {
    try {
      yield* reader.readStream(name, { direction, fromRevision, ...(maxCount !== undefined ? { maxCount } : {}) });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }
}

/** Thrown by `checkServer` when the server could not be reached at all (worth asking again). */
class ServerSilent extends Error {
  constructor(readonly cause: unknown) {
    super('no answer');
  }
}

function openClient(url: string): KurrentDBClient {
  try {
    return KurrentDBClient.connectionString(url);
  } catch (error) {
    throw new EventStoreUnavailableError(`KURRENTDB_URL is not a valid KurrentDB connection string: ${redactedUrl(url)}`, error);
  }
}

async function checkServer(client: KurrentDBClient, url: string): Promise<void> {
  // `supports` and `capabilities` are the client's own feature negotiation; they are protected
  // in its typings but are the only way to ask without attempting a write.
  const negotiation = client as unknown as {
    supports(method: unknown): Promise<boolean>;
    capabilities: Promise<{ serverVersion: string }>;
  };
  let supported: boolean;
  let serverVersion: string;
  try {
    supported = await negotiation.supports(StreamsServiceService.appendSession);
    serverVersion = (await negotiation.capabilities).serverVersion;
  } catch (error) {
    throw new ServerSilent(error);
  }
  if (!supported) {
    throw new EventStoreUnavailableError(
      `KurrentDB at ${redactedUrl(url)} reports version ${serverVersion}, which has no multi-stream append; ` +
        'the ledger needs KurrentDB 25.1 or newer to write a transformation atomically',
    );
  }
}

/**
 * The multi-stream append of `writes`: one bookkeeping record for the idempotency key and one per
 * event id, then the ledger's own events last, so the position the server reports is theirs.
 */
function appendRequests(writes: StreamWrite[], options: AppendOptions, recordedAt: string): AppendStreamRequest[] {
  const requests: AppendStreamRequest[] = [];
  if (options.idempotencyKey !== undefined) {
    const record: IdempotencyRecord = {
      idempotencyKey: options.idempotencyKey,
      requestHash: options.requestHash ?? '',
      writes: writes.map((write) => ({ streamId: write.streamId, eventIds: write.events.map((e) => e.eventId) })),
    };
    requests.push({
      streamName: idempotencyStream(options.idempotencyKey),
      expectedState: NO_STREAM,
      events: [jsonEvent({ type: IDEMPOTENCY_KEY_TYPE, data: { ...record } })],
    });
  }
  for (const claim of options.idempotencyClaims ?? []) {
    // Each claimed key is a bookkeeping stream of its own, expected new: one already stored refuses the whole append.
    const claimed = new Set(claim.eventIds);
    const record: IdempotencyRecord = {
      idempotencyKey: claim.key,
      requestHash: claim.requestHash,
      writes: writes
        .map((write) => ({ streamId: write.streamId, eventIds: write.events.map((e) => e.eventId).filter((id) => claimed.has(id)) }))
        .filter((write) => write.eventIds.length > 0),
    };
    requests.push({ streamName: idempotencyStream(claim.key), expectedState: NO_STREAM, events: [jsonEvent({ type: IDEMPOTENCY_KEY_TYPE, data: { ...record } })] });
  }
  for (const write of writes) {
    for (const event of write.events) {
      // A fresh record id on purpose: a resend then conflicts here, and the store, not the
      // server, decides whether it is a replay (the server cannot answer that, see the README).
      requests.push({
        streamName: eventIdStream(event.eventId),
        expectedState: NO_STREAM,
        events: [jsonEvent({ type: EVENT_ID_TYPE, data: { eventId: event.eventId, streamId: write.streamId } })],
      });
    }
  }
  for (const write of writes) {
    requests.push({
      streamName: toKurrentStreamName(write.streamId),
      expectedState: toStreamState(write.expectedRevision),
      events: write.events.map((event) => toEventData(event, recordedAt)),
    });
  }
  return requests;
}

/**
 * KurrentDB compares the streams of one append without case (`AppendRequestComparer`) and refuses
 * the second of two names that differ only in case, though it stores them as two streams. Such an
 * append cannot be written atomically, so it is refused here, clearly, before anything is sent.
 */
function refuseCaseTwins(requests: AppendStreamRequest[]): void {
  const byFolded = new Map<string, string>();
  for (const { streamName } of requests) {
    const twin = byFolded.get(streamName.toLowerCase());
    if (twin !== undefined) {
      throw new AppendRefusedError(
        'streams-differ-only-in-case',
        `streams ${fromKurrentStreamName(twin)} and ${fromKurrentStreamName(streamName)} differ only in case; ` +
          'KurrentDB cannot write both in one atomic append, so nothing was stored',
      );
    }
    byFolded.set(streamName.toLowerCase(), streamName);
  }
}

/** The event id as KurrentDB stores it: a GUID, in lower case. */
function storedEventId(eventId: string): string {
  if (!UUID.test(eventId) || /^[0-]+$/.test(eventId)) {
    throw new TypeError(`event id ${eventId} is not a UUID; KurrentDB stores event ids as non-nil GUIDs`);
  }
  return eventId.toLowerCase();
}

/**
 * The claims of an append, checked as the SQLite store checks them, with their event ids as
 * KurrentDB stores them (lower case).
 */
function checkedClaims(writes: StreamWrite[], options: AppendOptions): IdempotencyClaim[] {
  const claims = options.idempotencyClaims ?? [];
  if (claims.length > 0 && options.idempotencyKey !== undefined) {
    throw new TypeError('an append takes either one idempotencyKey or idempotencyClaims, not both');
  }
  const held = new Set(idsOf(writes));
  const claimed = new Set<string>();
  const keys = new Set<string>();
  return claims.map((claim) => {
    if (keys.has(claim.key)) throw new TypeError(`idempotency key ${claim.key} is claimed twice in one append`);
    keys.add(claim.key);
    if (claim.eventIds.length === 0) throw new TypeError(`idempotency key ${claim.key} claims no event`);
    const eventIds = claim.eventIds.map((id) => id.toLowerCase());
    for (const id of eventIds) {
      if (!held.has(id) || claimed.has(id)) throw new TypeError(`idempotency key ${claim.key} claims event ${id}, which is not an unclaimed event of this append`);
      claimed.add(id);
    }
    return { ...claim, eventIds };
  });
}

function idsOf(writes: StreamWrite[]): string[] {
  return writes.flatMap((write) => write.events.map((event) => event.eventId));
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/**
 * Envelope fields travel as event metadata. Multi-stream append only takes string values, so
 * numbers are written as decimal strings and an absent idempotency key is simply left out.
 */
function toEventData(event: NewEvent, recordedAt: string): EventData {
  const metadata: Record<string, string> = {
    actorPartyId: event.metadata.actorPartyId,
    occurredAt: event.metadata.occurredAt,
    schemaVersion: String(event.metadata.schemaVersion),
    payloadSha256: payloadSha256(event.data),
    recordedAt,
  };
  if (event.metadata.idempotencyKey != null) metadata.idempotencyKey = event.metadata.idempotencyKey;
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as never, metadata });
}

/**
 * Whether an event belongs to the global log. The server already left out system and bookkeeping
 * streams; a `$` event type (a tombstone, a link) or a bookkeeping type elsewhere is left out too.
 */
function isLogEvent(resolved: ResolvedEvent): boolean {
  const event = resolved.event;
  if (!event) return false;
  return !event.type.startsWith('$') && !event.type.startsWith(BOOKKEEPING_TYPE_PREFIX) && !event.streamId.startsWith('$');
}

function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent {
  const event = resolved.event!;
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const text = (key: string): string | null => (typeof metadata[key] === 'string' ? (metadata[key] as string) : null);
  const data = event.data as Record<string, unknown>;
  return {
    eventId: event.id,
    type: event.type,
    streamId: fromKurrentStreamName(event.streamId),
    streamRevision: Number(event.revision),
    position: event.position?.commit ?? resolved.commitPosition!,
    recordedAt: text('recordedAt') ?? event.created.toISOString(),
    occurredAt: text('occurredAt') ?? '',
    actorPartyId: text('actorPartyId') ?? '',
    idempotencyKey: text('idempotencyKey'),
    schemaVersion: Number(text('schemaVersion') ?? 1),
    data,
    payloadSha256: text('payloadSha256') ?? payloadSha256(data),
  };
}

const RETRIES = 6;
/** How long a read is retried: its `RETRIES` pauses, and a little for the attempts between them. */
const READ_RETRY_MS = 3_000;
/** Not-leader answers and calls refused on a closed channel: nothing was sent, so no backoff. */
const MAX_REDIRECTS = 20;
const HEAD_PAGE = 16;
const backoff = (attempt: number) => Math.min(1000, 50 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function commandType(error: unknown): string | undefined {
  // Some calls reject with the raw gRPC status before the client has converted it.
  return (error instanceof Error ? (convertToCommandError(error as never) as { type?: string }) : undefined)?.type;
}

/** A broken or restarting connection; the client reconnects on the next call. */
function isTransient(error: unknown): boolean {
  if (isInternal(error)) return false;
  if (neverSent(error)) return true;
  const type = commandType(error);
  return type === 'unavailable' || type === 'cancelled' || type === 'deadline-exceeded';
}

/**
 * A call started on a channel the client had just closed to reconnect (after another call's
 * failure, or a not-leader answer): grpc-js refuses it before sending anything, with a plain
 * Error that carries no status code, so its message is the only thing to recognise it by.
 */
function neverSent(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === undefined && error.message === 'Channel has been shut down';
}

/** An INTERNAL answer, which client 1.3.1 reports as `UnavailableError`. */
function isInternal(error: unknown): boolean {
  return (error as { code?: number })?.code === GrpcStatus.INTERNAL;
}

/** The server's size limits, as the port's refusal. */
function refusal(error: unknown): AppendRefusedError | null {
  const type = commandType(error);
  if (type !== 'transaction-max-size-exceeded' && type !== 'append-record-size-exceeded') return null;
  const { size, maxSize } = error as { size?: number; maxSize?: number };
  const what = type === 'transaction-max-size-exceeded' ? 'the append' : 'one of its events';
  return new AppendRefusedError(
    'too-large',
    `KurrentDB refused the append: ${what} holds ${size ?? '?'} bytes, over the server's limit of ${maxSize ?? '?'} bytes; nothing was stored`,
    error,
  );
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, index) => id.toLowerCase() === b[index].toLowerCase());
}

function unavailable(error: unknown): Error {
  if (error instanceof EventStoreUnavailableError) return error;
  if (isTransient(error) || isInternal(error)) {
    return new EventStoreUnavailableError(`KurrentDB is unavailable: ${reasonOf(error)}`, error);
  }
  return error as Error;
}

import { createHash } from 'node:crypto';
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
  eventTypeFilter,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type { AppendStreamRequest, AppendStreamState, EventData, Filter, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
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
import { fromKurrentStreamName, toKurrentStreamName } from './kurrentdb-stream-name';
import { KurrentDbSubscription } from './kurrentdb-subscription';

/**
 * Bookkeeping records live in streams of their own with event types under this prefix. They make
 * idempotency and event-id uniqueness part of the same atomic multi-stream append as the events,
 * and every read of the global log filters them out, like system (`$`) events.
 */
const BOOKKEEPING_TYPE_PREFIX = 'ledger-store.';
const IDEMPOTENCY_KEY_TYPE = `${BOOKKEEPING_TYPE_PREFIX}idempotency-key`;
const EVENT_ID_TYPE = `${BOOKKEEPING_TYPE_PREFIX}event-id`;
const idempotencyStream = (key: string) => `ledger-store-key-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
const eventIdStream = (eventId: string) => `ledger-store-event-${eventId.toLowerCase()}`;

export interface KurrentDbEventStoreOptions {
  /**
   * The event types the global log (readAll, headPosition, subscribeToAll) is filtered to. Default:
   * every type except system (`$…`) and the store's own bookkeeping types.
   */
  eventTypes?: readonly string[];
  /** How long a subscription keeps trying to resubscribe after its connection broke. */
  resubscribeGiveUpAfterMs?: number;
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
  private readonly typeRegex: string;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions,
  ) {
    this.typeRegex = options.eventTypes
      ? `^(?:${options.eventTypes.map(escapeRegex).join('|')})$`
      : `^(?!\\$|${escapeRegex(BOOKKEEPING_TYPE_PREFIX)})`;
  }

  /**
   * Connects and checks the server: it must answer, and it must support the v2 multi-stream
   * append (KurrentDB 25.1+). An older server is refused here rather than used with writes that
   * would lose their atomicity.
   */
  static async connect(url: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(url);
    } catch (error) {
      throw new EventStoreUnavailableError(`KURRENTDB_URL is not a valid KurrentDB connection string: ${url}`, error);
    }
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
      await client.dispose().catch(() => undefined);
      throw new EventStoreUnavailableError(
        `no KurrentDB server answers at ${url}: ${(error as Error).message}`,
        error,
      );
    }
    if (!supported) {
      await client.dispose().catch(() => undefined);
      throw new EventStoreUnavailableError(
        `KurrentDB at ${url} reports version ${serverVersion}, which has no multi-stream append; ` +
          'the ledger needs KurrentDB 25.1 or newer to write a transformation atomically',
      );
    }
    return new KurrentDbEventStore(client, options);
  }

  async append(writes: StreamWrite[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const { idempotencyKey, requestHash = '' } = options;
    const streams = new Set<string>();
    for (const write of writes) {
      if (streams.has(write.streamId)) throw new Error(`stream ${write.streamId} appears twice in one append`);
      streams.add(write.streamId);
    }
    if (idempotencyKey !== undefined) {
      const earlier = await this.findIdempotentResult(idempotencyKey);
      if (earlier) return this.replayOrReject(idempotencyKey, requestHash, earlier);
    }

    const recordedAt = new Date().toISOString();
    const requests: AppendStreamRequest[] = [];
    if (idempotencyKey !== undefined) {
      const record: IdempotencyRecord = {
        idempotencyKey,
        requestHash,
        writes: writes.map((write) => ({ streamId: write.streamId, eventIds: write.events.map((e) => e.eventId) })),
      };
      requests.push({
        streamName: idempotencyStream(idempotencyKey),
        expectedState: NO_STREAM,
        events: [jsonEvent({ type: IDEMPOTENCY_KEY_TYPE, data: { ...record } })],
      });
    }
    for (const write of writes) {
      for (const event of write.events) {
        requests.push({
          streamName: eventIdStream(event.eventId),
          expectedState: NO_STREAM,
          events: [jsonEvent({ type: EVENT_ID_TYPE, data: { eventId: event.eventId, streamId: write.streamId } })],
        });
      }
    }
    // The ledger's own events come last so the position the server reports is theirs.
    for (const write of writes) {
      requests.push({
        streamName: toKurrentStreamName(write.streamId),
        expectedState: toStreamState(write.expectedRevision),
        events: write.events.map((event) => toEventData(event, recordedAt)),
      });
    }

    // Every event id is claimed in the same transaction, so sending the append again after a
    // broken connection cannot store it twice: a second copy is recognised as a replay.
    const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.client.multiStreamAppend(requests);
        const revisions: Record<string, StreamRevision> = {};
        for (const response of result.responses) {
          const streamId = fromKurrentStreamName(response.streamName);
          if (streams.has(streamId)) revisions[streamId] = Number(response.revision);
        }
        return { eventIds, position: result.position, revisions, replayed: false };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          const outcome = await this.explainConflict(error, writes, options);
          // Our own earlier attempt went through before its answer was lost: not a replay.
          const ours = attempt > 0 && sameIds(outcome.eventIds, eventIds);
          return ours ? { ...outcome, replayed: false } : outcome;
        }
        if (!isTransient(error) || attempt >= RETRIES) throw unavailable(error);
        await sleep(backoff(attempt));
      }
    }
  }

  /** A rejected append: a retry of something already stored, or a genuine revision conflict. */
  private async explainConflict(
    conflict: WrongExpectedVersionError,
    writes: StreamWrite[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (options.idempotencyKey !== undefined) {
      const earlier = await this.findIdempotentResult(options.idempotencyKey);
      if (earlier) return this.replayOrReject(options.idempotencyKey, options.requestHash ?? '', earlier);
    }
    const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
    const stored = await Promise.all(eventIds.map((id) => this.streamExists(eventIdStream(id))));
    if (stored.every(Boolean) && eventIds.length > 0) {
      return { ...(await this.resultOf(writes.map((w) => ({ streamId: w.streamId, eventIds: w.events.map((e) => e.eventId) })))), replayed: true };
    }
    const firstStored = eventIds.find((_, index) => stored[index]);
    if (firstStored !== undefined) throw new DuplicateEventIdError(firstStored);
    const write = writes.find((w) => toKurrentStreamName(w.streamId) === conflict.streamName);
    if (!write) {
      // A bookkeeping stream conflicted but holds nothing of ours now: a concurrent writer of the
      // same key or id lost its own race. Report it as the conflict it is.
      throw new WrongExpectedRevisionError(fromKurrentStreamName(conflict.streamName), 'no-stream', 0);
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
    const [first] = await this.readRaw(idempotencyStream(idempotencyKey), { fromRevision: 0, limit: 1 });
    if (!first?.event) return null;
    const record = first.event.data as unknown as IdempotencyRecord;
    return { requestHash: record.requestHash, result: await this.resultOf(record.writes) };
  }

  /** Rebuilds an append's result from where its events are stored. */
  private async resultOf(writes: Array<{ streamId: string; eventIds: string[] }>): Promise<AppendResult> {
    const revisions: Record<string, StreamRevision> = {};
    let position: Position = 0n;
    for (const write of writes) {
      const wanted = new Set(write.eventIds);
      const found = new Map<string, { revision: number; position: bigint }>();
      await retrying(async () => {
        found.clear();
        for await (const resolved of this.iterate(write.streamId, BACKWARDS, END)) {
          const event = resolved.event;
          if (!event || !wanted.has(event.id)) continue;
          found.set(event.id, { revision: Number(event.revision), position: event.position!.commit });
          if (found.size === wanted.size) break;
        }
      });
      for (const id of write.eventIds) {
        const where = found.get(id);
        if (!where) throw new EventStoreUnavailableError(`event ${id} of an earlier append is missing from ${write.streamId}`);
        revisions[write.streamId] = Math.max(revisions[write.streamId] ?? -1, where.revision);
        if (where.position > position) position = where.position;
      }
    }
    return { eventIds: writes.flatMap((w) => w.eventIds), position, revisions, replayed: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const resolved = await this.readRaw(streamId, { fromRevision: options.fromRevision ?? 0, limit: options.limit });
    return resolved.map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<StreamRevision | null> {
    this.assertOpen();
    return retrying(async () => {
      for await (const resolved of this.iterate(streamId, BACKWARDS, END, 1)) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return null;
    });
  }

  private async streamExists(streamId: string): Promise<boolean> {
    return (await this.streamRevision(streamId)) !== null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.limit ?? 1000;
    if (limit <= 0) return [];
    const after = options.after ?? null;
    return retrying(async () => {
      const events: RecordedEvent[] = [];
      // Reading from a position includes the event at it; ask for one more and drop it.
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: after === null ? START : { commit: after, prepare: after },
        maxCount: after === null ? limit : limit + 1,
        filter: this.filter(),
      })) {
        if (!resolved.event) continue;
        const event = toRecordedEvent(resolved);
        if (after !== null && event.position <= after) continue;
        events.push(event);
        if (events.length === limit) break;
      }
      return events;
    });
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return retrying(async () => {
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: this.filter(),
      })) {
        if (resolved.event?.position) return resolved.event.position.commit;
      }
      return null;
    });
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new KurrentDbSubscription(this.client, {
      ...options,
      filter: () => this.filter(),
      toRecordedEvent,
      giveUpAfterMs: this.options.resubscribeGiveUpAfterMs ?? 60_000,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private filter(): Filter {
    return eventTypeFilter({ regex: this.typeRegex }) as Filter;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the KurrentDB event store is closed');
  }

  private async readRaw(streamId: string, options: { fromRevision: number; limit?: number }): Promise<ResolvedEvent[]> {
    if (options.limit !== undefined && options.limit <= 0) return [];
    return retrying(async () => {
      const events: ResolvedEvent[] = [];
      for await (const resolved of this.iterate(streamId, FORWARDS, BigInt(options.fromRevision), options.limit)) {
        if (resolved.event) events.push(resolved);
      }
      return events;
    });
  }

  /** One stream, with an unknown stream read as empty. */
  private async *iterate(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: bigint | typeof START | typeof END,
    maxCount?: number,
  ): AsyncGenerator<ResolvedEvent> {
    try {
      yield* this.client.readStream(toKurrentStreamName(streamId), { direction, fromRevision, ...(maxCount !== undefined ? { maxCount } : {}) });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }
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
const backoff = (attempt: number) => Math.min(1000, 50 * 2 ** attempt);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A broken or restarting connection; the client reconnects on the next call. */
function isTransient(error: unknown): boolean {
  // Some calls reject with the raw gRPC status before the client has converted it.
  const type = (error instanceof Error ? (convertToCommandError(error as never) as { type?: string }) : undefined)?.type;
  return type === 'unavailable' || type === 'cancelled' || type === 'deadline-exceeded';
}

/** Reads are safe to repeat, so a read that meets a broken connection is sent again. */
async function retrying<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isTransient(error) || attempt >= RETRIES) throw unavailable(error);
      await sleep(backoff(attempt));
    }
  }
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

function unavailable(error: unknown): Error {
  if (error instanceof EventStoreUnavailableError) return error;
  if (isTransient(error)) {
    return new EventStoreUnavailableError(`KurrentDB is unavailable: ${(error as Error).message}`, error);
  }
  return error as Error;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A wire-level stand-in for a KurrentDB node: a gRPC server (@grpc/grpc-js) built on the service
 * definitions that ship inside `@kurrent/kurrentdb-client`, keeping its data in memory. Both of
 * the client's paths talk to it: the Node.js gRPC path (appends, subscriptions, server features,
 * gossip) and the native `@kurrent/bridge` (a Rust client that opens its own HTTP/2 connection
 * for `readStream` / `readAll`). `KurrentDbStandInCluster` runs three of them as a cluster.
 *
 * It is a TEST DOUBLE, not a database. What it models follows the KurrentDB server source
 * (kurrent-io/KurrentDB, v25.1), file by file:
 * - Multi-stream append (`StreamsService.AppendSession`, src/KurrentDB.Api.V2/Modules/Streams/
 *   StreamsService.cs): all or nothing; no stream twice in one session, compared WITHOUT case
 *   (`AppendRequestComparer`, OrdinalIgnoreCase) → ABORTED with
 *   StreamAlreadyInAppendSessionErrorDetails; a session with no requests → FAILED_PRECONDITION.
 * - Its validation (src/KurrentDB.Api.V2/Modules/Streams/Validators/): a stream name must not be
 *   empty nor `$$` (StreamNameValidator); an event type (schema name) is letters, digits, `_`,
 *   `.` and `-` only (SchemaNameValidator); a record id must be a non-empty GUID
 *   (RecordIdValidator) and is stored, and read back, in lower case; every request carries at
 *   least one record (AppendRequestValidator). Refusals are INVALID_ARGUMENT.
 * - Its size limits (`AppendSessionCommand.WithRequest`, defaults from ClusterVNodeOptions):
 *   one record over `MaxAppendEventSize` (default unlimited) → INVALID_ARGUMENT with
 *   AppendRecordSizeExceededErrorDetails; the session over `MaxAppendSize` (default 1 MiB) →
 *   ABORTED with AppendTransactionSizeExceededErrorDetails. A record's size is its data, its
 *   properties and its type name, as `CalculateSizeOnDisk` counts them (properties approximated by
 *   their JSON length).
 * - Idempotency by event id and the writer's answers (see `in-memory-log.ts`:
 *   `IndexWriter.CheckCommit`, `StorageWriterService.VerifyCommitChecks`), and how the v2 API maps
 *   them (`AppendSessionCommand.MapToError`): a revision conflict → FAILED_PRECONDITION with
 *   StreamRevisionConflictErrorDetails for the FIRST failing stream; a conflict with an empty list
 *   of failing streams (idempotent streams mixed with conflicting ones) → MapToError indexes
 *   `ConsistencyCheckFailures[0]`, throws, and the call answers INTERNAL (`ApiCallbackBase.
 *   ReplyWith`, src/KurrentDB.Api.V2/Infrastructure/ApiCallback.cs); all streams idempotent →
 *   success with the stored revisions and position.
 * - Leadership (`ApiCallbackBase.ReplyWith` on `NotHandled.NotLeader`, `ApiErrors.NotLeaderNode`
 *   in src/KurrentDB.Api.V2/Modules/ApiErrors.cs): on a follower a multi-stream append (it always
 *   requires the leader) answers FAILED_PRECONDITION with NotLeaderNodeErrorDetails naming the
 *   leader; a v1 append with `requires-leader: true` answers the v1 way (trailers `exception:
 *   not-leader`, `leader-endpoint-host/port`), without it the follower forwards the write.
 *   Reads are served by every node.
 * - Errors carry a `google.rpc.ErrorInfo` before their details, as `RpcExceptions.FromError`
 *   sends them (see `rich-status.ts`).
 * - Gossip (`Gossip.Read`, src/KurrentDB.Core/Services/Transport/Grpc/Gossip.cs) answers the
 *   members of the cluster, alive, each as leader or follower.
 * - With `projectionResults`, a `Result` event in `$projections-<name>-result`, as
 *   `ResultEventEmitter` (src/KurrentDB.Projections.Core/Services/Processing/Emitting/) writes.
 *
 * Its limits:
 * - Memory only: everything is gone when the process ends. No durability, no fsync, no scavenging.
 * - Replication is instant: the nodes of a cluster share one log, so a follower never lags and
 *   reads on any node see every committed write. Leader elections are what a test says they are.
 * - No TLS, no authentication (credentials are ignored, every call is allowed), no ACLs, no stream
 *   metadata, deletes, tombstones or soft deletes.
 * - Served: server features; gossip; `Streams.Append`; `Streams.BatchAppend`; the v2
 *   `StreamsService.AppendSession`; `Streams.Read` of one stream and of `$all`, forwards and
 *   backwards, with event-type / stream-name filters (prefixes or a JavaScript regular expression
 *   standing in for .NET's); subscriptions to `$all` with confirmation, checkpoint and caught-up
 *   messages.
 * - Not served (UNIMPLEMENTED): subscriptions to a single stream, delete, tombstone, persistent
 *   subscriptions, projections, operations, users, `AppendRecords` (26.1).
 * - Positions: commit position == prepare position for every record (no explicit transactions);
 *   positions grow by a record-size-like step so they are never a dense counter.
 * - Link events are never produced, so `resolveLinkTos` has nothing to resolve.
 * - Fell-behind messages are never sent; a slow subscriber just reads the log at its own pace.
 *
 * `dropAllConnections()` cuts every call and HTTP/2 session but keeps the log, then serves again
 * on the same port: the way a test simulates a network partition or a node restart.
 * `loseAnswersOfNextAppends(n)` commits the next n appends and answers UNAVAILABLE instead of the
 * result: a node that fails right after committing.
 *
 * In a test: `const standIn = await KurrentDbStandIn.start();` then
 * `KurrentDbEventStore.connect(`${standIn.connectionString}&discoveryInterval=10`)` (the native
 * reader otherwise waits 500 ms before its first connection), and `await standIn.close()` after.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Value } from 'google-protobuf/google/protobuf/struct_pb';
import { GossipService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_pb';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  AllStreamPosition,
  Empty,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { NotLeaderNodeErrorDetails } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/errors_pb';
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import {
  AppendRecord,
  AppendRequest,
  AppendResponse,
  AppendSessionResponse,
  SchemaFormat,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import {
  AppendRecordSizeExceededErrorDetails,
  AppendTransactionSizeExceededErrorDetails,
  StreamAlreadyInAppendSessionErrorDetails,
  StreamRevisionConflictErrorDetails,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import {
  AppendOutcome,
  ExpectedState,
  ExpectedStateConflict,
  InMemoryLog,
  ProposedRecord,
  StoredRecord,
  StreamWriteRequest,
} from './in-memory-log';
import { richError, statusError } from './rich-status';

export interface KurrentDbStandInOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Reported by server features. Default 25.1.0. */
  serverVersion?: string;
  /**
   * Serve and advertise the v2 multi-stream append (KurrentDB 25.1+). Turn off to play an older
   * server, on which a store that needs atomic multi-stream writes must refuse to start.
   */
  multiStreamAppend?: boolean;
  /** Write a few system events first, as a real node does, so filters are exercised. */
  systemEvents?: boolean;
  /**
   * Also write a projection result: a `$` stream holding an ordinary event type, as a node
   * running projections does (the testcontainers image runs them by default).
   */
  projectionResults?: boolean;
  /** `MaxAppendSize`: bytes one append session may hold. Default 1 MiB, as the server's. */
  maxAppendSize?: number;
  /** `MaxAppendEventSize`: bytes one record may hold. Default unlimited, as the server's. */
  maxRecordSize?: number;
  /** The log to serve; nodes of a cluster share one. Default: a new one. */
  log?: InMemoryLog;
  /** Who leads, for the nodes of a cluster. Default: this node alone, always the leader. */
  membership?: Membership;
}

/** What a node knows of its cluster: its members and which one leads. */
export interface Membership {
  members(): readonly KurrentDbStandIn[];
  leader(): KurrentDbStandIn | null;
}

const STREAMS_SERVICE = 'event_store.client.streams.Streams';
const V2_STREAMS_SERVICE = 'kurrentdb.protocol.v2.streams.StreamsService';
const FEATURES_SERVICE = 'event_store.client.server_features.ServerFeatures';
const GOSSIP_SERVICE = 'event_store.client.gossip.Gossip';
const DEFAULT_FILTER_WINDOW = 32;
/** SchemaNameValidator: what the v2 API accepts as an event type. */
const SCHEMA_NAME = /^[a-zA-Z0-9_.-]+$/;
/** The forms .NET's `Guid.TryParse` reads (D, N, B and P). */
const GUID = /^(?:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|\{[0-9a-f-]{36}\}|\([0-9a-f-]{36}\))$/i;

export class KurrentDbStandIn {
  readonly log: InMemoryLog;
  readonly instanceId = randomUUID();
  /** How many subscriptions to `$all` were opened, for tests that expect a resubscription. */
  subscriptionsOpened = 0;
  /** How many appends this node refused because it does not lead. */
  notLeaderAnswers = 0;
  /** How many committed appends this node answered UNAVAILABLE (see `loseAnswersOfNextAppends`). */
  lostAnswers = 0;
  private server: grpc.Server | null = null;
  private boundPort = 0;
  private readonly liveCalls = new Set<AbortController>();
  private readonly options: Required<Omit<KurrentDbStandInOptions, 'log' | 'membership'>>;
  private readonly membership: Membership;
  private answersToLose = 0;
  private afterLostAnswers: (() => void) | null = null;

  private constructor(options: KurrentDbStandInOptions) {
    this.options = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      serverVersion: options.serverVersion ?? '25.1.0',
      multiStreamAppend: options.multiStreamAppend ?? true,
      systemEvents: options.systemEvents ?? true,
      projectionResults: options.projectionResults ?? false,
      maxAppendSize: options.maxAppendSize ?? 1024 * 1024,
      maxRecordSize: options.maxRecordSize ?? Number.POSITIVE_INFINITY,
    };
    this.log = options.log ?? new InMemoryLog();
    this.membership = options.membership ?? { members: () => [this], leader: () => this };
  }

  /** Starts a stand-in and resolves once it accepts connections. */
  static async start(options: KurrentDbStandInOptions = {}): Promise<KurrentDbStandIn> {
    const standIn = new KurrentDbStandIn(options);
    if (standIn.options.systemEvents) standIn.writeSystemEvents();
    await standIn.listen(standIn.options.port);
    return standIn;
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host;
  }

  get isLeader(): boolean {
    return this.membership.leader() === this;
  }

  /** What `KURRENTDB_URL` should be to reach this stand-in. */
  get connectionString(): string {
    return `kurrentdb://${this.options.host}:${this.boundPort}?tls=false`;
  }

  /**
   * Cuts every call and connection at once, keeps the data, waits `downForMs`, then serves again
   * on the same port.
   */
  async dropAllConnections(downForMs = 0): Promise<void> {
    await this.stopServing();
    if (downForMs > 0) await new Promise((resolve) => setTimeout(resolve, downForMs));
    await this.listen(this.boundPort);
  }

  /**
   * The next `count` appends this node commits are answered UNAVAILABLE instead of with their
   * result, as when a node fails right after a commit; `then` runs after the last of them.
   */
  loseAnswersOfNextAppends(count: number, then?: () => void): void {
    this.answersToLose = count;
    this.afterLostAnswers = then ?? null;
  }

  async close(): Promise<void> {
    await this.stopServing();
  }

  private async stopServing(): Promise<void> {
    for (const call of this.liveCalls) call.abort();
    this.liveCalls.clear();
    const server = this.server;
    this.server = null;
    server?.forceShutdown();
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 17 * 1024 * 1024 });
    server.addService(ServerFeaturesService, { getSupportedMethods: this.getSupportedMethods });
    server.addService(GossipService, { read: this.gossip });
    server.addService(StreamsService, {
      read: this.read,
      append: this.append,
      batchAppend: this.batchAppend,
      delete: unimplemented,
      tombstone: unimplemented,
    });
    if (this.options.multiStreamAppend) {
      server.addService(StreamsServiceService, { appendSession: this.appendSession, appendRecords: unimplemented });
    }
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.options.host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
  }

  /**
   * What a real node writes on its own: projection bookkeeping under `$` types, stream metadata,
   * and (with `projectionResults`) a projection result, which lives in a `$` stream but has an
   * ordinary event type.
   */
  private writeSystemEvents(): void {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    const record = (type: string, data: unknown): ProposedRecord => ({
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data: json(data),
      customMetadata: new Uint8Array(),
    });
    this.log.append([
      { streamId: '$projections-$all', expected: 'any', records: [record('$ProjectionsInitialized', {})] },
      { streamId: '$$$stand-in', expected: 'any', records: [record('$metadata', { $maxAge: 86400 })] },
      ...(this.options.projectionResults
        ? [{ streamId: '$projections-stand-in-result', expected: 'any' as const, records: [record('Result', { count: 0 })] }]
        : []),
    ]);
  }

  /** Tracks a call so `dropAllConnections` can end it; returns the signal it is ended by. */
  private track(call: { on(event: string, listener: () => void): unknown }): AbortController {
    const controller = new AbortController();
    this.liveCalls.add(controller);
    const forget = () => {
      controller.abort();
      this.liveCalls.delete(controller);
    };
    call.on('cancelled', forget);
    call.on('close', () => this.liveCalls.delete(controller));
    return controller;
  }

  // ---- server features and gossip ---------------------------------------------------------

  private readonly getSupportedMethods = (
    _call: grpc.ServerUnaryCall<Empty, SupportedMethods>,
    callback: grpc.sendUnaryData<SupportedMethods>,
  ) => {
    const methods: Array<[string, string, string[]]> = [
      [FEATURES_SERVICE, 'getsupportedmethods', []],
      [GOSSIP_SERVICE, 'read', []],
      [STREAMS_SERVICE, 'read', ['position', 'events']],
      [STREAMS_SERVICE, 'append', []],
      [STREAMS_SERVICE, 'batchappend', []],
    ];
    if (this.options.multiStreamAppend) methods.push([V2_STREAMS_SERVICE, 'appendsession', []]);
    const response = new SupportedMethods();
    response.setEventStoreServerVersion(this.options.serverVersion);
    for (const [service, method, features] of methods) {
      const supported = new SupportedMethod();
      supported.setServiceName(service);
      supported.setMethodName(method);
      supported.setFeaturesList(features);
      response.addMethods(supported);
    }
    callback(null, response);
  };

  /** Gossip.Read: every member, alive, with its state; the client discovers the leader here. */
  private readonly gossip = (_call: grpc.ServerUnaryCall<Empty, ClusterInfo>, callback: grpc.sendUnaryData<ClusterInfo>) => {
    const info = new ClusterInfo();
    const leader = this.membership.leader();
    for (const member of this.membership.members()) {
      info.addMembers(
        new MemberInfo()
          .setInstanceId(new UUID().setString(member.instanceId))
          .setTimeStamp(String(Date.now() * 10_000))
          .setState(member === leader ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.FOLLOWER)
          .setIsAlive(member.server !== null)
          .setHttpEndPoint(new EndPoint().setAddress(member.host).setPort(member.port)),
      );
    }
    callback(null, info);
  };

  /** The v2 answer of a node that does not lead: FAILED_PRECONDITION naming the leader. */
  private notLeader(): grpc.ServiceError {
    this.notLeaderAnswers++;
    const leader = this.membership.leader();
    const details = new NotLeaderNodeErrorDetails().setCurrentLeader(
      new NotLeaderNodeErrorDetails.NodeInfo()
        .setHost(leader?.host ?? '')
        .setPort(leader?.port ?? 0)
        .setNodeId(leader?.instanceId ?? ''),
    );
    return richError(
      grpc.status.FAILED_PRECONDITION,
      'SERVER_ERROR_NOT_LEADER_NODE',
      `The server is not the leader node and cannot handle the request. Please retry your request against the leader node directly at ${leader?.host}:${leader?.port}`,
      { typeName: 'kurrent.rpc.NotLeaderNodeErrorDetails', bytes: details.serializeBinary() },
    );
  }

  /** The v1 answer of a node that does not lead, to a call that requires the leader. */
  private v1NotLeader(): grpc.ServiceError {
    this.notLeaderAnswers++;
    const leader = this.membership.leader();
    return statusError(grpc.status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader',
      'leader-endpoint-host': leader?.host ?? '',
      'leader-endpoint-port': String(leader?.port ?? 0),
    });
  }

  /** Hands a committed append its answer, unless this node was told to lose it. */
  private answerCommitted<T>(callback: grpc.sendUnaryData<T>, answer: T): void {
    if (this.answersToLose === 0) return callback(null, answer);
    this.lostAnswers++;
    callback(statusError(grpc.status.UNAVAILABLE, 'the stand-in lost this answer after committing'));
    if (--this.answersToLose === 0) {
      const then = this.afterLostAnswers;
      this.afterLostAnswers = null;
      then?.();
    }
  }

  // ---- reads and subscriptions ------------------------------------------------------------

  private readonly read = (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => {
    const controller = this.track(call);
    const options = call.request.getOptions();
    if (!options) return call.destroy(statusError(grpc.status.INVALID_ARGUMENT, 'read without options'));
    const uuidAsString = !options.getUuidOption()?.hasStructured();
    const writer = new ReadWriter(call, uuidAsString, controller.signal);
    const filter = readFilter(options);
    const job = options.hasSubscription()
      ? options.hasAll()
        ? this.subscribeToAll(options, filter, writer, controller.signal)
        : Promise.reject(statusError(grpc.status.UNIMPLEMENTED, 'the stand-in serves subscriptions to $all only'))
      : options.hasAll()
        ? this.readAll(options, filter, writer)
        : this.readStream(options, writer);
    job.then(
      () => {
        if (!controller.signal.aborted) call.end();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) call.destroy(error as Error);
      },
    );
  };

  private async readStream(options: ReadReq.Options, writer: ReadWriter): Promise<void> {
    const streamOptions = options.getStream()!;
    const streamId = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const stream = this.log.stream(streamId);
    if (!stream || stream.length === 0) {
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifier(streamId));
      await writer.write(new ReadResp().setStreamNotFound(notFound));
      return;
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(options.getCount() || '0');
    const last = stream.length - 1;
    let from = 0;
    if (streamOptions.hasRevision()) from = Number(streamOptions.getRevision());
    else if (streamOptions.hasEnd()) from = backwards ? last : stream.length;
    let sent = 0;
    if (backwards) {
      for (let index = Math.min(from, last); index >= 0 && sent < count; index--, sent++) {
        await writer.event(stream[index]);
      }
    } else {
      for (let index = from; index <= last && sent < count; index++, sent++) {
        await writer.event(stream[index]);
      }
    }
  }

  private async readAll(options: ReadReq.Options, filter: RecordFilter, writer: ReadWriter): Promise<void> {
    const allOptions = options.getAll()!;
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(options.getCount() || '0');
    let records: StoredRecord[];
    if (backwards) {
      const before = allOptions.hasPosition()
        ? BigInt(allOptions.getPosition()!.getCommitPosition())
        : allOptions.hasStart()
          ? 0n
          : this.log.endPosition;
      records = this.log.recordsBefore(before);
    } else {
      const from = allOptions.hasPosition()
        ? BigInt(allOptions.getPosition()!.getCommitPosition())
        : allOptions.hasEnd()
          ? this.log.endPosition
          : 0n;
      records = this.log.recordsFrom(from);
    }
    let sent = 0;
    for (const record of records) {
      if (sent >= count) break;
      if (!filter.matches(record)) continue;
      await writer.event(record);
      sent++;
    }
  }

  private async subscribeToAll(
    options: ReadReq.Options,
    filter: RecordFilter,
    writer: ReadWriter,
    signal: AbortSignal,
  ): Promise<void> {
    const allOptions = options.getAll()!;
    this.subscriptionsOpened++;
    await writer.write(
      new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())),
    );
    // The cursor is the index of the next record to look at; a position start excludes itself.
    let cursor = allOptions.hasPosition()
      ? this.log.firstIndexAtOrAfter(BigInt(allOptions.getPosition()!.getCommitPosition()) + 1n)
      : allOptions.hasEnd()
        ? this.log.size
        : 0;
    let caughtUp = false;
    let scannedSinceCheckpoint = 0;
    let lastScanned: bigint | null = null;
    while (!signal.aborted) {
      const record = this.log.recordAt(cursor);
      if (record) {
        cursor++;
        lastScanned = record.position;
        if (filter.matches(record)) await writer.event(record);
        if (filter.checkpointEvery !== null && ++scannedSinceCheckpoint >= filter.checkpointEvery) {
          await writer.checkpoint(record.position);
          scannedSinceCheckpoint = 0;
        }
        continue;
      }
      if (filter.checkpointEvery !== null && scannedSinceCheckpoint > 0 && lastScanned !== null) {
        await writer.checkpoint(lastScanned);
        scannedSinceCheckpoint = 0;
      }
      if (!caughtUp) {
        caughtUp = true;
        await writer.caughtUp(lastScanned ?? (cursor > 0 ? this.log.recordAt(cursor - 1)!.position : null));
      }
      await this.log.nextAppend(signal);
    }
  }

  // ---- appends ----------------------------------------------------------------------------

  private readonly append = (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ) => {
    this.track(call);
    let streamId: string | null = null;
    let expected: ExpectedState = 'any';
    const records: ProposedRecord[] = [];
    call.on('data', (message: AppendReq) => {
      if (message.hasOptions()) {
        const options = message.getOptions()!;
        streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
        expected = options.hasRevision()
          ? BigInt(options.getRevision())
          : options.hasNoStream()
            ? 'no_stream'
            : options.hasStreamExists()
              ? 'stream_exists'
              : 'any';
      } else if (message.hasProposedMessage()) {
        records.push(proposedRecord(message.getProposedMessage()!));
      }
    });
    call.on('end', () => {
      if (streamId === null) return callback(statusError(grpc.status.INVALID_ARGUMENT, 'append without options'));
      if (!this.isLeader && requiresLeader(call.metadata)) return callback(this.v1NotLeader());
      const response = new AppendResp();
      try {
        const [outcome] = this.log.append([{ streamId, expected, records }]).streams;
        const success = new AppendResp.Success();
        if (outcome.revision < 0n) success.setNoStream(new Empty());
        else success.setCurrentRevision(outcome.revision.toString());
        success.setPosition(
          new AppendResp.Position()
            .setCommitPosition(outcome.position.toString())
            .setPreparePosition(outcome.position.toString()),
        );
        response.setSuccess(success);
      } catch (error) {
        if (!(error instanceof ExpectedStateConflict)) return callback(error as Error);
        const [failure] = error.failures;
        const wrong = new AppendResp.WrongExpectedVersion();
        if (failure.actual === 'no_stream') wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(failure.actual.toString());
        if (failure.expected === 'any') wrong.setExpectedAny(new Empty());
        else if (failure.expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (failure.expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedRevision(failure.expected.toString());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  };

  private readonly batchAppend = (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    this.track(call);
    const pending = new Map<string, { streamId: string; expected: ExpectedState; options: BatchAppendReq.Options; records: ProposedRecord[] }>();
    const leaderRequired = requiresLeader(call.metadata);
    call.on('data', (message: BatchAppendReq) => {
      const correlation = message.getCorrelationId()!;
      const key = uuidToString(correlation);
      let batch = pending.get(key);
      if (!batch) {
        const options = message.getOptions();
        if (!options) return;
        const streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
        const expected: ExpectedState = options.hasStreamPosition()
          ? BigInt(options.getStreamPosition())
          : options.hasNoStream()
            ? 'no_stream'
            : options.hasStreamExists()
              ? 'stream_exists'
              : 'any';
        batch = { streamId, expected, options, records: [] };
        pending.set(key, batch);
      }
      for (const proposed of message.getProposedMessagesList()) batch.records.push(proposedRecord(proposed));
      if (!message.getIsFinal()) return;
      pending.delete(key);
      if (!this.isLeader && leaderRequired) return call.destroy(this.v1NotLeader());
      const response = new BatchAppendResp();
      response.setCorrelationId(correlation);
      response.setStreamIdentifier(streamIdentifier(batch.streamId));
      const options = batch.options;
      if (options.hasStreamPosition()) response.setStreamPosition(options.getStreamPosition());
      else if (options.hasNoStream()) response.setNoStream(new GoogleEmpty());
      else if (options.hasStreamExists()) response.setStreamExists(new GoogleEmpty());
      else response.setAny(new GoogleEmpty());
      try {
        const [outcome] = this.log.append([{ streamId: batch.streamId, expected: batch.expected, records: batch.records }]).streams;
        const success = new BatchAppendResp.Success();
        if (outcome.revision < 0n) success.setNoStream(new GoogleEmpty());
        else success.setCurrentRevision(outcome.revision.toString());
        success.setPosition(
          new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()),
        );
        response.setSuccess(success);
      } catch (error) {
        if (!(error instanceof ExpectedStateConflict)) throw error;
        const [failure] = error.failures;
        const details = new WrongExpectedVersion();
        if (failure.actual === 'no_stream') details.setCurrentNoStream(new GoogleEmpty());
        else details.setCurrentStreamRevision(failure.actual.toString());
        if (failure.expected === 'any') details.setExpectedAny(new GoogleEmpty());
        else if (failure.expected === 'no_stream') details.setExpectedNoStream(new GoogleEmpty());
        else if (failure.expected === 'stream_exists') details.setExpectedStreamExists(new GoogleEmpty());
        else details.setExpectedStreamPosition(failure.expected.toString());
        const any = new Any();
        any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        const status = new Status();
        status.setCode(grpc.status.FAILED_PRECONDITION as number);
        status.setMessage(error.message);
        status.setDetails(any);
        response.setError(status);
      }
      call.write(response);
    });
    call.on('end', () => call.end());
  };

  /** The v2 multi-stream append: validated request by request, then one transaction. */
  private readonly appendSession = (
    call: grpc.ServerReadableStream<AppendRequest, AppendSessionResponse>,
    callback: grpc.sendUnaryData<AppendSessionResponse>,
  ) => {
    this.track(call);
    const requests: AppendRequest[] = [];
    call.on('data', (request: AppendRequest) => requests.push(request));
    call.on('end', () => {
      let writes: StreamWriteRequest[];
      try {
        writes = this.validateSession(requests);
      } catch (error) {
        return callback(error as grpc.ServiceError);
      }
      if (!this.isLeader) return callback(this.notLeader());
      let outcome: AppendOutcome;
      try {
        outcome = this.log.append(writes);
      } catch (error) {
        if (!(error instanceof ExpectedStateConflict)) return callback(error as Error);
        return callback(sessionConflict(error));
      }
      const response = new AppendSessionResponse();
      for (const stream of outcome.streams) {
        response.addOutput(new AppendResponse().setStream(stream.streamId).setStreamRevision(stream.revision.toString()));
      }
      const last = outcome.streams.reduce((max, stream) => (stream.position > max ? stream.position : max), 0n);
      response.setPosition(last.toString());
      this.answerCommitted(callback, response);
    });
  };

  /** `AppendSessionCommand.WithRequest` and the request validators, in the server's order. */
  private validateSession(requests: AppendRequest[]): StreamWriteRequest[] {
    if (requests.length === 0) {
      throw richError(grpc.status.FAILED_PRECONDITION, 'STREAMS_ERROR_APPEND_SESSION_NO_REQUESTS', 'An append session needs at least one append request');
    }
    const seen = new Set<string>();
    const writes: StreamWriteRequest[] = [];
    let total = 0;
    let count = 0;
    for (const request of requests) {
      const streamId = request.getStream();
      if (streamId.trim() === '' || streamId === '$$') {
        throw badRequest(`Stream must not be ${streamId === '$$' ? "'$$'" : 'empty'}.`);
      }
      if (request.getRecordsList().length === 0) throw badRequest('Stream append request must contain at least one record');
      const folded = streamId.toLowerCase();
      if (seen.has(folded)) {
        throw richError(
          grpc.status.ABORTED,
          'STREAMS_ERROR_STREAM_ALREADY_IN_APPEND_SESSION',
          `Stream '${streamId}' is already in the append session`,
          {
            typeName: 'kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails',
            bytes: new StreamAlreadyInAppendSessionErrorDetails().setStream(streamId).serializeBinary(),
          },
        );
      }
      seen.add(folded);
      const records: ProposedRecord[] = [];
      for (const appendRecord of request.getRecordsList()) {
        if (appendRecord.hasRecordId() && !isNonEmptyGuid(appendRecord.getRecordId()!)) {
          throw badRequest('Record ID must be a valid and non-empty UUID');
        }
        const record = v2Record(appendRecord);
        if (!SCHEMA_NAME.test(record.type)) {
          throw badRequest('Schema name must not be empty and can only contain alphanumeric characters, underscores, dashes, and periods');
        }
        const size = record.data.length + record.customMetadata.length + Buffer.byteLength(record.type);
        if (size > this.options.maxRecordSize) {
          throw richError(grpc.status.INVALID_ARGUMENT, 'STREAMS_ERROR_APPEND_RECORD_SIZE_EXCEEDED', `The size of record ${record.id} exceeds the maximum allowed`, {
            typeName: 'kurrentdb.protocol.v2.streams.errors.AppendRecordSizeExceededErrorDetails',
            bytes: new AppendRecordSizeExceededErrorDetails()
              .setStream(streamId)
              .setRecordId(record.id)
              .setSize(size)
              .setMaxSize(Math.min(this.options.maxRecordSize, 2 ** 31 - 1))
              .serializeBinary(),
          });
        }
        total += size;
        count++;
        if (total > this.options.maxAppendSize) {
          throw richError(grpc.status.ABORTED, 'STREAMS_ERROR_APPEND_TRANSACTION_SIZE_EXCEEDED', `The append of ${count} records exceeds the maximum allowed size`, {
            typeName: 'kurrentdb.protocol.v2.streams.errors.AppendTransactionSizeExceededErrorDetails',
            bytes: new AppendTransactionSizeExceededErrorDetails().setSize(total).setMaxSize(this.options.maxAppendSize).serializeBinary(),
          });
        }
        records.push(record);
      }
      writes.push({ streamId, expected: v2Expected(request), records });
    }
    return writes;
  }
}

// ---- wire helpers -----------------------------------------------------------------------------

function unimplemented(_call: unknown, callback?: grpc.sendUnaryData<never>) {
  const error = statusError(grpc.status.UNIMPLEMENTED, 'not served by the KurrentDB stand-in');
  if (typeof callback === 'function') callback(error);
  else (_call as grpc.ServerWritableStream<unknown, unknown>).destroy(error);
}

function badRequest(message: string): grpc.ServiceError {
  return richError(grpc.status.INVALID_ARGUMENT, 'SERVER_ERROR_BAD_REQUEST', `The 'AppendRequest' is invalid: ${message}`);
}

function requiresLeader(metadata: grpc.Metadata): boolean {
  return metadata.get('requires-leader').some((value) => String(value) === 'true');
}

/**
 * `AppendSessionCommand.MapToError` for a refused transaction: the first failing stream, or, with
 * no failing stream named, the INTERNAL answer its out-of-range index turns into.
 */
function sessionConflict(conflict: ExpectedStateConflict): grpc.ServiceError {
  const [first] = conflict.failures;
  if (!first) {
    return richError(
      grpc.status.INTERNAL,
      'SERVER_ERROR_SERVER_MALFUNCTION',
      'An internal server error occurred. Please contact support if the problem persists.\n' +
        'Append Session failed to map error: Index was outside the bounds of the array.',
    );
  }
  const details = new StreamRevisionConflictErrorDetails()
    .setStream(first.streamId)
    .setExpectedRevision(v2Revision(first.expected))
    .setActualRevision(first.actual === 'no_stream' ? '-1' : first.actual.toString());
  return richError(grpc.status.FAILED_PRECONDITION, 'STREAMS_ERROR_STREAM_REVISION_CONFLICT', conflict.message, {
    typeName: 'kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails',
    bytes: details.serializeBinary(),
  });
}

function streamIdentifier(streamId: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));
}

function uuidToString(uuid: UUID): string {
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const hex = (value: string) => (BigInt(value) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
    const most = hex(structured.getMostSignificantBits());
    const least = hex(structured.getLeastSignificantBits());
    return `${most.slice(0, 8)}-${most.slice(8, 12)}-${most.slice(12)}-${least.slice(0, 4)}-${least.slice(4)}`;
  }
  return uuid.getString();
}

function uuidMessage(id: string, asString: boolean): UUID {
  const uuid = new UUID();
  if (asString) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const signed = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return uuid.setStructured(
    new UUID.Structured().setMostSignificantBits(signed(hex.slice(0, 16))).setLeastSignificantBits(signed(hex.slice(16))),
  );
}

function isNonEmptyGuid(text: string): boolean {
  return GUID.test(text) && /[1-9a-f]/i.test(text);
}

/** A GUID in the one form the server gives back: lower case, with dashes. */
function canonicalGuid(text: string): string {
  const hex = text.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function proposedRecord(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedRecord {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId() ? canonicalGuid(uuidToString(message.getId()!)) : randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function v2Expected(request: AppendRequest): ExpectedState {
  if (!request.hasExpectedRevision()) return 'any';
  const value = BigInt(request.getExpectedRevision()!);
  if (value === -1n) return 'no_stream';
  if (value === -2n) return 'any';
  if (value === -4n) return 'stream_exists';
  return value;
}

function v2Revision(expected: ExpectedState): string {
  if (expected === 'no_stream') return '-1';
  if (expected === 'any') return '-2';
  if (expected === 'stream_exists') return '-4';
  return expected.toString();
}

/** A v2 record becomes a v1 event: its properties are exposed as JSON custom metadata. */
function v2Record(record: AppendRecord): ProposedRecord {
  const properties: Record<string, unknown> = {};
  record.getPropertiesMap().forEach((value: Value, key: string) => {
    properties[key] = value.hasStringValue() ? value.getStringValue() : value.toJavaScript();
  });
  const schema = record.getSchema();
  const format = schema?.getFormat() ?? SchemaFormat.SCHEMA_FORMAT_UNSPECIFIED;
  return {
    id: record.hasRecordId() ? canonicalGuid(record.getRecordId()!) : randomUUID(),
    type: schema?.getName() ?? '',
    contentType: format === SchemaFormat.SCHEMA_FORMAT_JSON ? 'application/json' : 'application/octet-stream',
    data: record.getData_asU8(),
    customMetadata: Object.keys(properties).length > 0 ? Buffer.from(JSON.stringify(properties)) : new Uint8Array(),
  };
}

interface RecordFilter {
  matches(record: StoredRecord): boolean;
  /** Send a checkpoint after this many scanned records; null when the read is unfiltered. */
  checkpointEvery: number | null;
}

function readFilter(options: ReadReq.Options): RecordFilter {
  if (!options.hasFilter()) return { matches: () => true, checkpointEvery: null };
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : null;
  const prefixes = expression.getPrefixList();
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_FILTER_WINDOW;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier());
  return {
    matches: (record) => {
      const subject = onStream ? record.streamId : record.type;
      if (regex && !regex.test(subject)) return false;
      if (prefixes.length > 0 && !prefixes.some((prefix) => subject.startsWith(prefix))) return false;
      return true;
    },
    checkpointEvery: window * multiplier,
  };
}

/** Writes read responses, honouring the call's back-pressure and its cancellation. */
class ReadWriter {
  constructor(
    private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    private readonly uuidAsString: boolean,
    private readonly signal: AbortSignal,
  ) {}

  async write(response: ReadResp): Promise<void> {
    if (this.signal.aborted) throw new Error('call ended');
    if (!this.call.write(response)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.signal.removeEventListener('abort', done);
          resolve();
        };
        this.call.once('drain', done);
        this.signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  event(record: StoredRecord): Promise<void> {
    const recorded = new ReadResp.ReadEvent.RecordedEvent();
    recorded.setId(uuidMessage(record.id, this.uuidAsString));
    recorded.setStreamIdentifier(streamIdentifier(record.streamId));
    recorded.setStreamRevision(record.revision.toString());
    recorded.setCommitPosition(record.position.toString());
    recorded.setPreparePosition(record.position.toString());
    const metadata = recorded.getMetadataMap();
    metadata.set('type', record.type);
    metadata.set('content-type', record.contentType);
    metadata.set('created', record.createdTicks.toString());
    recorded.setCustomMetadata(record.customMetadata);
    recorded.setData(record.data);
    const event = new ReadResp.ReadEvent();
    event.setEvent(recorded);
    event.setCommitPosition(record.position.toString());
    return this.write(new ReadResp().setEvent(event));
  }

  checkpoint(position: bigint): Promise<void> {
    const checkpoint = new ReadResp.Checkpoint()
      .setCommitPosition(position.toString())
      .setPreparePosition(position.toString())
      .setTimestamp(Timestamp.fromDate(new Date()));
    return this.write(new ReadResp().setCheckpoint(checkpoint));
  }

  caughtUp(position: bigint | null): Promise<void> {
    const caughtUp = new ReadResp.CaughtUp().setTimestamp(Timestamp.fromDate(new Date()));
    if (position !== null) {
      caughtUp.setPosition(new ReadResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
    }
    return this.write(new ReadResp().setCaughtUp(caughtUp));
  }
}

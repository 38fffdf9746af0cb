/**
 * A wire-level stand-in for a KurrentDB node: a gRPC server (@grpc/grpc-js) built on the service
 * definitions that ship inside `@kurrent/kurrentdb-client`, keeping its data in memory. Both of
 * the client's paths talk to it: the Node.js gRPC path (appends, subscriptions, server features)
 * and the native `@kurrent/bridge` (a Rust client that opens its own HTTP/2 connection for
 * `readStream` / `readAll`).
 *
 * It is a TEST DOUBLE, not a database. Its limits:
 * - Memory only: everything is gone when the process ends. No durability, no fsync, no scavenging.
 * - One node: no gossip, no leader election, no `NotLeader` redirects, no TLS, no authentication
 *   (credentials are ignored, every call is allowed), no ACLs, no stream metadata/truncation.
 * - Served: server features; `Streams.Append`; `Streams.BatchAppend`; the v2
 *   `StreamsService.AppendSession` (multi-stream append, all or nothing); `Streams.Read` of one
 *   stream and of `$all`, forwards and backwards, with event-type / stream-name filters (prefixes
 *   or a JavaScript regular expression standing in for .NET's); subscriptions to `$all` with
 *   confirmation, checkpoint and caught-up messages.
 * - Not served (UNIMPLEMENTED): subscriptions to a single stream, delete, tombstone, persistent
 *   subscriptions, projections, operations, users, gossip, `AppendRecords` (26.1).
 * - The v2 append session validates like the server: stream and schema (event type) names of
 *   letters, digits, `_`, `.` and `-` only, no stream twice in one session, at least one stream.
 * - Positions: commit position == prepare position for every record (no explicit transactions);
 *   positions grow by a record-size-like step so they are never a dense counter.
 * - Link events are never produced, so `resolveLinkTos` has nothing to resolve.
 * - Fell-behind messages are never sent; a slow subscriber just reads the log at its own pace.
 * - Event-id idempotency of real appends (same id + same expected version → no-op) is not modelled.
 *
 * `dropAllConnections()` cuts every call and HTTP/2 session but keeps the log, then serves again
 * on the same port: the way a test simulates a network partition or a node restart.
 *
 * In a test: `const standIn = await KurrentDbStandIn.start();` then
 * `KurrentDbEventStore.connect(`${standIn.connectionString}&discoveryInterval=10`)` (the native
 * reader otherwise waits 500 ms before its first connection), and `await standIn.close()` after.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Value } from 'google-protobuf/google/protobuf/struct_pb';
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
import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import {
  AppendRecord,
  AppendRequest,
  AppendResponse,
  AppendSessionResponse,
  SchemaFormat,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import {
  StreamAlreadyInAppendSessionErrorDetails,
  StreamRevisionConflictErrorDetails,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import {
  ExpectedState,
  ExpectedStateConflict,
  InMemoryLog,
  ProposedRecord,
  StoredRecord,
} from './in-memory-log';

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
  /** Write a few `$`-typed system events first, as a real node does, so filters are exercised. */
  systemEvents?: boolean;
}

const STREAMS_SERVICE = 'event_store.client.streams.Streams';
const V2_STREAMS_SERVICE = 'kurrentdb.protocol.v2.streams.StreamsService';
const FEATURES_SERVICE = 'event_store.client.server_features.ServerFeatures';
const ALL_STREAM = '$all';
const DEFAULT_FILTER_WINDOW = 32;
/** What the server's v2 API accepts as a stream or schema name. */
const V2_NAME = /^[a-zA-Z0-9_.-]+$/;

export class KurrentDbStandIn {
  readonly log = new InMemoryLog();
  /** How many subscriptions to `$all` were opened, for tests that expect a resubscription. */
  subscriptionsOpened = 0;
  private server: grpc.Server | null = null;
  private boundPort = 0;
  private readonly liveCalls = new Set<AbortController>();
  private readonly options: Required<KurrentDbStandInOptions>;

  private constructor(options: KurrentDbStandInOptions) {
    this.options = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      serverVersion: options.serverVersion ?? '25.1.0',
      multiStreamAppend: options.multiStreamAppend ?? true,
      systemEvents: options.systemEvents ?? true,
    };
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

  private writeSystemEvents(): void {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    this.log.append([
      {
        streamId: '$projections-$all',
        expected: 'any',
        records: [
          { id: randomUUID(), type: '$ProjectionsInitialized', contentType: 'application/json', data: json({}), customMetadata: new Uint8Array() },
        ],
      },
      {
        streamId: '$$$stand-in',
        expected: 'any',
        records: [
          { id: randomUUID(), type: '$metadata', contentType: 'application/json', data: json({ $maxAge: 86400 }), customMetadata: new Uint8Array() },
        ],
      },
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

  // ---- server features --------------------------------------------------------------------

  private readonly getSupportedMethods = (
    _call: grpc.ServerUnaryCall<Empty, SupportedMethods>,
    callback: grpc.sendUnaryData<SupportedMethods>,
  ) => {
    const methods: Array<[string, string, string[]]> = [
      [FEATURES_SERVICE, 'getsupportedmethods', []],
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
      const response = new AppendResp();
      try {
        const [outcome] = this.log.append([{ streamId, expected, records }]);
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
        const wrong = new AppendResp.WrongExpectedVersion();
        if (error.actual === 'no_stream') wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(error.actual.toString());
        if (error.expected === 'any') wrong.setExpectedAny(new Empty());
        else if (error.expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (error.expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedRevision(error.expected.toString());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  };

  private readonly batchAppend = (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    this.track(call);
    const pending = new Map<string, { streamId: string; expected: ExpectedState; options: BatchAppendReq.Options; records: ProposedRecord[] }>();
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
      const response = new BatchAppendResp();
      response.setCorrelationId(correlation);
      response.setStreamIdentifier(streamIdentifier(batch.streamId));
      const options = batch.options;
      if (options.hasStreamPosition()) response.setStreamPosition(options.getStreamPosition());
      else if (options.hasNoStream()) response.setNoStream(new GoogleEmpty());
      else if (options.hasStreamExists()) response.setStreamExists(new GoogleEmpty());
      else response.setAny(new GoogleEmpty());
      try {
        const [outcome] = this.log.append([{ streamId: batch.streamId, expected: batch.expected, records: batch.records }]);
        const success = new BatchAppendResp.Success();
        if (outcome.revision < 0n) success.setNoStream(new GoogleEmpty());
        else success.setCurrentRevision(outcome.revision.toString());
        success.setPosition(
          new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()),
        );
        response.setSuccess(success);
      } catch (error) {
        if (!(error instanceof ExpectedStateConflict)) throw error;
        const details = new WrongExpectedVersion();
        if (error.actual === 'no_stream') details.setCurrentNoStream(new GoogleEmpty());
        else details.setCurrentStreamRevision(error.actual.toString());
        if (error.expected === 'any') details.setExpectedAny(new GoogleEmpty());
        else if (error.expected === 'no_stream') details.setExpectedNoStream(new GoogleEmpty());
        else if (error.expected === 'stream_exists') details.setExpectedStreamExists(new GoogleEmpty());
        else details.setExpectedStreamPosition(error.expected.toString());
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

  private readonly appendSession = (
    call: grpc.ServerReadableStream<AppendRequest, AppendSessionResponse>,
    callback: grpc.sendUnaryData<AppendSessionResponse>,
  ) => {
    this.track(call);
    const requests: AppendRequest[] = [];
    call.on('data', (request: AppendRequest) => requests.push(request));
    call.on('end', () => {
      if (requests.length === 0) return callback(statusError(grpc.status.INVALID_ARGUMENT, 'an append session needs at least one request'));
      const seen = new Set<string>();
      const writes = [];
      for (const request of requests) {
        const streamId = request.getStream();
        const badName = [streamId, ...request.getRecordsList().map((record) => record.getSchema()?.getName() ?? '')].find(
          (name) => !V2_NAME.test(name),
        );
        if (badName !== undefined) {
          return callback(
            statusError(grpc.status.INVALID_ARGUMENT, `"${badName}": names can only contain alphanumeric characters, underscores, dashes, and periods`),
          );
        }
        if (seen.has(streamId.toLowerCase())) {
          const details = new StreamAlreadyInAppendSessionErrorDetails().setStream(streamId);
          return callback(
            richError(grpc.status.ABORTED, `stream ${streamId} is already in this append session`, details.serializeBinary(), 'kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails'),
          );
        }
        seen.add(streamId.toLowerCase());
        writes.push({ streamId, expected: v2Expected(request), records: request.getRecordsList().map(v2Record) });
      }
      try {
        const outcomes = this.log.append(writes);
        const response = new AppendSessionResponse();
        for (const outcome of outcomes) {
          response.addOutput(
            new AppendResponse()
              .setStream(outcome.streamId)
              .setStreamRevision(outcome.revision.toString())
              .setPosition(outcome.position.toString()),
          );
        }
        const last = outcomes.reduce((max, outcome) => (outcome.position > max ? outcome.position : max), 0n);
        response.setPosition(last.toString());
        callback(null, response);
      } catch (error) {
        if (!(error instanceof ExpectedStateConflict)) return callback(error as Error);
        const details = new StreamRevisionConflictErrorDetails()
          .setStream(error.streamId)
          .setExpectedRevision(v2Revision(error.expected))
          .setActualRevision(error.actual === 'no_stream' ? '-1' : error.actual.toString());
        callback(
          richError(grpc.status.FAILED_PRECONDITION, error.message, details.serializeBinary(), 'kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails'),
        );
      }
    });
  };
}

// ---- wire helpers -----------------------------------------------------------------------------

function unimplemented(_call: unknown, callback?: grpc.sendUnaryData<never>) {
  const error = statusError(grpc.status.UNIMPLEMENTED, 'not served by the KurrentDB stand-in');
  if (typeof callback === 'function') callback(error);
  else (_call as grpc.ServerWritableStream<unknown, unknown>).destroy(error);
}

function statusError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

/** An error carrying google.rpc.Status details the way KurrentDB sends them. */
function richError(code: grpc.status, message: string, detail: Uint8Array, typeName: string): grpc.ServiceError {
  const any = new Any();
  any.pack(detail, typeName);
  const status = new Status();
  status.setCode(code as number);
  status.setMessage(message);
  status.setDetails(any);
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(message), { code, details: message, metadata });
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

function proposedRecord(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedRecord {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId() ? uuidToString(message.getId()!) : randomUUID(),
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
    id: record.hasRecordId() ? record.getRecordId()! : randomUUID(),
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

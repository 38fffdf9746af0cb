/**
 * The data behind the KurrentDB stand-in: one global log of records plus an index by stream.
 * It outlives the gRPC servers that serve it, so a test can drop every connection, or move the
 * leader of a stand-in cluster, and serve the same data again. Commit positions grow by the
 * record's size, like byte offsets in a real log, so nothing downstream can get away with treating
 * positions as a dense counter.
 *
 * Appends decide like the server's writer, per stream and then for the whole transaction:
 * - per stream, `IndexWriter.CheckCommit` (src/KurrentDB.Core/Services/Storage/ReaderIndex/
 *   IndexWriter.cs): Ok, WrongExpectedVersion, Idempotent (every event id is already in the stream
 *   where the expectation puts it, or, for `any`/`stream_exists`, anywhere in that stream) or
 *   CorruptedIdempotency (the first ids are stored, a later one is not);
 * - for the transaction, `StorageWriterService.VerifyCommitChecks`
 *   (src/KurrentDB.Core/Services/Storage/StorageWriterService.cs): all Ok → written; all
 *   Idempotent → answered as already committed, with the stored revisions and positions; Ok mixed
 *   with WrongExpectedVersion → a conflict listing the failing streams; anything else (a
 *   CorruptedIdempotency, or Idempotent streams mixed with others) → a conflict whose list of
 *   failing streams is EMPTY when more than one stream is written (index 0 for a single stream).
 * Differences, kept on purpose: the server remembers committed event ids in a bounded cache and
 * falls back to reading the stream; here the index keeps every id (the same answers while the
 * cache holds them). No soft deletes, tombstones or "idempotent but not yet replicated" drops.
 */

export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface ProposedRecord {
  /** A lowercase GUID, as the server stores and returns it. */
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StoredRecord extends ProposedRecord {
  streamId: string;
  revision: bigint;
  /** Commit and prepare position are equal: the stand-in has no explicit transactions. */
  position: bigint;
  /** 100 ns ticks since the Unix epoch, as the server sends in the `created` metadata. */
  createdTicks: bigint;
}

export interface StreamWriteRequest {
  streamId: string;
  expected: ExpectedState;
  records: ProposedRecord[];
}

export interface StreamWriteOutcome {
  streamId: string;
  revision: bigint;
  position: bigint;
}

export interface AppendOutcome {
  /** False when every stream was found idempotent: nothing new was written. */
  written: boolean;
  streams: StreamWriteOutcome[];
}

/** One stream whose expectation did not hold, by its index in the transaction. */
export interface ConflictFailure {
  streamIndex: number;
  streamId: string;
  expected: ExpectedState;
  actual: bigint | 'no_stream';
}

/**
 * A transaction the writer refused; nothing of it was stored. `failures` is empty in the case
 * `VerifyCommitChecks` answers without naming a stream (see the header).
 */
export class ExpectedStateConflict extends Error {
  constructor(readonly failures: ConflictFailure[]) {
    super(
      failures.length === 0
        ? 'wrong expected version (idempotent and conflicting streams in one transaction)'
        : `wrong expected version on ${failures[0].streamId}: expected ${String(failures[0].expected)}, actual ${String(failures[0].actual)}`,
    );
  }
}

type CommitDecision =
  | { kind: 'ok' }
  | { kind: 'wrong-expected-version' }
  | { kind: 'corrupted-idempotency' }
  | { kind: 'idempotent'; last: StoredRecord };

export class InMemoryLog {
  private readonly records: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  /** Event id → the record holding it: the writer's committed-events index. */
  private readonly committed = new Map<string, StoredRecord>();
  private nextPosition = 128n;
  private waiters: Array<() => void> = [];

  /** Head of the log: the position a reader at the very end stands on. */
  get endPosition(): bigint {
    return this.nextPosition;
  }

  get size(): number {
    return this.records.length;
  }

  currentRevision(streamId: string): bigint | 'no_stream' {
    const stream = this.streams.get(streamId);
    return stream && stream.length > 0 ? BigInt(stream.length - 1) : 'no_stream';
  }

  stream(streamId: string): readonly StoredRecord[] | undefined {
    return this.streams.get(streamId);
  }

  /** Records with position >= `from` (forwards), in log order. */
  recordsFrom(from: bigint): StoredRecord[] {
    return this.records.slice(this.firstIndexAtOrAfter(from));
  }

  /** Records with position < `before`, newest first. */
  recordsBefore(before: bigint): StoredRecord[] {
    return this.records.slice(0, this.firstIndexAtOrAfter(before)).reverse();
  }

  /** Index of the first record at or after a position; records are sorted by position. */
  firstIndexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  recordAt(index: number): StoredRecord | undefined {
    return this.records[index];
  }

  /**
   * Appends to one or more streams as one transaction: every stream is checked first (see the
   * header), so the transaction is all or nothing, and a resend of one already stored is
   * answered with what was stored.
   */
  append(writes: StreamWriteRequest[], now: Date = new Date()): AppendOutcome {
    const decisions = writes.map((write) => this.checkCommit(write));
    const count = (kind: CommitDecision['kind']) => decisions.filter((d) => d.kind === kind).length;
    const failure = (index: number): ConflictFailure => ({
      streamIndex: index,
      streamId: writes[index].streamId,
      expected: writes[index].expected,
      actual: this.currentRevision(writes[index].streamId),
    });
    if (count('ok') === writes.length) return { written: true, streams: this.write(writes, now) };
    if (count('idempotent') === writes.length) {
      const streams = decisions.map((decision, index) => {
        const last = (decision as Extract<CommitDecision, { kind: 'idempotent' }>).last;
        return { streamId: writes[index].streamId, revision: last.revision, position: last.position };
      });
      return { written: false, streams };
    }
    if (count('ok') + count('wrong-expected-version') === writes.length) {
      throw new ExpectedStateConflict(decisions.flatMap((d, index) => (d.kind === 'wrong-expected-version' ? [failure(index)] : [])));
    }
    throw new ExpectedStateConflict(writes.length === 1 ? [failure(0)] : []);
  }

  /** `IndexWriter.CheckCommit`, for one stream of a transaction. */
  private checkCommit(write: StreamWriteRequest): CommitDecision {
    const stream = this.streams.get(write.streamId) ?? [];
    const ids = write.records.map((record) => record.id);
    const expected = write.expected;
    if (stream.length === 0) {
      return expected === 'any' || expected === 'no_stream' ? { kind: 'ok' } : { kind: 'wrong-expected-version' };
    }
    const current = BigInt(stream.length - 1);
    if (expected === 'any' || expected === 'stream_exists') {
      let last: StoredRecord | null = null;
      for (const [index, id] of ids.entries()) {
        const found = this.committed.get(id);
        if (!found || found.streamId !== write.streamId) return { kind: index === 0 ? 'ok' : 'corrupted-idempotency' };
        last = found;
      }
      return last ? { kind: 'idempotent', last } : { kind: 'ok' };
    }
    const expectedRevision = expected === 'no_stream' ? -1n : expected;
    if (expectedRevision < current) {
      let revision = expectedRevision;
      for (const id of ids) {
        revision += 1n;
        const there = revision <= current ? stream[Number(revision)] : undefined;
        if (there?.id === id) continue;
        return { kind: revision === expectedRevision + 1n ? 'wrong-expected-version' : 'corrupted-idempotency' };
      }
      return revision === expectedRevision ? { kind: 'wrong-expected-version' } : { kind: 'idempotent', last: stream[Number(revision)] };
    }
    return expectedRevision > current ? { kind: 'wrong-expected-version' } : { kind: 'ok' };
  }

  private write(writes: StreamWriteRequest[], now: Date): StreamWriteOutcome[] {
    const createdTicks = BigInt(now.getTime()) * 10_000n;
    const outcomes: StreamWriteOutcome[] = [];
    for (const write of writes) {
      let stream = this.streams.get(write.streamId);
      if (!stream) {
        stream = [];
        this.streams.set(write.streamId, stream);
      }
      for (const record of write.records) {
        const stored: StoredRecord = {
          ...record,
          streamId: write.streamId,
          revision: BigInt(stream.length),
          position: this.nextPosition,
          createdTicks,
        };
        this.nextPosition += BigInt(64 + record.data.length + record.customMetadata.length + write.streamId.length);
        stream.push(stored);
        this.records.push(stored);
        this.committed.set(stored.id, stored);
      }
      const last = stream[stream.length - 1];
      outcomes.push({
        streamId: write.streamId,
        revision: last ? last.revision : -1n,
        position: last ? last.position : this.nextPosition,
      });
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return outcomes;
  }

  /** Resolves on the next append (or when `signal` aborts), whichever comes first. */
  nextAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.push(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

/**
 * The data behind the KurrentDB stand-in: one global log of records plus an index by stream.
 * It outlives the gRPC server that serves it, so a test can drop every connection and serve the
 * same data again. Commit positions grow by the record's size, like byte offsets in a real log,
 * so nothing downstream can get away with treating positions as a dense counter.
 */

export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface ProposedRecord {
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

/** A write whose expected state did not hold; nothing of the transaction was stored. */
export class ExpectedStateConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedState,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`wrong expected version on ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export class InMemoryLog {
  private readonly records: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
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
   * Appends to several streams at once: every expected state is checked before anything is
   * stored, so the transaction is all or nothing.
   */
  append(writes: StreamWriteRequest[], now: Date = new Date()): StreamWriteOutcome[] {
    for (const write of writes) {
      const actual = this.currentRevision(write.streamId);
      if (!expectationHolds(write.expected, actual)) {
        throw new ExpectedStateConflict(write.streamId, write.expected, actual);
      }
    }
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

function expectationHolds(expected: ExpectedState, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

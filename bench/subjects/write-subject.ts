/** A stream an append writes one event to, and the revision the writer expects it at. */
export interface StreamTarget {
  streamId: string;
  /** 0-based revision of the stream's last event, or 'no-stream' when it must not exist yet. */
  expected: number | 'no-stream';
}

/**
 * What W1–W3 drive: one atomic append of one event per target stream. An append resolves only
 * once it is durable at the subject's configured durability, and rejects on a revision conflict.
 */
export interface WriteSubject {
  append(targets: StreamTarget[], payload: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
  /** Facts worth printing beside the figures (how multi-stream atomicity was obtained, batch sizes). */
  notes(): string[];
}

/** Raw subjects write synchronously, so they can take whole groups of appends in one transaction. */
export interface BatchingSubject {
  appendBatch(appends: { targets: StreamTarget[]; payload: Record<string, unknown> }[]): void;
  close(): Promise<void>;
  notes(): string[];
}

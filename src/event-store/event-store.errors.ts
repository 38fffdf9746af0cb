import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** A stream was not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | null,
  ) {
    super(`stream ${streamId} expected at ${String(expected)} but is at ${actual === null ? 'no-stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An idempotency key came back with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Some, but not all, event ids of an append are already stored: not a clean retry. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored by a different append`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot serve (unreachable server, unsupported server version, closed). */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The store refuses this append as it stands, and would refuse it again unchanged: it is larger
 * than the server accepts, or it touches streams the server cannot write in one atomic append.
 * Nothing of it was stored.
 */
export class AppendRefusedError extends Error {
  constructor(
    readonly reason: 'too-large' | 'streams-differ-only-in-case',
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AppendRefusedError';
  }
}

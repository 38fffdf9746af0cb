import type { ProblemCode } from '../problems';
import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** Errors of every store; `code` is from the problem catalogue, which gives the HTTP answer. */
export abstract class EventStoreError extends Error {
  abstract readonly code: ProblemCode;
}

/** A stream was not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'concurrent-modification';
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
export class IdempotencyKeyReusedError extends EventStoreError {
  readonly code = 'idempotency-key-reused';
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Keys claimed by an append were already stored: the append stored nothing. */
export class IdempotencyKeysStoredError extends EventStoreError {
  readonly code = 'idempotency-keys-stored';
  constructor(readonly idempotencyKeys: readonly string[]) {
    super(`idempotency keys already stored: ${idempotencyKeys.join(', ')}`);
    this.name = 'IdempotencyKeysStoredError';
  }
}

/** Some, but not all, event ids of an append are already stored: not a clean retry. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate-event';
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored by a different append`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot serve (unreachable server, unsupported server version, closed). */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'store-unavailable';
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
export class AppendRefusedError extends EventStoreError {
  readonly code: 'append-too-large' | 'streams-differ-only-in-case';
  constructor(
    readonly reason: 'too-large' | 'streams-differ-only-in-case',
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.code = reason === 'too-large' ? 'append-too-large' : 'streams-differ-only-in-case';
    this.name = 'AppendRefusedError';
  }
}

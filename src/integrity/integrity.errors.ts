import type { ProblemCode } from '../problems';

/**
 * Typed errors of the integrity core. Each carries a code from the problem catalogue so the HTTP
 * filter and the CLI can map them without reading messages.
 */
export abstract class IntegrityError extends Error {
  abstract readonly code: ProblemCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tree size, leaf index or proof range that the log cannot answer (e.g. beyond its size). */
export class TreeSizeOutOfRangeError extends IntegrityError {
  readonly code = 'tree-size-out-of-range';
}

/** Leaves offered to the Merkle log out of global order (a position not after the last one). */
export class MerkleLogOrderError extends IntegrityError {
  readonly code = 'merkle-log-order';
}

/** A signed note or checkpoint that does not follow c2sp.org/signed-note or tlog-checkpoint. */
export class CheckpointFormatError extends IntegrityError {
  readonly code = 'checkpoint-format';
}

/** No signature on a note verifies with the trusted key, or one from that key fails. */
export class CheckpointSignatureError extends IntegrityError {
  readonly code = 'checkpoint-signature';
}

/** A signing key file that exists but cannot be used (wrong type, unreadable). */
export class SigningKeyError extends IntegrityError {
  readonly code = 'signing-key';
}

/** The log no longer reproduces a checkpoint it signed: signing again would fork its history. */
export class CheckpointConflictError extends IntegrityError {
  readonly code = 'checkpoint-conflict';
}

/** The Merkle log disagrees with the event log it projects: it must neither sign nor prove until rebuilt. */
export class MerkleLogDisagreesError extends IntegrityError {
  readonly code = 'merkle-log-disagrees';
}

/** The integrity file cannot be read as a database (truncated, overwritten). */
export class IntegrityFileDamagedError extends IntegrityError {
  readonly code = 'integrity-file-damaged';
}

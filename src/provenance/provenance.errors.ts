import type { Position } from '../event-store/event-store.port';
import type { ProblemCode } from '../problems';

/** Errors of the provenance queries; `code` is from the problem catalogue, which gives the HTTP answer. */
export abstract class ProvenanceError extends Error {
  abstract readonly code: ProblemCode;
}

/** The lot did not exist (as of the asked position). */
export class LotNotFoundError extends ProvenanceError {
  readonly code = 'lot-not-found';
  constructor(readonly lotId: string) {
    super(`lot ${lotId} is not in the ledger`);
  }
}

/** Nothing was ever recorded at or from that facility (as of the asked position). */
export class FacilityNotFoundError extends ProvenanceError {
  readonly code = 'facility-not-found';
  constructor(readonly facilityId: string) {
    super(`facility ${facilityId} is not in the ledger`);
  }
}

/** `asOf` is neither a position nor an RFC 3339 instant. */
export class InvalidAsOfError extends ProvenanceError {
  readonly code = 'invalid-as-of';
  constructor(readonly asOf: string) {
    super(`asOf must be a global position (digits) or an RFC 3339 time, got "${asOf}"`);
  }
}

/** The read models have not reached the asked position yet (wait, then ask again). */
export class PositionNotYetProjectedError extends ProvenanceError {
  readonly code = 'position-not-yet-projected';
  constructor(
    readonly asked: Position,
    readonly reached: Position | null,
  ) {
    super(`the read models are at position ${reached ?? 'none'}, not yet at ${asked}`);
  }
}

/** The watch list was not created (as of the asked position). */
export class WatchlistNotFoundError extends ProvenanceError {
  readonly code = 'watchlist-not-found';
  constructor(readonly listId: string) {
    super(`watch list ${listId} is not in the ledger`);
  }
}

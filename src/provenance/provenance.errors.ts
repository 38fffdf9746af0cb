import type { Position } from '../event-store/event-store.port';

/** Errors of the provenance queries; `code` is stable, for the problem+json filter to map. */
export abstract class ProvenanceError extends Error {
  abstract readonly code: string;
}

/** 404: the lot did not exist (as of the asked position). */
export class LotNotFoundError extends ProvenanceError {
  readonly code = 'lot-not-found';
  constructor(readonly lotId: string) {
    super(`lot ${lotId} is not in the ledger`);
  }
}

/** 404: nothing was ever recorded at or from that facility (as of the asked position). */
export class FacilityNotFoundError extends ProvenanceError {
  readonly code = 'facility-not-found';
  constructor(readonly facilityId: string) {
    super(`facility ${facilityId} is not in the ledger`);
  }
}

/** 400: `asOf` is neither a position nor an RFC 3339 instant. */
export class InvalidAsOfError extends ProvenanceError {
  readonly code = 'invalid-as-of';
  constructor(readonly asOf: string) {
    super(`asOf must be a global position (digits) or an RFC 3339 time, got "${asOf}"`);
  }
}

/** 503: the read models have not reached the asked position yet (wait, then ask again). */
export class PositionNotYetProjectedError extends ProvenanceError {
  readonly code = 'position-not-yet-projected';
  constructor(
    readonly asked: Position,
    readonly reached: Position | null,
  ) {
    super(`the read models are at position ${reached ?? 'none'}, not yet at ${asked}`);
  }
}

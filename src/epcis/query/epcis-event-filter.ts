import type { LotRole } from './epcis-rendering';

/**
 * What a query asks of the EPCIS event index, one field per query parameter of the contract
 * (`../shared/reference/epcis.md`): fields combine with AND, the values of one field with OR.
 * Values are already in the form the index keeps (CBV terms; instants in microseconds).
 */
export interface EpcisEventFilter {
  /** `eventType`. */
  eventTypes?: readonly string[];
  /** `GE_eventTime` (inclusive) and `LT_eventTime` (exclusive), microseconds since the epoch. */
  eventTimeFrom?: number;
  eventTimeBefore?: number;
  /** `GE_recordTime` and `LT_recordTime`. */
  recordTimeFrom?: number;
  recordTimeBefore?: number;
  /** `EQ_bizStep`, as `bizStepTerm`s. */
  bizSteps?: readonly string[];
  /** `EQ_bizLocation` and `EQ_readPoint`: facility URIs (ledger URN, SGLN or Digital Link), matched by the facility they name. */
  bizLocations?: readonly string[];
  readPoints?: readonly string[];
  /**
   * `MATCH_epcClass`, `MATCH_inputEPCClass`, `MATCH_outputEPCClass`, `MATCH_anyEPCClass`: lot
   * classes (ledger URN, LGTIN or Digital Link), matched by the lot they name, in the given roles.
   * Each entry is one parameter; they combine with AND.
   */
  epcClasses?: readonly { roles: readonly LotRole[]; classes: readonly string[] }[];
  /** `EQ_eventID`. */
  eventIds?: readonly string[];
  /** `EXISTS_errorDeclaration`: only error declarations. */
  withErrorDeclaration?: boolean;
  /** `EQ_errorReason`, as `errorReasonTerm`s. */
  errorReasons?: readonly string[];
  /** `EQ_correctiveEventID`. */
  correctiveEventIds?: readonly string[];
  /**
   * The resource a narrowed path names (`/eventTypes/{eventType}/events`,
   * `/bizSteps/{bizStep}/events`, `/bizLocations/{bizLocation}/events`), on top of the parameters.
   */
  narrowedTo?: { eventType?: string; bizStep?: string; bizLocation?: string };
}

/** The reader rule (`src/access/`): auditors and regulators read every event, an operator those of lots it holds or held. */
export type EventReader = { kind: 'everything' } | { kind: 'party'; partyId: string };

import { amendAnnexSlice } from './decide-amend-annex';
import { amendWatchlistSlice } from './decide-amend-watchlist';
import { createWatchlistSlice } from './decide-create-watchlist';
import { raiseScreeningFlagSlice } from './decide-raise-screening-flag';
import { recordWatchlistScreeningSlice } from './decide-record-watchlist-screening';
import { resolveScreeningFlagSlice } from './decide-resolve-screening-flag';
import { correctEventSlice } from './decide-correct-event';
import { raiseFlagSlice } from './decide-raise-flag';
import { receiveLotSlice } from './decide-receive-lot';
import { recordCertificationSlice } from './decide-record-certification';
import { recordLotOriginSlice } from './decide-record-lot-origin';
import { registerFacilitySlice } from './decide-register-facility';
import { registerPartySlice } from './decide-register-party';
import { resolveFlagSlice } from './decide-resolve-flag';
import { retireLotSlice } from './decide-retire-lot';
import { shipLotSlice } from './decide-ship-lot';
import { transformLotsSlice } from './decide-transform-lots';
import type {
  Composition,
  FacilityKind,
  Feedstock,
  FlagCategory,
  FlagOutcome,
  FlagSeverity,
  FlagSubject,
  Grams,
  LotForm,
  PartyIdentifiers,
  PartyRole,
  RetirementReason,
  ScreeningMatch,
  ScreeningSource,
  Subject,
  WatchlistCategory,
  WatchlistEntry,
} from './events';
import type { AnySlice } from './slice';

/**
 * Commands, as the domain receives them: already validated for shape by the HTTP layer, masses
 * already converted from decimal-string kilograms to integer grams. Every command names the
 * acting party; its roles travel with it so the domain can check authority without a lookup.
 */
export interface Actor {
  partyId: string;
  roles: readonly PartyRole[];
}

export interface RegisterParty {
  type: 'RegisterParty';
  actor: Actor;
  partyId: string;
  name: string;
  country: string;
  roles: PartyRole[];
  /**
   * Identifiers screening matches watch-list entries against (PGLN, LEI, registration number). The
   * PGLN: 13 digits with a valid check digit, or an `urn:epc:id:pgln:` URN.
   */
  identifiers?: PartyIdentifiers;
}

export interface RegisterFacility {
  type: 'RegisterFacility';
  actor: Actor;
  facilityId: string;
  name: string;
  kind: FacilityKind;
  country: string;
  location?: { lat: number; lon: number };
  /** `gln`: 13 digits with a valid check digit, or an `urn:epc:id:sgln:` URN. */
  identifiers?: { gln?: string; rmiSmelterId?: string };
}

export interface AmendAnnex {
  type: 'AmendAnnex';
  actor: Actor;
  amendmentId: string;
  add: string[];
  remove: string[];
  effectiveFrom: string;
  reference: string;
}

export interface RecordLotOrigin {
  type: 'RecordLotOrigin';
  actor: Actor;
  lotId: string;
  form: LotForm;
  grossMassG: Grams;
  composition: Composition;
  occurredAt: string;
  origin: { type: 'extraction'; facilityId: string } | { type: 'recycling'; facilityId: string; feedstock: Feedstock };
  /** The GS1 class identifier the lot is created with (EPCIS capture), kept as given. */
  epcClass?: string;
}

export interface ShipLot {
  type: 'ShipLot';
  actor: Actor;
  lotId: string;
  shipmentId: string;
  toPartyId: string;
  toFacilityId?: string;
  destinationCountry: string;
  occurredAt: string;
  transportMode?: string;
  documents?: { type: string; reference: string; sha256?: string }[];
}

export interface ReceiveLot {
  type: 'ReceiveLot';
  actor: Actor;
  lotId: string;
  shipmentId: string;
  facilityId: string;
  receivedMassG: Grams;
  occurredAt: string;
}

export interface TransformLots {
  type: 'TransformLots';
  actor: Actor;
  transformationId: string;
  facilityId: string;
  process: string;
  occurredAt: string;
  inputs: { lotId: string; massG: Grams }[];
  outputs: { lotId: string; form: LotForm; grossMassG: Grams; composition: Composition; epcClass?: string }[];
}

export interface RetireLot {
  type: 'RetireLot';
  actor: Actor;
  lotId: string;
  reason: RetirementReason;
  occurredAt: string;
  productRef?: string;
}

export interface RecordCertification {
  type: 'RecordCertification';
  actor: Actor;
  subject: Subject;
  certificationId: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256?: string;
  occurredAt: string;
}

export interface RaiseFlag {
  type: 'RaiseFlag';
  actor: Actor;
  subject: FlagSubject;
  flagId: string;
  category: FlagCategory;
  severity: FlagSeverity;
  description: string;
  occurredAt: string;
}

export interface ResolveFlag {
  type: 'ResolveFlag';
  actor: Actor;
  subject: FlagSubject;
  flagId: string;
  outcome: FlagOutcome;
  note: string;
  occurredAt: string;
}

/**
 * Declares an earlier event of a lot or facility erroneous (as an EPCIS errorDeclaration): the
 * original stays in the log, the correction is a new event on the same stream.
 */
export interface CorrectEvent {
  type: 'CorrectEvent';
  actor: Actor;
  subject: Subject;
  correctedEventId: string;
  reason: string;
  occurredAt: string;
  /** EPCIS errorDeclaration: when the error was declared, and the events that correct it. */
  declarationTime?: string;
  correctiveEventIds?: string[];
}

/** A regulator records a watch list an authority publishes (Art. 5.8). */
export interface CreateWatchlist {
  type: 'CreateWatchlist';
  actor: Actor;
  listId: string;
  name: string;
  authority: string;
  category: WatchlistCategory;
  /** From when the list exists; default: now. */
  effectiveFrom?: string;
}

/** A regulator records an amendment the authority published: entries added and removed from a date. */
export interface AmendWatchlist {
  type: 'AmendWatchlist';
  actor: Actor;
  listId: string;
  amendmentId: string;
  effectiveFrom: string;
  reference: string;
  add: WatchlistEntry[];
  remove: string[];
}

/** Screening raises a flag on a party or facility it matched to a list entry. */
export interface RaiseScreeningFlag {
  type: 'RaiseScreeningFlag';
  actor: Actor;
  subject: Extract<FlagSubject, { kind: 'party' | 'facility' }>;
  flagId: string;
  /** The list's category on an identifier match; `review` on a name-only match. */
  category: FlagCategory;
  severity: FlagSeverity;
  description: string;
  source: ScreeningSource;
  match: ScreeningMatch;
  occurredAt: string;
}

/** Screening resolves a flag it raised once the list delists the entry, from the delisting's date. */
export interface ResolveScreeningFlag {
  type: 'ResolveScreeningFlag';
  actor: Actor;
  subject: Extract<FlagSubject, { kind: 'party' | 'facility' }>;
  flagId: string;
  note: string;
  occurredAt: string;
}

/** Screening records that it ran over an amendment in force, once. */
export interface RecordWatchlistScreening {
  type: 'RecordWatchlistScreening';
  actor: Actor;
  listId: string;
  amendmentId: string;
  subjectsScreened: number;
  flagsRaised: number;
  flagsResolved: number;
}

export type LedgerCommand =
  | RegisterParty
  | RegisterFacility
  | AmendAnnex
  | RecordLotOrigin
  | ShipLot
  | ReceiveLot
  | TransformLots
  | RetireLot
  | RecordCertification
  | RaiseFlag
  | ResolveFlag
  | CreateWatchlist
  | AmendWatchlist
  | RaiseScreeningFlag
  | ResolveScreeningFlag
  | RecordWatchlistScreening
  | CorrectEvent;

export type LedgerCommandType = LedgerCommand['type'];

/** Commands only the ledger's own screening sends (`screening-actor.ts`): no HTTP route runs them. */
export const SCREENING_COMMAND_TYPES = ['RaiseScreeningFlag', 'ResolveScreeningFlag', 'RecordWatchlistScreening'] as const satisfies readonly LedgerCommandType[];
/** Commands a party sends through the HTTP API. */
export type HttpCommandType = Exclude<LedgerCommandType, (typeof SCREENING_COMMAND_TYPES)[number]>;
export type CommandOfType<T extends LedgerCommandType> = Extract<LedgerCommand, { type: T }>;

export type SliceRegistry = { readonly [T in LedgerCommandType]: AnySlice<CommandOfType<T>> };

/**
 * The slice of every command (what it reads and how it decides, declared next to its decider), by
 * command type: a command without one does not compile.
 */
export const SLICES = {
  RegisterParty: registerPartySlice,
  RegisterFacility: registerFacilitySlice,
  AmendAnnex: amendAnnexSlice,
  RecordLotOrigin: recordLotOriginSlice,
  ShipLot: shipLotSlice,
  ReceiveLot: receiveLotSlice,
  TransformLots: transformLotsSlice,
  RetireLot: retireLotSlice,
  RecordCertification: recordCertificationSlice,
  RaiseFlag: raiseFlagSlice,
  ResolveFlag: resolveFlagSlice,
  CreateWatchlist: createWatchlistSlice,
  AmendWatchlist: amendWatchlistSlice,
  RaiseScreeningFlag: raiseScreeningFlagSlice,
  ResolveScreeningFlag: resolveScreeningFlagSlice,
  RecordWatchlistScreening: recordWatchlistScreeningSlice,
  CorrectEvent: correctEventSlice,
} as const satisfies SliceRegistry;

export function sliceOf<C extends LedgerCommand>(command: C): AnySlice<C> {
  const slice: AnySlice<C> | undefined = (SLICES as Record<string, AnySlice<C>>)[command.type];
  if (!slice) throw new Error(`no slice for command type ${String(command.type)}`);
  return slice;
}

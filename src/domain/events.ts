import { registeredGln } from './gs1-key';
import { flagSubjectStream, streamRef, subjectStream, type StreamKind, type StreamRef } from './stream-ref';

/**
 * The ledger's events: the only facts it stores. Payloads are plain JSON; every mass is an exact
 * integer number of grams (a JSON number, always a safe integer), never a float of kilograms.
 * A `Composition` maps a mineral name (as on the Annex) to its contained grams.
 *
 * Types are stable strings that never change once shipped; a new shape gets a new schemaVersion.
 */

export { streams } from './stream-ref';

export type Grams = number;
export type Composition = Record<string, Grams>;

export const PARTY_ROLES = [
  'producer',
  'processor',
  'recycler',
  'trader',
  'manufacturer',
  'auditor',
  'regulator',
  'admin',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const OPERATOR_ROLES: readonly PartyRole[] = ['producer', 'processor', 'recycler', 'trader', 'manufacturer'];

export const FACILITY_KINDS = [
  'mine',
  'concentrator',
  'refinery',
  'smelter',
  'converter',
  'precursor-plant',
  'cathode-plant',
  'recycler',
  'warehouse',
  'port',
  'other',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const LOT_FORMS = [
  'ore',
  'concentrate',
  'brine',
  'mhp',
  'matte',
  'hydroxide',
  'carbonate',
  'sulfate',
  'metal',
  'powder',
  'black-mass',
  'precursor',
  'cathode-material',
  'anode-material',
  'other',
] as const;
export type LotForm = (typeof LOT_FORMS)[number];

export const FLAG_CATEGORIES = [
  'forced-labor',
  'child-labor',
  'environmental',
  'sanctions',
  'cahra',
  'mass-discrepancy',
  'other',
  // Raised by screening on a name-only match: a person confirms or dismisses it (never raised by hand).
  'review',
] as const;
export type FlagCategory = (typeof FLAG_CATEGORIES)[number];
/** What a person may raise: every category but `review`, which only screening raises. */
export const RAISABLE_FLAG_CATEGORIES = FLAG_CATEGORIES.filter((category) => category !== 'review');
export const FLAG_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];
export const FLAG_OUTCOMES = ['cleared', 'confirmed', 'delisted'] as const;
export type FlagOutcome = (typeof FLAG_OUTCOMES)[number];
/** What a person may decide: `delisted` is screening's own, when a list drops the entry. */
export const PERSON_FLAG_OUTCOMES = ['cleared', 'confirmed'] as const;
export const RETIREMENT_REASONS = ['manufactured', 'disposed', 'lost'] as const;
export type RetirementReason = (typeof RETIREMENT_REASONS)[number];
export const FEEDSTOCKS = ['pre-consumer', 'post-consumer'] as const;
export type Feedstock = (typeof FEEDSTOCKS)[number];

/** The categories of a watch list; the flags its screening raises carry the same. */
export const WATCHLIST_CATEGORIES = ['forced-labor', 'sanctions', 'cahra', 'other'] as const;
export type WatchlistCategory = (typeof WATCHLIST_CATEGORIES)[number];

/** Where a flag or certification is attached. */
export type Subject = { kind: 'lot'; lotId: string } | { kind: 'facility'; facilityId: string };
/** Flags may also sit on a party: it then counts for every facility it operates and every lot it held. */
export type FlagSubject = Subject | { kind: 'party'; partyId: string };

/**
 * Identifiers a party may register, so screening can match it to watch-list entries exactly. All
 * optional.
 */
export interface PartyIdentifiers {
  /** The party's GS1 PGLN as given (13 digits or an `urn:epc:id:pgln:` URN). */
  pgln?: string;
  /** ISO 17442 Legal Entity Identifier: 20 characters, check digits valid. */
  lei?: string;
  /** The national company registration number, in the party's country. */
  registrationNumber?: string;
}

/** The identifiers a watch-list entry may name; any one of them matching raises an automatic flag. */
export interface WatchlistEntryIdentifiers {
  lei?: string;
  gln?: string;
  pgln?: string;
  rmiSmelterId?: string;
  registrationNumber?: string;
}
export const ENTRY_IDENTIFIER_KINDS = ['lei', 'gln', 'pgln', 'rmiSmelterId', 'registrationNumber'] as const;
export type EntryIdentifierKind = (typeof ENTRY_IDENTIFIER_KINDS)[number];

/** One listed entity as an amendment adds it: a name or at least one identifier. */
export interface WatchlistEntry {
  entryId: string;
  name?: string;
  aliases?: string[];
  /** ISO 3166-1 alpha-2 countries the list names for it. */
  countries?: string[];
  identifiers?: WatchlistEntryIdentifiers;
}

/** Which list entry a screening flag comes from, and the amendment that listed it. */
export interface ScreeningSource {
  listId: string;
  entryId: string;
  amendmentId: string;
}

/** Why screening matched: an identifier (exact), or a name (normalised, above the threshold). */
export type ScreeningMatch =
  | { by: 'identifier'; identifier: EntryIdentifierKind; value: string }
  | { by: 'name'; name: string; listedName: string; similarity: number };

export interface PartyRegistered {
  type: 'PartyRegistered';
  data: { partyId: string; name: string; country: string; roles: PartyRole[]; identifiers?: PartyIdentifiers };
}

export interface FacilityRegistered {
  type: 'FacilityRegistered';
  data: {
    facilityId: string;
    operatorId: string;
    name: string;
    kind: FacilityKind;
    country: string;
    location?: { lat: number; lon: number };
    /** `gln` as given: 13 digits or an `urn:epc:id:sgln:` URN. */
    identifiers?: { gln?: string; rmiSmelterId?: string };
  };
}

export interface AnnexAmended {
  type: 'AnnexAmended';
  data: { amendmentId: string; add: string[]; remove: string[]; effectiveFrom: string; reference: string };
}

export interface LotExtracted {
  type: 'LotExtracted';
  data: {
    lotId: string;
    form: LotForm;
    grossMassG: Grams;
    composition: Composition;
    facilityId: string;
    /** Denormalised from the facility so provenance can be rebuilt from the lot streams alone. */
    country: string;
    custodianId: string;
    /** The GS1 class identifier the lot was created with (LGTIN URN or Digital Link), as given. */
    epcClass?: string;
  };
}

export interface LotRecovered {
  type: 'LotRecovered';
  data: {
    lotId: string;
    form: LotForm;
    grossMassG: Grams;
    composition: Composition;
    facilityId: string;
    country: string;
    custodianId: string;
    feedstock: Feedstock;
    /** The GS1 class identifier the lot was created with (LGTIN URN or Digital Link), as given. */
    epcClass?: string;
  };
}

export interface LotShipped {
  type: 'LotShipped';
  data: {
    lotId: string;
    shipmentId: string;
    fromPartyId: string;
    toPartyId: string;
    toFacilityId?: string;
    destinationCountry: string;
    /** Mass at dispatch: the whole lot moves. */
    grossMassG: Grams;
    transportMode?: string;
    documents?: { type: string; reference: string; sha256?: string }[];
  };
}

export interface LotReceived {
  type: 'LotReceived';
  data: {
    lotId: string;
    shipmentId: string;
    receiverId: string;
    facilityId: string;
    country: string;
    shippedMassG: Grams;
    receivedMassG: Grams;
    /**
     * The lot's composition after receipt. A shortfall scales every mineral down in proportion
     * (floor); a surplus never creates mineral mass, so the composition then stays as it was.
     */
    composition: Composition;
  };
}

export interface TransformationInput {
  lotId: string;
  /** Gross grams consumed from the input lot. */
  consumedMassG: Grams;
  /** Contained grams of each mineral the input gave up (proportional to consumedMassG, floor). */
  givenUp: Composition;
}

export interface TransformationOutput {
  lotId: string;
  form: LotForm;
  grossMassG: Grams;
  composition: Composition;
  /** The GS1 class identifier the output lot was created with, as given. */
  epcClass?: string;
}

/** Written, identical, on every input and output lot stream of one transformation, atomically. */
export interface LotTransformed {
  type: 'LotTransformed';
  data: {
    transformationId: string;
    facilityId: string;
    country: string;
    process: string;
    custodianId: string;
    inputs: TransformationInput[];
    outputs: TransformationOutput[];
  };
}

export interface LotRetired {
  type: 'LotRetired';
  data: { lotId: string; reason: RetirementReason; productRef?: string };
}

export interface CertificationRecorded {
  type: 'CertificationRecorded';
  data: {
    certificationId: string;
    subject: Subject;
    scheme: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    documentSha256?: string;
  };
}

export interface FlagRaised {
  type: 'FlagRaised';
  data: {
    flagId: string;
    subject: FlagSubject;
    category: FlagCategory;
    severity: FlagSeverity;
    description: string;
    /** True when the ledger raised it itself (rule 5: mass discrepancy on receipt; screening on an identifier match). */
    automatic: boolean;
    /** Set on flags screening raised: the list entry and the amendment that listed it. */
    source?: ScreeningSource;
    match?: ScreeningMatch;
  };
}

export interface FlagResolved {
  type: 'FlagResolved';
  data: { flagId: string; subject: FlagSubject; outcome: FlagOutcome; note: string };
}

export interface WatchlistCreated {
  type: 'WatchlistCreated';
  data: {
    listId: string;
    name: string;
    authority: string;
    category: WatchlistCategory;
    /** The list exists from this instant: no amendment may take effect earlier. */
    effectiveFrom: string;
  };
}

export interface WatchlistAmended {
  type: 'WatchlistAmended';
  data: {
    listId: string;
    amendmentId: string;
    effectiveFrom: string;
    /** Where the authority published it, e.g. a Federal Register citation. */
    reference: string;
    add: WatchlistEntry[];
    /** Entry ids delisted from `effectiveFrom`. */
    remove: string[];
  };
}

/** Screening ran over an amendment in force: how many subjects it looked at and what it changed. */
export interface WatchlistScreened {
  type: 'WatchlistScreened';
  data: { listId: string; amendmentId: string; subjectsScreened: number; flagsRaised: number; flagsResolved: number };
}

export interface EventCorrected {
  type: 'EventCorrected';
  data: {
    correctedEventId: string;
    /** Free text, or the EPCIS reason (a CBV word such as `incorrect_data`, or a URI) as given. */
    reason: string;
    /** When the poster declared the error (EPCIS `declarationTime`, RFC 3339). */
    declarationTime?: string;
    /** The EPCIS eventIDs of the events that correct the error, as given. */
    correctiveEventIds?: string[];
  };
}

export type LedgerEvent =
  | PartyRegistered
  | FacilityRegistered
  | AnnexAmended
  | LotExtracted
  | LotRecovered
  | LotShipped
  | LotReceived
  | LotTransformed
  | LotRetired
  | CertificationRecorded
  | FlagRaised
  | FlagResolved
  | WatchlistCreated
  | WatchlistAmended
  | WatchlistScreened
  | EventCorrected;

export type LedgerEventType = LedgerEvent['type'];

export type EventOfType<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

export interface EventRoute<T extends LedgerEventType> {
  /** The kinds of stream the event is written on: the fold of each must handle it. */
  readonly on: readonly StreamKind[];
  /**
   * The streams it is written on, from its data, in write order; `by-use-case` when its data
   * does not say (the slice that decides it names the stream: `Slice.writesTo`).
   */
  readonly streams: ((data: EventOfType<T>['data']) => readonly StreamRef[]) | 'by-use-case';
  /**
   * A payload of the type on the brief's worked example (lot `AU-SPOD-1`, party `au-miner`,
   * facility `au-mine`), for a type the generated logs of `projections/testing` do not produce:
   * `projections/can-handle.spec.ts` feeds every type to every projection, and takes this one
   * from here rather than from a list of its own.
   */
  readonly example?: EventOfType<T>['data'];
}

export type EventRoutes = { readonly [T in LedgerEventType]: EventRoute<T> };

/**
 * The registry of event types: each type once, with where it is written. Everything that must
 * know every event type derives from it: the list of known types (`LEDGER_EVENT_TYPES`,
 * `asLedgerEvent`), the routing of decided events to streams (`event-routing.ts`, used by the
 * use-case runner and the test world) and which folds must handle which types (`EventOn`).
 * A type of the `LedgerEvent` union missing here, or a route for a type not in it, does not compile.
 */
export const EVENT_ROUTES = {
  // Also on the stream of its GLN, so a GS1 identifier is looked up with one consistent stream read.
  PartyRegistered: { on: ['party', 'gln'], streams: (d) => [streamRef.party(d.partyId), ...glnStreams(d.identifiers?.pgln, 'party')] },
  FacilityRegistered: {
    on: ['facility', 'gln'],
    streams: (d) => [streamRef.facility(d.facilityId), ...glnStreams(d.identifiers?.gln, 'facility')],
  },
  AnnexAmended: { on: ['annex'], streams: () => [streamRef.annex()] },
  LotExtracted: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotRecovered: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotShipped: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotReceived: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  // One payload on every input and output lot, in one atomic append (inputs first).
  LotTransformed: { on: ['lot'], streams: (d) => [...d.inputs, ...d.outputs].map((lot) => streamRef.lot(lot.lotId)) },
  LotRetired: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  CertificationRecorded: { on: ['lot', 'facility'], streams: (d) => [subjectStream(d.subject)] },
  FlagRaised: { on: ['lot', 'facility', 'party'], streams: (d) => [flagSubjectStream(d.subject)] },
  FlagResolved: { on: ['lot', 'facility', 'party'], streams: (d) => [flagSubjectStream(d.subject)] },
  WatchlistCreated: { on: ['watchlist'], streams: (d) => [streamRef.watchlist(d.listId)] },
  WatchlistAmended: { on: ['watchlist'], streams: (d) => [streamRef.watchlist(d.listId)] },
  WatchlistScreened: { on: ['watchlist'], streams: (d) => [streamRef.watchlist(d.listId)] },
  // Names only the corrected event's id: it goes on that event's stream, which CorrectEvent names.
  EventCorrected: { on: ['lot', 'facility'], streams: 'by-use-case' },
} as const satisfies EventRoutes;

export const LEDGER_EVENT_TYPES = Object.keys(EVENT_ROUTES) as readonly LedgerEventType[];

/** The GLN stream of a registered identifier, when it names a valid GLN. */
function glnStreams(identifier: string | undefined, of: 'party' | 'facility'): StreamRef<'gln'>[] {
  const gln = identifier === undefined ? null : registeredGln(identifier, of);
  return gln === null ? [] : [streamRef.gln(gln)];
}

export const SCHEMA_VERSION = 1;

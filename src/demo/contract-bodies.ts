import type {
  FacilityKind,
  Feedstock,
  FlagCategory,
  FlagOutcome,
  FlagSeverity,
  LotForm,
  PartyRole,
  RetirementReason,
  WatchlistCategory,
  WatchlistEntryIdentifiers,
} from '../domain/events';

/**
 * Request bodies of the v1 HTTP contract (domain brief, "Bodies"), as an integrating system
 * sends them: masses are decimal-string kilograms, times RFC 3339.
 */

export type Kilograms = string;
/** Mineral name (as on the Annex) → contained kilograms. */
export type CompositionKg = Record<string, Kilograms>;

export interface PartyBody {
  id: string;
  name: string;
  country: string;
  roles: PartyRole[];
  identifiers?: { lei?: string; registrationNumber?: string };
}

export interface FacilityBody {
  id: string;
  name: string;
  kind: FacilityKind;
  country: string;
  location?: { lat: number; lon: number };
  identifiers?: { gln?: string; rmiSmelterId?: string };
}

export interface LotOriginBody {
  lotId: string;
  form: LotForm;
  grossMassKg: Kilograms;
  composition: CompositionKg;
  occurredAt: string;
  origin: { type: 'extraction'; facilityId: string } | { type: 'recycling'; facilityId: string; feedstock: Feedstock };
}

export interface ShipmentBody {
  shipmentId: string;
  toPartyId: string;
  toFacilityId?: string;
  destinationCountry: string;
  occurredAt: string;
  transportMode?: string;
  documents?: { type: string; reference: string; sha256?: string }[];
}

export interface ReceiptBody {
  shipmentId: string;
  facilityId: string;
  receivedMassKg: Kilograms;
  occurredAt: string;
}

export interface TransformationBody {
  transformationId: string;
  facilityId: string;
  process: string;
  occurredAt: string;
  inputs: { lotId: string; massKg: Kilograms }[];
  outputs: { lotId: string; form: LotForm; grossMassKg: Kilograms; composition: CompositionKg }[];
}

export interface RetirementBody {
  reason: RetirementReason;
  occurredAt: string;
  productRef?: string;
}

export interface CertificationBody {
  certificationId: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256?: string;
  /** Business time; the ledger takes "now" when it is left out. */
  occurredAt?: string;
}

export interface FlagBody {
  flagId: string;
  category: FlagCategory;
  severity: FlagSeverity;
  description: string;
  occurredAt?: string;
}

export interface FlagResolutionBody {
  outcome: FlagOutcome;
  note: string;
  occurredAt?: string;
}

export interface WatchlistBody {
  listId: string;
  name: string;
  authority: string;
  category: WatchlistCategory;
  effectiveFrom?: string;
}

export interface WatchlistAmendmentBody {
  amendmentId: string;
  effectiveFrom: string;
  reference: string;
  add?: { entryId: string; name?: string; aliases?: string[]; countries?: string[]; identifiers?: WatchlistEntryIdentifiers }[];
  remove?: string[];
}

/** What a reader gets back from `GET /v1/watchlists/{listId}` (the parts the demo reads). */
export interface WatchlistAnswer {
  listId: string;
  amendments: { amendmentId: string; screened: { subjectsScreened: number; flagsRaised: number; flagsResolved: number } | null }[];
  position: string | null;
}

/** What a reader gets back from `GET /v1/lots/{lotId}/exposure`. */
export interface LotExposure {
  lotId: string;
  listId: string;
  basis: string;
  position: string;
  minerals: Record<
    string,
    {
      massKg: Kilograms;
      exposedMassKg: Kilograms;
      exposedShare: number;
      paths: { lotId: string; entryId: string; partyId?: string; facilityId?: string; stage: string; from: string; to: string | null; amendmentId: string }[];
    }
  >;
}

/** What a reader gets back from `GET /v1/lots/{lotId}/origins`. */
export interface LotOrigins {
  lotId: string;
  position: string;
  minerals: Record<
    string,
    {
      massKg: Kilograms;
      origins: { facilityId: string; country: string; recycled: boolean; massKg: Kilograms; share: number }[];
      byCountry: Record<string, number>;
      recycledShare: number;
      certifiedShare: number;
      flaggedShare: number;
    }
  >;
}

/** What a reader gets back from `GET /v1/lots/{lotId}`. */
export interface LotState {
  lotId: string;
  form: LotForm;
  status: 'active' | 'in-transit' | 'consumed' | 'retired';
  custodianId: string;
  grossMassKg: Kilograms;
  composition: CompositionKg;
  openFlags: unknown[];
  position: string;
}

import type { EventEnvelopeJson } from '../event-store/event-envelope';
import type { OriginsView, SubjectCertification } from '../provenance/provenance-queries';
import type { FlagView, ProvenanceGraph } from '../provenance/provenance-graph';
import type { InclusionProofJson } from '../integrity/proof-json';

/* The tracing dossier (`GET /v1/lots/{lotId}/dossier`): what an importer hands to an authority. */

/** One lot a stage took in, gave out, moved or retired, with its mass at that stage. */
export interface StageLot {
  lotId: string;
  role: 'origin' | 'input' | 'output' | 'shipped' | 'received' | 'retired';
  massKg: string | null;
}

/** A production or custody stage: who did it, where, when, with what masses, under which documents. */
export interface DossierStage {
  kind: 'extraction' | 'recovery' | 'transformation' | 'shipment' | 'retirement';
  /** The lot, transformation or shipment id the stage is known by. */
  ref: string;
  /** What was done: the transformation's process, the feedstock of a recovery, the retirement reason. */
  process: string | null;
  partyId: string;
  partyName: string | null;
  roles: string[];
  facilityId: string | null;
  facilityName: string | null;
  country: string | null;
  startedAt: string;
  /** The receipt of a shipment; null for one-instant stages and shipments in transit. */
  endedAt: string | null;
  /** The consignee of a shipment. */
  toPartyId: string | null;
  transportMode: string | null;
  /** Transport and trade documents of a shipment, with their SHA-256 where given. */
  documents: { type: string; reference: string; sha256: string | null }[];
  lots: StageLot[];
  /** The cited events the stage is read from: each has an inclusion proof below. */
  eventIds: string[];
}

/** A supplier of one production stage, with its business record in the ledger. */
export interface DossierSupplier {
  partyId: string;
  name: string | null;
  country: string | null;
  roles: string[];
  facilities: string[];
  /** The stages (refs) it performed. */
  stages: string[];
  /** The `PartyRegistered` event that records it: its business record in the log. */
  registrationEventId: string | null;
}

/** The suppliers of one kind of stage (extraction, recovery, a transformation process, shipment). */
export interface SupplierSummary {
  stage: string;
  suppliers: DossierSupplier[];
}

export interface DossierProof extends InclusionProofJson {
  eventId: string;
}

export interface TracingDossier {
  lotId: string;
  /** Global position the dossier was computed at: no cited event is later. */
  position: string;
  /** The signed checkpoint (C2SP signed note) every proof is against. */
  checkpoint: string;
  /** The log's Ed25519 key (SPKI PEM), for convenience: a reader verifies with a key it got elsewhere. */
  publicKey: string;
  /** Every cited event, exactly as `GET /v1/ledger/events` gives it, in log order. */
  events: EventEnvelopeJson[];
  /** One inclusion proof per cited event, for the checkpoint's tree size, hashes in base64. */
  proofs: DossierProof[];
  stages: DossierStage[];
  suppliers: SupplierSummary[];
  origins: OriginsView['minerals'];
  certifications: (SubjectCertification & { eventId: string | null })[];
  openFlags: (FlagView & { subject: string; eventId: string | null })[];
  graph: ProvenanceGraph;
}

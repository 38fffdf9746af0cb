/** The upstream custody graph of a lot, as JSON: what `format=json` returns. */
export interface ProvenanceGraph {
  lotId: string;
  /** Position the answer was computed at (decimal string). */
  position: string;
  nodes: ProvenanceNode[];
  edges: ProvenanceEdge[];
}

export interface FlagView {
  flagId: string;
  category: string;
  severity: string;
  description: string;
  raisedAt: string;
}

export interface CertificationView {
  certificationId: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256: string | null;
}

/** An earlier event of the lot's or facility's stream declared erroneous (it still counts). */
export interface CorrectionView {
  correctedEventId: string;
  reason: string;
  declaredAt: string;
}

export interface LotNode {
  id: string;
  kind: 'lot';
  lotId: string;
  form: string;
  status: string;
  custodianId: string;
  custodianName: string | null;
  /** What it holds now (as of the answer's position). */
  grossMassKg: string;
  /** What it was extracted, recovered or produced with: what went through it. */
  madeMassKg: string;
  composition: Record<string, string>;
  createdAt: string;
  /** Transformations between this lot and the asked one (0 for the asked lot). */
  depth: number;
  openFlags: FlagView[];
  certifications: CertificationView[];
  corrections: CorrectionView[];
  /** True when `depth` stopped the trace here although the lot has inputs further upstream. */
  truncated: boolean;
}

export interface TransformationNode {
  id: string;
  kind: 'transformation';
  transformationId: string;
  process: string;
  facilityId: string;
  facilityName: string | null;
  country: string;
  custodianId: string;
  custodianName: string | null;
  occurredAt: string;
  /** Those of the facility it ran at. */
  openFlags: FlagView[];
  certifications: CertificationView[];
}

export interface FacilityNode {
  id: string;
  kind: 'facility';
  facilityId: string;
  name: string | null;
  facilityKind: string | null;
  country: string;
  openFlags: FlagView[];
  certifications: CertificationView[];
  corrections: CorrectionView[];
}

/** One custody hop: shipped by one party, received (or not yet) by another. */
export interface ShipmentNode {
  id: string;
  kind: 'shipment';
  shipmentId: string;
  lotId: string;
  fromPartyId: string;
  fromPartyName: string | null;
  toPartyId: string;
  toPartyName: string | null;
  destinationCountry: string;
  shippedAt: string;
  shippedMassKg: string;
  receipt: {
    receiverId: string;
    facilityId: string;
    facilityName: string | null;
    country: string;
    receivedAt: string;
    receivedMassKg: string;
  } | null;
}

export type ProvenanceNode = LotNode | TransformationNode | FacilityNode | ShipmentNode;

/**
 * Edges follow the material: origin (facility → the lot extracted or recovered there, with the
 * mass it was made with), custody (a lot → its first hop → its next hop …, with the mass shipped),
 * input (a lot, or the last hop it made before, → the transformation, with the mass consumed) and
 * output (transformation → lot, with the mass made). Hops of an upstream lot after the last
 * transformation of the graph consumed it went elsewhere and are left out.
 */
export interface ProvenanceEdge {
  from: string;
  to: string;
  kind: 'origin' | 'input' | 'output' | 'custody';
  massKg: string | null;
}

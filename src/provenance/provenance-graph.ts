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
  grossMassKg: string;
  composition: Record<string, string>;
  createdAt: string;
  /** Transformations between this lot and the asked one (0 for the asked lot). */
  depth: number;
  openFlags: FlagView[];
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
  occurredAt: string;
  openFlags: FlagView[];
}

export interface FacilityNode {
  id: string;
  kind: 'facility';
  facilityId: string;
  name: string | null;
  facilityKind: string | null;
  country: string;
  openFlags: FlagView[];
  corrections: CorrectionView[];
}

/** One custody hop: shipped by one party, received (or not yet) by another. */
export interface ShipmentNode {
  id: string;
  kind: 'shipment';
  shipmentId: string;
  lotId: string;
  fromPartyId: string;
  toPartyId: string;
  destinationCountry: string;
  shippedAt: string;
  shippedMassKg: string;
  receipt: { receiverId: string; facilityId: string; country: string; receivedAt: string; receivedMassKg: string } | null;
}

export type ProvenanceNode = LotNode | TransformationNode | FacilityNode | ShipmentNode;

export interface ProvenanceEdge {
  from: string;
  to: string;
  /** origin: facility → lot it was extracted/recovered at; input: lot → transformation;
   *  output: transformation → lot; custody: lot → its first hop → its next hop … */
  kind: 'origin' | 'input' | 'output' | 'custody';
  massKg: string | null;
}

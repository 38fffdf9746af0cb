import type { CorrectionNote, FacilityDoc, LotDoc, PartyDoc, TransformationDoc } from '../../projections/custody-graph.projection';
import type { CertificationRecord, FlagRecord } from '../../projections/flags-and-certifications.projection';
import { compositionKg, formatKg } from './kilograms';
import type { CertificationView, CorrectionView, FacilityNode, FlagView, ProvenanceEdge, ProvenanceGraph, ProvenanceNode } from './provenance-graph';

/** What the upstream graph of a lot is drawn from, all read as of one position. */
export interface UpstreamDocuments {
  lotId: string;
  position: bigint;
  lots: Map<string, LotDoc>;
  /** Transformations depth in lots (from the asked lot). */
  depthOf: Map<string, number>;
  /** The transformations expanded (a lot whose producer is absent was cut by `depth`). */
  transformations: Map<string, TransformationDoc>;
  facilities: Map<string, FacilityDoc>;
  parties: Map<string, PartyDoc>;
  /** Open flags by subject key (`lot:<id>`, `facility:<id>`). */
  openFlags: Map<string, FlagRecord[]>;
  /** Certifications by subject key. */
  certifications: Map<string, CertificationRecord[]>;
}

/**
 * The upstream graph as JSON nodes and edges that follow the material: origin facility → lot →
 * its hops → the transformation that consumed it → the lot it made … → the asked lot → its own
 * hops. Every edge carries the mass that went along it; lots say the mass they were made with.
 */
export function upstreamGraph(docs: UpstreamDocuments): ProvenanceGraph {
  const { lots, transformations, facilities, parties } = docs;
  const partyName = (id: string) => parties.get(id)?.name ?? null;
  const facilityName = (id: string) => facilities.get(id)?.name ?? null;
  const open = (key: string) => (docs.openFlags.get(key) ?? []).map(flagView);
  const certified = (key: string) => (docs.certifications.get(key) ?? []).map(certificationView);
  const nodes: ProvenanceNode[] = [];
  const edges: ProvenanceEdge[] = [];

  // When each lot was last consumed on the traced path: its hops after that went elsewhere.
  const lastConsumed = new Map<string, bigint>();
  for (const t of transformations.values()) {
    for (const input of t.inputs) {
      const at = BigInt(t.position);
      if ((lastConsumed.get(input.lotId) ?? -1n) < at) lastConsumed.set(input.lotId, at);
    }
  }
  /** Node ids of a lot's hops on the path, with the position each was shipped at. */
  const hopsOf = new Map<string, { id: string; at: bigint }[]>();

  const ordered = [...lots.values()].sort((a, b) => docs.depthOf.get(a.lotId)! - docs.depthOf.get(b.lotId)! || (a.lotId < b.lotId ? -1 : 1));
  for (const lot of ordered) {
    const id = `lot:${lot.lotId}`;
    nodes.push({
      id,
      kind: 'lot',
      lotId: lot.lotId,
      form: lot.form,
      status: lot.status,
      custodianId: lot.custodianId,
      custodianName: partyName(lot.custodianId),
      grossMassKg: formatKg(lot.grossMassG),
      madeMassKg: formatKg(lot.madeMassG),
      composition: compositionKg(lot.composition),
      createdAt: lot.createdAt,
      depth: docs.depthOf.get(lot.lotId)!,
      openFlags: open(id),
      certifications: certified(id),
      corrections: lot.corrections.map(correctionView),
      truncated: lot.producedBy !== null && !transformations.has(lot.producedBy),
    });
    const until = lot.lotId === docs.lotId ? null : lastConsumed.get(lot.lotId) ?? null;
    const hops: { id: string; at: bigint }[] = [];
    let previous = id;
    for (const hop of lot.hops) {
      const at = BigInt(hop.shippedPosition);
      if (until !== null && at > until) break;
      const hopId = `shipment:${hop.shipmentId}`;
      nodes.push({
        id: hopId,
        kind: 'shipment',
        shipmentId: hop.shipmentId,
        lotId: lot.lotId,
        fromPartyId: hop.fromPartyId,
        fromPartyName: partyName(hop.fromPartyId),
        toPartyId: hop.toPartyId,
        toPartyName: partyName(hop.toPartyId),
        destinationCountry: hop.destinationCountry,
        shippedAt: hop.shippedAt,
        shippedMassKg: formatKg(hop.shippedMassG),
        receipt: hop.receipt && {
          receiverId: hop.receipt.receiverId,
          facilityId: hop.receipt.facilityId,
          facilityName: facilityName(hop.receipt.facilityId),
          country: hop.receipt.country,
          receivedAt: hop.receipt.receivedAt,
          receivedMassKg: formatKg(hop.receipt.receivedMassG),
        },
      });
      edges.push({ from: previous, to: hopId, kind: 'custody', massKg: formatKg(hop.shippedMassG) });
      hops.push({ id: hopId, at });
      previous = hopId;
    }
    hopsOf.set(lot.lotId, hops);
  }

  const facilityNodes = new Map<string, FacilityNode>();
  for (const lot of ordered) {
    if (!lot.origin) continue;
    const id = `facility:${lot.origin.facilityId}`;
    const facility = facilities.get(lot.origin.facilityId);
    if (!facilityNodes.has(id)) {
      facilityNodes.set(id, {
        id,
        kind: 'facility',
        facilityId: lot.origin.facilityId,
        name: facility?.name ?? null,
        facilityKind: facility?.kind ?? null,
        country: lot.origin.country,
        openFlags: open(id),
        certifications: certified(id),
        corrections: (facility?.corrections ?? []).map(correctionView),
      });
    }
    edges.push({ from: id, to: `lot:${lot.lotId}`, kind: 'origin', massKg: formatKg(lot.madeMassG) });
  }
  nodes.push(...facilityNodes.values());

  for (const t of [...transformations.values()].sort((a, b) => (a.transformationId < b.transformationId ? -1 : 1))) {
    const id = `transformation:${t.transformationId}`;
    nodes.push({
      id,
      kind: 'transformation',
      transformationId: t.transformationId,
      process: t.process,
      facilityId: t.facilityId,
      facilityName: facilityName(t.facilityId),
      country: t.country,
      custodianId: t.custodianId,
      custodianName: partyName(t.custodianId),
      occurredAt: t.occurredAt,
      openFlags: open(`facility:${t.facilityId}`),
      certifications: certified(`facility:${t.facilityId}`),
    });
    const at = BigInt(t.position);
    for (const input of t.inputs) {
      // The material left from where its last hop before the transformation brought it.
      const before = (hopsOf.get(input.lotId) ?? []).filter((hop) => hop.at < at);
      const from = before.length > 0 ? before[before.length - 1].id : `lot:${input.lotId}`;
      edges.push({ from, to: id, kind: 'input', massKg: formatKg(input.consumedMassG) });
    }
    // Only the outputs on the traced path: siblings of an upstream output are not its provenance.
    for (const output of t.outputs) {
      if (lots.has(output.lotId)) edges.push({ from: id, to: `lot:${output.lotId}`, kind: 'output', massKg: formatKg(output.grossMassG) });
    }
  }
  return { lotId: docs.lotId, position: docs.position.toString(), nodes, edges };
}

export function correctionView(note: CorrectionNote): CorrectionView {
  return { correctedEventId: note.correctedEventId, reason: note.reason, declaredAt: note.declaredAt };
}

function certificationView(c: CertificationRecord): CertificationView {
  return { certificationId: c.certificationId, scheme: c.scheme, issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo, documentSha256: c.documentSha256 };
}

export function flagView(flag: FlagRecord): FlagView {
  return { flagId: flag.flagId, category: flag.category, severity: flag.severity, description: flag.description, raisedAt: flag.raisedAt };
}

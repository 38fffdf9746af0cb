import type { AsOfOptions, EvidenceView, LotStateView, OriginsView, ProvenanceQueries } from '../provenance-queries';
import type { LotNode } from '../provenance-graph';

/** Where and by whom a lot was made: the transformation that produced it, or its origin facility. */
export interface LotProducer {
  partyId: string;
  facilityId: string;
  facilityName: string | null;
  country: string;
  madeAt: string;
}

/** Everything a passport profile maps, all computed at one position. */
export interface PassportFacts {
  position: string;
  lot: LotStateView;
  origins: OriginsView;
  evidence: EvidenceView;
  producer: LotProducer | null;
}

/** The derived figures of a lot as of one position, for the passport profiles to map. */
export function passportFacts(queries: ProvenanceQueries, lotId: string, options: AsOfOptions = {}): PassportFacts {
  // One position for every part, even when the read models move on between the reads.
  const at = queries.positionFor(options.asOf);
  const asOf = at === null ? options : { asOf: at };
  const lot = queries.lotState(lotId, asOf);
  const graph = queries.provenance(lotId, { ...asOf, depth: 1 });
  const root = graph.nodes.find((n): n is LotNode => n.kind === 'lot' && n.lotId === lotId);
  const madeBy = graph.edges.find((e) => e.to === `lot:${lotId}` && (e.kind === 'output' || e.kind === 'origin'));
  const maker = madeBy && graph.nodes.find((n) => n.id === madeBy.from);
  const firstHop = graph.nodes.find((n) => n.kind === 'shipment' && n.lotId === lotId);
  let producer: LotProducer | null = null;
  if (maker?.kind === 'transformation') {
    producer = { partyId: maker.custodianId, facilityId: maker.facilityId, facilityName: maker.facilityName, country: maker.country, madeAt: maker.occurredAt };
  } else if (maker?.kind === 'facility' && root) {
    const partyId = firstHop?.kind === 'shipment' ? firstHop.fromPartyId : root.custodianId;
    producer = { partyId, facilityId: maker.facilityId, facilityName: maker.name, country: maker.country, madeAt: root.createdAt };
  }
  return { position: lot.position, lot, origins: queries.origins(lotId, asOf), evidence: queries.evidence(lotId, asOf), producer };
}

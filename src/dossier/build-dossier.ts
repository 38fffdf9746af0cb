import { streams } from '../domain/events';
import { formatKg } from '../domain/mass';
import { toEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import type { EventStore, Position } from '../event-store/event-store.port';
import { inclusionProofJson } from '../integrity/proof-json';
import type { StoredCheckpoint } from '../integrity/sqlite-checkpoint-store';
import type { AsOfOptions, ProvenanceQueries } from '../provenance/provenance-queries';
import type { ProvenanceGraph } from '../provenance/provenance-graph';
import { LotNotFoundError } from '../provenance/provenance.errors';
import { problem, ProblemError } from '../problems';
import type { DossierStage, DossierSupplier, SupplierSummary, TracingDossier } from './tracing-dossier';

/** What a dossier is read from: the provenance read models, the log's streams and the Merkle log. */
export interface DossierSources {
  queries: ProvenanceQueries;
  store: Pick<EventStore, 'readStream'>;
  integrity: {
    /** The latest checkpoint, signed now when none covers the log. */
    checkpoint(): StoredCheckpoint;
    publicKeyPem(): string;
    log: { leafOfEvent(eventId: string): { leafIndex: number } | null; inclusionProof(leafIndex: number, treeSize: number): Buffer[] };
  };
}

/** The streams whose events the dossier cites: every lot of the upstream graph, every facility and party it names. */
function citedStreams(graph: ProvenanceGraph): string[] {
  const lots = new Set<string>();
  const facilities = new Set<string>();
  const parties = new Set<string>();
  for (const node of graph.nodes) {
    switch (node.kind) {
      case 'lot':
        lots.add(node.lotId);
        parties.add(node.custodianId);
        break;
      case 'facility':
        facilities.add(node.facilityId);
        break;
      case 'transformation':
        facilities.add(node.facilityId);
        parties.add(node.custodianId);
        break;
      case 'shipment':
        parties.add(node.fromPartyId);
        parties.add(node.toPartyId);
        if (node.receipt) facilities.add(node.receipt.facilityId);
        break;
    }
  }
  return [...[...lots].map(streams.lot), ...[...facilities].map(streams.facility), ...[...parties].map(streams.party)];
}

type Data = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const kg = (value: unknown): string | null => (typeof value === 'number' ? formatKg(value) : null);

/** The stages of the lot's past, read from the cited events themselves (so each stage names the events that prove it). */
function stagesOf(events: EventEnvelopeJson[]): DossierStage[] {
  const parties = new Map<string, Data>();
  const facilities = new Map<string, Data>();
  for (const e of events) {
    if (e.type === 'PartyRegistered') parties.set(String(e.data.partyId), e.data);
    if (e.type === 'FacilityRegistered') facilities.set(String(e.data.facilityId), e.data);
  }
  const stage = (partial: Partial<DossierStage> & Pick<DossierStage, 'kind' | 'ref' | 'partyId' | 'startedAt' | 'eventIds'>): DossierStage => {
    const facility = partial.facilityId ? facilities.get(partial.facilityId) : undefined;
    const party = parties.get(partial.partyId);
    return {
      process: null,
      facilityId: null,
      country: null,
      endedAt: null,
      toPartyId: null,
      transportMode: null,
      documents: [],
      lots: [],
      ...partial,
      partyName: text(party?.name),
      roles: Array.isArray(party?.roles) ? (party.roles as string[]) : [],
      facilityName: text(facility?.name),
    };
  };
  const byRef = new Map<string, DossierStage>();
  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'LotExtracted':
      case 'LotRecovered':
        byRef.set(`origin:${d.lotId}`, stage({
          kind: e.type === 'LotExtracted' ? 'extraction' : 'recovery',
          ref: String(d.lotId),
          process: e.type === 'LotRecovered' ? `recycling (${String(d.feedstock)} feedstock)` : 'extraction',
          partyId: String(d.custodianId),
          facilityId: String(d.facilityId),
          country: text(d.country),
          startedAt: e.occurredAt,
          lots: [{ lotId: String(d.lotId), role: 'origin', massKg: kg(d.grossMassG) }],
          eventIds: [e.eventId],
        }));
        break;
      case 'LotShipped':
        byRef.set(`shipment:${d.lotId}:${d.shipmentId}`, stage({
          kind: 'shipment',
          ref: String(d.shipmentId),
          partyId: String(d.fromPartyId),
          toPartyId: String(d.toPartyId),
          facilityId: text(d.toFacilityId),
          country: text(d.destinationCountry),
          startedAt: e.occurredAt,
          transportMode: text(d.transportMode),
          documents: (Array.isArray(d.documents) ? (d.documents as Data[]) : []).map((doc) => ({ type: String(doc.type), reference: String(doc.reference), sha256: text(doc.sha256) })),
          lots: [{ lotId: String(d.lotId), role: 'shipped', massKg: kg(d.grossMassG) }],
          eventIds: [e.eventId],
        }));
        break;
      case 'LotReceived': {
        const shipped = byRef.get(`shipment:${d.lotId}:${d.shipmentId}`);
        if (!shipped) break;
        shipped.endedAt = e.occurredAt;
        shipped.facilityId = text(d.facilityId);
        shipped.facilityName = text(facilities.get(String(d.facilityId))?.name);
        shipped.country = text(d.country);
        shipped.lots.push({ lotId: String(d.lotId), role: 'received', massKg: kg(d.receivedMassG) });
        shipped.eventIds.push(e.eventId);
        break;
      }
      case 'LotTransformed': {
        const key = `transformation:${d.transformationId}`;
        const seen = byRef.get(key);
        if (seen) {
          // The same transformation, written on another of its lot streams: one more proof of it.
          seen.eventIds.push(e.eventId);
          break;
        }
        const inputs = Array.isArray(d.inputs) ? (d.inputs as Data[]) : [];
        const outputs = Array.isArray(d.outputs) ? (d.outputs as Data[]) : [];
        byRef.set(key, stage({
          kind: 'transformation',
          ref: String(d.transformationId),
          process: text(d.process),
          partyId: String(d.custodianId),
          facilityId: String(d.facilityId),
          country: text(d.country),
          startedAt: e.occurredAt,
          lots: [
            ...inputs.map((i) => ({ lotId: String(i.lotId), role: 'input' as const, massKg: kg(i.consumedMassG) })),
            ...outputs.map((o) => ({ lotId: String(o.lotId), role: 'output' as const, massKg: kg(o.grossMassG) })),
          ],
          eventIds: [e.eventId],
        }));
        break;
      }
      case 'LotRetired':
        byRef.set(`retirement:${d.lotId}`, stage({
          kind: 'retirement',
          ref: String(d.lotId),
          process: [text(d.reason), text(d.productRef)].filter(Boolean).join(': ') || null,
          partyId: e.actorPartyId,
          startedAt: e.occurredAt,
          lots: [{ lotId: String(d.lotId), role: 'retired', massKg: null }],
          eventIds: [e.eventId],
        }));
        break;
    }
  }
  return [...byRef.values()].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/** Per kind of stage (extraction, recovery, each process, shipment), the parties that performed it, with their business record. */
function suppliersOf(stages: DossierStage[], events: EventEnvelopeJson[]): SupplierSummary[] {
  const registrations = new Map(events.filter((e) => e.type === 'PartyRegistered').map((e) => [String(e.data.partyId), e]));
  const groups = new Map<string, Map<string, DossierSupplier>>();
  for (const s of stages) {
    if (s.kind === 'retirement') continue;
    const label = s.kind === 'transformation' ? (s.process ?? 'transformation') : s.kind;
    const group = groups.get(label) ?? new Map<string, DossierSupplier>();
    const registration = registrations.get(s.partyId);
    const supplier = group.get(s.partyId) ?? {
      partyId: s.partyId,
      name: s.partyName,
      country: text(registration?.data.country),
      roles: s.roles,
      facilities: [],
      stages: [],
      registrationEventId: registration?.eventId ?? null,
    };
    if (s.facilityId && s.kind !== 'shipment' && !supplier.facilities.includes(s.facilityId)) supplier.facilities.push(s.facilityId);
    if (!supplier.stages.includes(s.ref)) supplier.stages.push(s.ref);
    group.set(s.partyId, supplier);
    groups.set(label, group);
  }
  return [...groups].map(([stage, suppliers]) => ({ stage, suppliers: [...suppliers.values()] }));
}

/**
 * The tracing dossier of a lot as of one position: its upstream graph, every event of the lots,
 * facilities and parties in it (up to that position), the stages and suppliers read from those
 * events, certifications and open flags, and for every event an inclusion proof against one signed
 * checkpoint, so a reader holding the log's public key verifies it offline (`ledger verify-dossier`).
 */
export async function buildDossier(sources: DossierSources, lotId: string, options: AsOfOptions = {}): Promise<TracingDossier> {
  const { queries, store, integrity } = sources;
  const at: Position | null = queries.positionFor(options.asOf);
  if (at === null) throw new LotNotFoundError(lotId);
  const asOf = { asOf: at };
  const graph = queries.provenance(lotId, asOf);
  const read = await Promise.all(citedStreams(graph).map((stream) => store.readStream(stream)));
  const events = read
    .flat()
    .filter((e) => e.position <= at)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .map(toEnvelopeJson);

  const checkpoint = integrity.checkpoint();
  const proofs = events.map((e) => {
    const leaf = integrity.log.leafOfEvent(e.eventId);
    if (leaf === null || leaf.leafIndex >= checkpoint.treeSize) {
      throw new ProblemError(problem('not-yet-logged', `event ${e.eventId} (position ${e.position}) is not yet in the Merkle log's latest checkpoint (tree size ${checkpoint.treeSize}); retry shortly`));
    }
    return { eventId: e.eventId, ...inclusionProofJson(leaf.leafIndex, checkpoint.treeSize, integrity.log.inclusionProof(leaf.leafIndex, checkpoint.treeSize)) };
  });

  const stages = stagesOf(events);
  const evidence = queries.evidence(lotId, asOf);
  const eventOf = (type: string, key: string, id: string) => events.find((e) => e.type === type && e.data[key] === id)?.eventId ?? null;
  return {
    lotId,
    position: at.toString(),
    checkpoint: checkpoint.note,
    publicKey: integrity.publicKeyPem(),
    events,
    proofs,
    stages,
    suppliers: suppliersOf(stages, events),
    origins: queries.origins(lotId, asOf).minerals,
    certifications: evidence.certifications.map((c) => ({ ...c, eventId: eventOf('CertificationRecorded', 'certificationId', c.certificationId) })),
    openFlags: evidence.openFlags.map((f) => ({ ...f, eventId: eventOf('FlagRaised', 'flagId', f.flagId) })),
    graph,
  };
}

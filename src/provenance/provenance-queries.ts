import type { Position } from '../event-store/event-store.port';
import { FACILITIES, LOTS, PARENTS, PARTIES, TRANSFORMATIONS, type FacilityDoc, type LotDoc, type PartyDoc, type TransformationDoc } from '../../projections/custody-graph.projection';
import { CHILDREN, FACILITY_LOTS, PARTY_LOTS } from '../../projections/downstream.projection';
import {
  CERTIFICATIONS,
  FLAGS,
  SUBJECT_CERTIFICATIONS,
  SUBJECT_FLAGS,
  type CertificationRecord,
  type FlagRecord,
} from '../../projections/flags-and-certifications.projection';
import { ATTRIBUTIONS } from '../../projections/origin-composition.projection';
import type { Attribution, OriginPart } from '../../projections/origin-attribution';
import type { DocumentReader } from '../../projections/projection';
import { resolveAsOf, type AsOf } from './as-of';
import { custodyStints } from './custody-stints';
import { flaggedShare, stintSubjects, type UpstreamView } from './flag-exposure';
import { recycledContent, type RecycledContentView } from './recycled-content';
import { endOf, startOf } from './day-bounds';
import { emrtLists, type EmrtPeriod, type EmrtView } from './emrt';
import { compositionKg, formatKg } from './kilograms';
import type { FlagView, ProvenanceGraph } from './provenance-graph';
import type { LotStateView, MineralOrigins, OriginsView } from './provenance-views';
import { correctionView, flagView, upstreamGraph } from './upstream-graph';
import { FacilityNotFoundError, LotNotFoundError } from './provenance.errors';

export interface AsOfOptions {
  /** A global position or an RFC 3339 instant; default: where the read models are now. */
  asOf?: AsOf;
}

export interface ProvenanceOptions extends AsOfOptions {
  /** Transformations to follow upstream; default all the way to the origins. */
  depth?: number;
}

export type { LotStateView, MineralOrigins, OriginsView } from './provenance-views';

/** A certification on a subject of the upstream graph (`lot:<id>` or `facility:<id>`). */
export interface SubjectCertification {
  certificationId: string;
  subject: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256: string | null;
}

/** Due-diligence evidence of a lot: certifications and open flags on everything upstream of it, itself included. */
export interface EvidenceView {
  lotId: string;
  position: string;
  certifications: SubjectCertification[];
  openFlags: (FlagView & { subject: string })[];
}

export interface DownstreamLot {
  lotId: string;
  /** Transformations between the asked lot (or facility) and this one; 0 for a facility's own lots. */
  depth: number;
  form: string;
  status: string;
  custodianId: string;
  grossMassKg: string;
  producedBy: string | null;
}

export interface DescendantsView {
  lotId: string;
  position: string;
  descendants: DownstreamLot[];
}

export interface FacilityDownstreamView {
  facilityId: string;
  position: string;
  lots: DownstreamLot[];
}

export interface PartyDownstreamView {
  partyId: string;
  position: string;
  lots: DownstreamLot[];
}

/**
 * The auditor's questions, answered from the provenance read models. Every answer is computed at
 * one position (the asked `asOf`, or where the read models are), so it is exactly what the ledger
 * answered then. Reads are batched per level or done by one recursive query; none scans the log.
 */
export class ProvenanceQueries {
  constructor(readonly reader: DocumentReader) {}

  /** The position answers are computed at for an `asOf` (null: before the first event). */
  positionFor(asOf?: AsOf): Position | null {
    return resolveAsOf(this.reader, asOf);
  }

  lotState(lotId: string, options: AsOfOptions = {}): LotStateView {
    const { at, lot } = this.lotAsOf(lotId, options.asOf);
    return this.lotStatesOf(new Map([[lotId, lot]]), at)[0];
  }

  /** The states of many lots as of one position, in the order asked; lots not recorded then are left out. */
  lotStatesAt(lotIds: readonly string[], at: Position): LotStateView[] {
    const found = this.reader.getManyAt<LotDoc>(LOTS, lotIds, at);
    return this.lotStatesOf(new Map(lotIds.flatMap((id) => (found.has(id) ? [[id, found.get(id)!]] : []))), at);
  }

  private lotStatesOf(lots: Map<string, LotDoc>, at: Position): LotStateView[] {
    const flags = this.openFlagsOf([...lots.keys()].map((id) => `lot:${id}`), at);
    return [...lots].map(([lotId, lot]) => ({
      lotId,
      form: lot.form,
      status: lot.status,
      custodianId: lot.custodianId,
      grossMassKg: formatKg(lot.grossMassG),
      composition: compositionKg(lot.composition),
      openFlags: (flags.get(`lot:${lotId}`) ?? []).map(flagView),
      corrections: lot.corrections.map(correctionView),
      position: at.toString(),
    }));
  }

  origins(lotId: string, options: AsOfOptions = {}): OriginsView {
    const { at: asOf, lot } = this.lotAsOf(lotId, options.asOf);
    const attribution = this.reader.getAt<Attribution>(ATTRIBUTIONS, lotId, asOf) ?? {};
    const allParts = Object.values(attribution).flat();
    const certifications = this.certificationsOf([...new Set(allParts.map((p) => `facility:${p.facilityId}`))], asOf);
    const upstream = this.upstreamView(lotId, lot, asOf);
    const minerals: Record<string, MineralOrigins> = {};
    for (const mineral of Object.keys(attribution).sort()) {
      const parts = attribution[mineral];
      const total = parts.reduce((sum, p) => sum + p.massG, 0);
      if (total === 0) continue;
      const share = (grams: number) => grams / total;
      const byFacility = new Map<string, { facilityId: string; country: string; recycled: boolean; massG: number }>();
      const byCountry = new Map<string, number>();
      let recycled = 0;
      const byFeedstock = { 'pre-consumer': 0, 'post-consumer': 0 };
      let certified = 0;
      for (const part of parts) {
        const key = `${part.facilityId}\u0000${part.country}\u0000${part.recycled}`;
        const row = byFacility.get(key) ?? { facilityId: part.facilityId, country: part.country, recycled: part.recycled, massG: 0 };
        row.massG += part.massG;
        byFacility.set(key, row);
        byCountry.set(part.country, (byCountry.get(part.country) ?? 0) + part.massG);
        if (part.recycled) recycled += part.massG;
        if (part.feedstock) byFeedstock[part.feedstock] += part.massG;
        if (certifiedAtExtraction(part, certifications.get(`facility:${part.facilityId}`))) certified += part.massG;
      }
      minerals[mineral] = {
        massKg: formatKg(total),
        origins: [...byFacility.values()]
          .sort((a, b) => b.massG - a.massG || (a.facilityId < b.facilityId ? -1 : 1))
          .map((o) => ({ facilityId: o.facilityId, country: o.country, recycled: o.recycled, massKg: formatKg(o.massG), share: share(o.massG) })),
        byCountry: Object.fromEntries([...byCountry.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, g]) => [c, share(g)])),
        recycledShare: share(recycled),
        preConsumerShare: share(byFeedstock['pre-consumer']),
        postConsumerShare: share(byFeedstock['post-consumer']),
        certifiedShare: share(certified),
        flaggedShare: flaggedShare(upstream, lotId, mineral),
      };
    }
    return { lotId, position: asOf.toString(), minerals };
  }

  /** Certifications and open flags of the lot, the lots upstream of it and the facilities they passed. */
  evidence(lotId: string, options: AsOfOptions = {}): EvidenceView {
    const { at, lot } = this.lotAsOf(lotId, options.asOf);
    const { lots, facilities } = this.upstreamOf(lotId, lot, at);
    const ordered = [...[...lots.keys()].map((id) => `lot:${id}`), ...[...facilities.keys()].map((id) => `facility:${id}`)].sort();
    const certifications = this.certificationsOf(ordered, at);
    const flags = this.openFlagsOf(ordered, at);
    return {
      lotId,
      position: at.toString(),
      certifications: ordered.flatMap((subject) =>
        (certifications.get(subject) ?? []).map((c) => ({
          certificationId: c.certificationId,
          subject,
          scheme: c.scheme,
          issuer: c.issuer,
          validFrom: c.validFrom,
          validTo: c.validTo,
          documentSha256: c.documentSha256,
        })),
      ),
      openFlags: ordered.flatMap((subject) => (flags.get(subject) ?? []).map((f) => ({ ...flagView(f), subject }))),
    };
  }

  provenance(lotId: string, options: ProvenanceOptions = {}): ProvenanceGraph {
    const { at: asOf, lot: root } = this.lotAsOf(lotId, options.asOf);
    const reached = this.reader.reachableAt(PARENTS, [lotId], asOf, options.depth);
    const depthOf = new Map<string, number>([[lotId, 0], ...reached.map((r): [string, number] => [r.key, r.depth])]);
    const lots = this.reader.getManyAt<LotDoc>(LOTS, reached.map((r) => r.key), asOf);
    lots.set(lotId, root);
    const expanded = [...lots.values()].filter((l) => l.producedBy && (options.depth === undefined || depthOf.get(l.lotId)! < options.depth));
    const transformations = this.reader.getManyAt<TransformationDoc>(TRANSFORMATIONS, expanded.map((l) => l.producedBy!), asOf);
    const originFacilities = [...lots.values()].flatMap((l) => (l.origin ? [l.origin.facilityId] : []));
    const receiptFacilities = [...lots.values()].flatMap((l) => l.hops.flatMap((h) => (h.receipt ? [h.receipt.facilityId] : [])));
    const flaggable = [...new Set([...originFacilities, ...[...transformations.values()].map((t) => t.facilityId)])];
    const facilities = this.reader.getManyAt<FacilityDoc>(FACILITIES, [...flaggable, ...receiptFacilities], asOf);
    const partyIds = [
      ...[...lots.values()].flatMap((l) => [l.custodianId, ...l.hops.flatMap((h) => [h.fromPartyId, h.toPartyId])]),
      ...[...transformations.values()].map((t) => t.custodianId),
    ];
    const parties = this.reader.getManyAt<PartyDoc>(PARTIES, partyIds, asOf);
    const subjects = [...[...lots.keys()].map((id) => `lot:${id}`), ...flaggable.map((id) => `facility:${id}`)];
    const openFlags = this.openFlagsOf(subjects, asOf);
    const certifications = this.certificationsOf(subjects, asOf);
    return upstreamGraph({ lotId, position: asOf, lots, depthOf, transformations, facilities, parties, openFlags, certifications });
  }

  descendants(lotId: string, options: AsOfOptions = {}): DescendantsView {
    const { at } = this.lotAsOf(lotId, options.asOf);
    const reached = this.reader.reachableAt(CHILDREN, [lotId], at);
    return { lotId, position: at.toString(), descendants: this.downstreamLots(reached, at) };
  }

  /** Every lot that originated, was produced or was received at a facility, and all derived from them. */
  facilityDownstream(facilityId: string, options: AsOfOptions = {}): FacilityDownstreamView {
    const at = this.positionFor(options.asOf);
    if (at === null) throw new FacilityNotFoundError(facilityId);
    const own = this.reader.linkedAt(FACILITY_LOTS, facilityId, at);
    if (own.length === 0 && !this.reader.getAt<FacilityDoc>(FACILITIES, facilityId, at)) throw new FacilityNotFoundError(facilityId);
    return { facilityId, position: at.toString(), lots: this.downstreamOf(own, at) };
  }

  /** The recycled content, pre- and post-consumer, of what a plant made in a calendar year. */
  recycledContent(facilityId: string, year: number, options: AsOfOptions = {}): RecycledContentView {
    const at = this.positionFor(options.asOf);
    if (at === null) throw new FacilityNotFoundError(facilityId);
    return recycledContent(this.reader, facilityId, year, at);
  }

  /** The EMRT Smelter and Mine Lists of what a party received in a period. */
  emrt(partyId: string, period: EmrtPeriod, options: AsOfOptions = {}): EmrtView {
    const at = this.positionFor(options.asOf);
    if (at === null) return { partyId, from: period.from ?? null, to: period.to ?? null, position: '0', receivedLots: [], smelters: [], mines: [] };
    return emrtLists(this.reader, partyId, period, at);
  }

  /** Every lot a party held (origin, receipt, transformation output), and all derived from them. */
  partyDownstream(partyId: string, options: AsOfOptions = {}): PartyDownstreamView {
    const at = this.positionFor(options.asOf);
    const own = at === null ? [] : this.reader.linkedAt(PARTY_LOTS, partyId, at);
    return { partyId, position: (at ?? 0n).toString(), lots: at === null ? [] : this.downstreamOf(own, at) };
  }

  /**
   * Whether a party may read a lot's upstream provenance: it holds or held the lot, or a lot
   * derived from it (transparency flows downstream with the material).
   */
  partyMayRead(partyId: string, lotId: string, options: AsOfOptions = {}): boolean {
    const at = this.positionFor(options.asOf);
    if (at === null) return false;
    const held = new Set(this.reader.linkedAt(PARTY_LOTS, partyId, at));
    if (held.has(lotId)) return true;
    return this.reader.reachableAt(CHILDREN, [lotId], at).some((r) => held.has(r.key));
  }

  /** Whether a party holds or held the lot itself (origin, receipt, transformation output): who may take its passport or dossier. */
  partyHeld(partyId: string, lotId: string, options: AsOfOptions = {}): boolean {
    const at = this.positionFor(options.asOf);
    return at !== null && this.reader.linkedAt(PARTY_LOTS, partyId, at).includes(lotId);
  }

  private downstreamOf(own: string[], at: Position): DownstreamLot[] {
    const ownSet = new Set(own);
    const reached = this.reader.reachableAt(CHILDREN, own, at).filter((r) => !ownSet.has(r.key));
    return this.downstreamLots([...own.map((key) => ({ key, depth: 0 })), ...reached], at);
  }

  private downstreamLots(reached: { key: string; depth: number }[], at: Position): DownstreamLot[] {
    const lots = this.reader.getManyAt<LotDoc>(LOTS, reached.map((r) => r.key), at);
    return reached.flatMap(({ key, depth }) => {
      const lot = lots.get(key);
      if (!lot) return [];
      return [
        {
          lotId: key,
          depth,
          form: lot.form,
          status: lot.status,
          custodianId: lot.custodianId,
          grossMassKg: formatKg(lot.grossMassG),
          producedBy: lot.producedBy,
        },
      ];
    });
  }

  /** The position of the answer and the lot as it was then; a lot not yet recorded is not found. */
  lotAsOf(lotId: string, asOf: AsOf | undefined): { at: Position; lot: LotDoc } {
    const at = this.positionFor(asOf);
    const lot = at === null ? undefined : this.reader.getAt<LotDoc>(LOTS, lotId, at);
    if (at === null || !lot) throw new LotNotFoundError(lotId);
    return { at, lot };
  }

  /** The whole upstream subgraph with the subjects in it that carry an open flag (review flags aside: nobody confirmed them). */
  private upstreamView(lotId: string, root: LotDoc, at: Position): UpstreamView {
    const { lots, transformations, operators } = this.upstreamOf(lotId, root, at);
    const subjects = new Set<string>();
    for (const lot of lots.values()) {
      subjects.add(`lot:${lot.lotId}`);
      const produced = lot.producedBy ? transformations.get(lot.producedBy) : undefined;
      for (const stint of custodyStints(lot, produced, null)) for (const key of stintSubjects(stint, operators)) subjects.add(key);
    }
    const flagged = new Set<string>();
    for (const [subject, flags] of this.openFlagsOf([...subjects], at)) if (flags.some((f) => f.category !== 'review')) flagged.add(subject);
    return { lots, transformations, flagged, operators };
  }

  /** The upstream subgraph of a lot as of a position: its lots, their transformations and facilities, and who operates those. */
  upstreamOf(lotId: string, root: LotDoc, at: Position): Omit<UpstreamView, 'flagged'> & { facilities: Map<string, FacilityDoc> } {
    const upstream = this.reader.reachableAt(PARENTS, [lotId], at).map((r) => r.key);
    const lots = this.reader.getManyAt<LotDoc>(LOTS, upstream, at);
    lots.set(lotId, root);
    const produced = [...lots.values()].flatMap((l) => (l.producedBy ? [l.producedBy] : []));
    const transformations = this.reader.getManyAt<TransformationDoc>(TRANSFORMATIONS, produced, at);
    const facilityIds = new Set<string>();
    for (const lot of lots.values()) {
      if (lot.origin) facilityIds.add(lot.origin.facilityId);
      for (const hop of lot.hops) if (hop.receipt) facilityIds.add(hop.receipt.facilityId);
    }
    for (const t of transformations.values()) facilityIds.add(t.facilityId);
    const facilities = this.reader.getManyAt<FacilityDoc>(FACILITIES, [...facilityIds], at);
    const operators = new Map([...facilities].map(([id, f]): [string, string] => [id, f.operatorId]));
    return { lots, transformations, operators, facilities };
  }

  /** Open flags of many subjects (`lot:<id>`, `facility:<id>`, `party:<id>`) in two batched reads; subjects without any are absent. */
  openFlagsOf(subjects: readonly string[], at: Position): Map<string, FlagRecord[]> {
    const ids = this.reader.linkedManyAt(SUBJECT_FLAGS, subjects, at);
    const flags = this.reader.getManyAt<FlagRecord>(FLAGS, [...ids.values()].flat(), at);
    const open = new Map<string, FlagRecord[]>();
    for (const [subject, flagIds] of ids) {
      const list = flagIds.flatMap((id) => {
        const flag = flags.get(id);
        return flag && flag.resolution === null ? [flag] : [];
      });
      if (list.length > 0) open.set(subject, list);
    }
    return open;
  }

  /** Certifications of many subjects in two batched reads. */
  private certificationsOf(subjects: readonly string[], at: Position): Map<string, CertificationRecord[]> {
    const ids = this.reader.linkedManyAt(SUBJECT_CERTIFICATIONS, subjects, at);
    const records = this.reader.getManyAt<CertificationRecord>(CERTIFICATIONS, [...ids.values()].flat(), at);
    return new Map([...ids].map(([subject, certIds]) => [subject, certIds.flatMap((id) => records.get(id) ?? [])]));
  }
}

/** An origin is certified when its facility held a certification valid at the extraction instant. */
function certifiedAtExtraction(part: OriginPart, certs: CertificationRecord[] | undefined): boolean {
  if (!certs || part.extractedAt === '') return false;
  const at = Date.parse(part.extractedAt);
  return certs.some((c) => startOf(c.validFrom) <= at && at <= endOf(c.validTo));
}

import type { Position } from '../event-store/event-store.port';
import { FACILITIES, LOTS, TRANSFORMATIONS, type FacilityDoc, type LotDoc, type TransformationDoc } from '../../projections/custody-graph.projection';
import { FACILITY_LOTS } from '../../projections/downstream.projection';
import { ATTRIBUTIONS } from '../../projections/origin-composition.projection';
import type { Attribution } from '../../projections/origin-attribution';
import type { DocumentReader } from '../../projections/projection';
import { formatKg } from './kilograms';
import { FacilityNotFoundError } from './provenance.errors';

/** One mineral of a plant's year: what its lots contained and how much of it was recovered from waste. */
export interface MineralRecycledContent {
  massKg: string;
  preConsumerKg: string;
  postConsumerKg: string;
  preConsumerShare: number;
  postConsumerShare: number;
  /** The lots made that year that contain the mineral, in the order they were made. */
  lots: string[];
}

/** `GET /v1/facilities/{id}/recycled-content?year=`: Battery Regulation Art. 8 documentation per plant and year. */
export interface RecycledContentView {
  facilityId: string;
  year: number;
  position: string;
  minerals: Record<string, MineralRecycledContent>;
}

/**
 * The recycled content of the lots a plant made in a calendar year (UTC, by business time): the
 * lots it recovered or produced by transformation there, each with the mass it was made with
 * (later consumption does not shrink a year's figures). Sums are whole grams, so the years of a
 * plant add up exactly to what its lots contained.
 */
export function recycledContent(reader: DocumentReader, facilityId: string, year: number, at: Position): RecycledContentView {
  const linked = reader.linkedAt(FACILITY_LOTS, facilityId, at);
  if (linked.length === 0 && !reader.getAt<FacilityDoc>(FACILITIES, facilityId, at)) throw new FacilityNotFoundError(facilityId);
  const lots = [...reader.getManyAt<LotDoc>(LOTS, linked, at).values()].filter((lot) => new Date(Date.parse(lot.createdAt)).getUTCFullYear() === year);
  const producers = reader.getManyAt<TransformationDoc>(TRANSFORMATIONS, lots.flatMap((l) => (l.producedBy ? [l.producedBy] : [])), at);
  const made = lots
    .filter((lot) => lot.origin?.facilityId === facilityId || (lot.producedBy !== null && producers.get(lot.producedBy)?.facilityId === facilityId))
    .sort((a, b) => (BigInt(a.createdPosition) < BigInt(b.createdPosition) ? -1 : BigInt(a.createdPosition) > BigInt(b.createdPosition) ? 1 : a.lotId < b.lotId ? -1 : 1));

  const totals = new Map<string, { massG: number; preG: number; postG: number; lots: string[] }>();
  for (const lot of made) {
    // As made: the attribution written by the event that created the lot.
    const attribution = reader.getAt<Attribution>(ATTRIBUTIONS, lot.lotId, BigInt(lot.createdPosition)) ?? {};
    for (const [mineral, parts] of Object.entries(attribution)) {
      const row = totals.get(mineral) ?? { massG: 0, preG: 0, postG: 0, lots: [] };
      for (const part of parts) {
        row.massG += part.massG;
        if (part.feedstock === 'pre-consumer') row.preG += part.massG;
        if (part.feedstock === 'post-consumer') row.postG += part.massG;
      }
      row.lots.push(lot.lotId);
      totals.set(mineral, row);
    }
  }
  const minerals: Record<string, MineralRecycledContent> = {};
  for (const mineral of [...totals.keys()].sort()) {
    const { massG, preG, postG, lots: lotIds } = totals.get(mineral)!;
    if (massG === 0) continue;
    minerals[mineral] = {
      massKg: formatKg(massG),
      preConsumerKg: formatKg(preG),
      postConsumerKg: formatKg(postG),
      preConsumerShare: preG / massG,
      postConsumerShare: postG / massG,
      lots: lotIds,
    };
  }
  return { facilityId, year, position: at.toString(), minerals };
}

import type { FacilityDoc, LotDoc, TransformationDoc } from '../../projections/custody-graph.projection';
import { parseInstant } from '../domain/business-time';
import { intervalAt, type ListingInterval } from '../domain/watchlist';
import { custodyStints, type CustodyStint, type StintCutoff } from './custody-stints';
import { stintSubjects, tracedShare } from './flag-exposure';
import { gramsOf, toShare } from './fraction';
import { formatKg } from './kilograms';

/**
 * Which moment of a list counts, for material that passed through an entity on it:
 *  - `event-time`: the entity counts for a stint only if it was listed at some moment of it;
 *  - `current`: the list in force at the time of the answer, whenever the material passed;
 *  - a date: the list in force at that date, whenever the material passed.
 */
export type ExposureBasis = { kind: 'event-time' } | { kind: 'current' } | { kind: 'date'; at: string };

/** A party or facility screening matched to an entry of the list, with the entry's listing intervals. */
export interface ListedSubject {
  /** `party:<id>` or `facility:<id>`. */
  subjectKey: string;
  entryId: string;
  listings: ListingInterval[];
}

/** One place and time the material passed through a listed entity, and the amendment that listed it. */
export interface ExposurePath {
  lotId: string;
  entryId: string;
  /** The listed party (holder or operator), when the listing names a party. */
  partyId?: string;
  /** The facility the material was at. */
  facilityId?: string;
  listed: 'party' | 'facility';
  /** The kind of facility: mine, refinery, smelter … (`unknown` when the log does not say). */
  stage: string;
  activity: CustodyStint['activity'];
  from: string;
  to: string | null;
  amendmentId: string;
}

export interface MineralExposure {
  massKg: string;
  exposedMassKg: string;
  exposedShare: number;
  paths: ExposurePath[];
}

/** What exposure reads of the upstream subgraph of a lot. */
export interface ExposureInputs {
  lots: Map<string, LotDoc>;
  transformations: Map<string, TransformationDoc>;
  facilities: Map<string, FacilityDoc>;
  operators: Map<string, string>;
  /** By subject key: the entries it was matched to. */
  listed: Map<string, ListedSubject[]>;
}

/**
 * Per mineral of the lot: the share and the grams of its contained mass that passed through a
 * listed entity under the basis, and every path by which it did. `at` is the time of the answer
 * (RFC 3339): what `current` means, and where open stints end. Shares are exact rationals, as
 * `flaggedShare`'s; grams are the share's part of the contained mass, rounded half up (the larger
 * part of a largest-remainder split into exposed and not, a tie to the exposed part).
 */
export function lotExposure(inputs: ExposureInputs, lotId: string, basis: ExposureBasis, at: string): Record<string, MineralExposure> {
  const root = inputs.lots.get(lotId);
  if (!root) return {};
  const answerAt = parseInstant(at, 'at');
  const hitsOf = (stint: CustodyStint): ExposurePath[] => stintHits(inputs, stint, basis, answerAt);
  const minerals: Record<string, MineralExposure> = {};
  for (const mineral of Object.keys(root.composition).sort()) {
    const massG = root.composition[mineral];
    if (!(massG > 0)) continue;
    const share = inputs.listed.size === 0 ? { num: 0n, den: 1n } : tracedShare(inputs, lotId, mineral, (_lot, stints) => stints.some((s) => hitsOf(s).length > 0));
    minerals[mineral] = {
      massKg: formatKg(massG),
      exposedMassKg: formatKg(gramsOf(massG, share)),
      exposedShare: toShare(share),
      paths: share.num === 0n ? [] : pathsOf(inputs, lotId, mineral, hitsOf),
    };
  }
  return minerals;
}

/** The listed entities a stint passed through under the basis, as paths. */
function stintHits(inputs: ExposureInputs, stint: CustodyStint, basis: ExposureBasis, answerAt: number): ExposurePath[] {
  const paths: ExposurePath[] = [];
  for (const subjectKey of stintSubjects(stint, inputs.operators)) {
    for (const match of inputs.listed.get(subjectKey) ?? []) {
      const interval = listingThatCounts(match.listings, stint, basis, answerAt);
      if (!interval) continue;
      const isParty = subjectKey.startsWith('party:');
      const facility = stint.facilityId !== null ? inputs.facilities.get(stint.facilityId) : undefined;
      paths.push({
        lotId: stint.lotId,
        entryId: match.entryId,
        ...(isParty ? { partyId: subjectKey.slice('party:'.length) } : {}),
        ...(stint.facilityId !== null ? { facilityId: stint.facilityId } : {}),
        listed: isParty ? 'party' : 'facility',
        stage: facility?.kind ?? 'unknown',
        activity: stint.activity,
        from: stint.from,
        to: stint.to,
        amendmentId: interval.amendmentId,
      });
    }
  }
  return paths;
}

/** The listing interval that makes a stint count under the basis, if any. */
function listingThatCounts(listings: readonly ListingInterval[], stint: CustodyStint, basis: ExposureBasis, answerAt: number): ListingInterval | null {
  switch (basis.kind) {
    case 'current':
      return intervalAt(listings, answerAt);
    case 'date':
      return intervalAt(listings, parseInstant(basis.at, 'basis'));
    case 'event-time': {
      const from = parseInstant(stint.from, 'from');
      const to = stint.to === null ? answerAt : parseInstant(stint.to, 'to');
      return (
        listings.find((l) => {
          const listedFrom = parseInstant(l.from, 'from');
          return listedFrom <= to && listedFrom <= answerAt && (l.to === null || parseInstant(l.to, 'to') > from);
        }) ?? null
      );
    }
  }
}

/** Every path of the mineral upstream of the lot, not only the nearest: material may pass several listed entities. */
function pathsOf(inputs: ExposureInputs, lotId: string, mineral: string, hitsOf: (stint: CustodyStint) => ExposurePath[]): ExposurePath[] {
  const found = new Map<string, ExposurePath>();
  const seen = new Set<string>();
  const walk = (id: string, cutoff: StintCutoff | null): void => {
    const key = `${id}\u0000${cutoff?.position ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const lot = inputs.lots.get(id);
    if (!lot) return;
    const produced = lot.producedBy ? inputs.transformations.get(lot.producedBy) : undefined;
    for (const stint of custodyStints(lot, produced, cutoff)) {
      for (const path of hitsOf(stint)) found.set(JSON.stringify(path), path);
    }
    if (!produced) return;
    const next = { position: BigInt(produced.position), occurredAt: produced.occurredAt };
    for (const input of produced.inputs) if ((input.givenUp[mineral] ?? 0) > 0) walk(input.lotId, next);
  };
  walk(lotId, null);
  return [...found.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0));
}

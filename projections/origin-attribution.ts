import type { Composition, Feedstock, TransformationInput } from '../src/domain/events';

/** Grams of one mineral in a lot attributed to one origin lot (where it was mined or recovered). */
export interface OriginPart {
  originLotId: string;
  facilityId: string;
  country: string;
  recycled: boolean;
  /** Pre- or post-consumer for a recovered origin (Battery Regulation Art. 8 counts them apart); null when mined. */
  feedstock: Feedstock | null;
  /** Business time of the extraction or recovery: certifications are judged at this instant. */
  extractedAt: string;
  massG: number;
}

/** Per mineral, the origin parts of a lot; the parts of a mineral sum to its contained grams. */
export type Attribution = Record<string, OriginPart[]>;

/** An exact non-negative rational; denominators are positive. */
interface Ratio {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function add(a: Ratio, b: Ratio): Ratio {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/**
 * Grams per origin from exact shares that add up to `total`: floors first, then one gram each
 * to the largest remainders (ties to the smaller origin lot id), so the parts sum exactly.
 */
function roundByLargestRemainder(total: bigint, exact: Map<string, { part: OriginPart; share: Ratio }>): OriginPart[] {
  const rows = [...exact.values()].map(({ part, share }) => {
    const rest = share.num % share.den;
    return { part, floor: share.num / share.den, rest: { num: rest, den: share.den }, approx: Number(rest) / Number(share.den) };
  });
  let left = total - rows.reduce((sum, r) => sum + r.floor, 0n);
  const byRemainder = [...rows].sort(
    (a, b) =>
      byRemainderDescending(a, b) ||
      (a.part.originLotId < b.part.originLotId ? -1 : a.part.originLotId > b.part.originLotId ? 1 : 0),
  );
  for (const row of byRemainder) {
    if (left <= 0n) break;
    row.floor += 1n;
    left -= 1n;
  }
  return rows
    .filter((r) => r.floor > 0n)
    .map((r) => ({ ...r.part, massG: Number(r.floor) }))
    .sort((a, b) => (a.originLotId < b.originLotId ? -1 : a.originLotId > b.originLotId ? 1 : 0));
}

/**
 * Remainders are fractions in [0, 1): their float values, off by far less than 1e-12, order
 * them whenever they differ by more than that; only near-ties pay for the exact bigint products.
 */
function byRemainderDescending(a: { rest: Ratio; approx: number }, b: { rest: Ratio; approx: number }): number {
  const gap = b.approx - a.approx;
  if (gap > 1e-12 || gap < -1e-12) return gap > 0 ? 1 : -1;
  return compare(b.rest, a.rest);
}

function compare(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The attribution of an origin lot: every gram of every mineral comes from itself. */
export function originAttribution(origin: Omit<OriginPart, 'massG'>, composition: Composition): Attribution {
  const attribution: Attribution = {};
  for (const [mineral, grams] of Object.entries(composition)) {
    if (grams > 0) attribution[mineral] = [{ ...origin, massG: grams }];
  }
  return attribution;
}

/**
 * The same origins scaled to new contained masses (partial consumption, receipt shortfall):
 * each mineral's parts keep their proportions and are rounded again by largest remainder.
 * Returns `attribution` itself when no mineral changes.
 */
export function rescaleAttribution(attribution: Attribution, composition: Composition): Attribution {
  const scaled: Attribution = {};
  let changed = false;
  for (const [mineral, parts] of Object.entries(attribution)) {
    const target = BigInt(composition[mineral] ?? 0);
    const whole = parts.reduce((sum, p) => sum + BigInt(p.massG), 0n);
    if (target === whole && whole !== 0n) {
      scaled[mineral] = parts;
      continue;
    }
    changed = true;
    if (target === 0n || whole === 0n) continue;
    const exact = new Map<string, { part: OriginPart; share: Ratio }>();
    for (const part of parts) exact.set(part.originLotId, { part, share: { num: target * BigInt(part.massG), den: whole } });
    scaled[mineral] = roundByLargestRemainder(target, exact);
  }
  // Unchanged, the very same attribution: callers can tell "nothing to write" by identity.
  return changed ? scaled : attribution;
}

/** An input lot as a transformation saw it: what it gave up and the origins of what it held. */
export interface ConsumedInput {
  input: TransformationInput;
  attribution: Attribution;
}

/**
 * The attribution of one transformation output. For each mineral the output's grams are split
 * over the inputs in proportion to the grams of that mineral each gave up, and each input's share
 * over that input's own origins in proportion to their parts: exact rationals, rounded once.
 */
export function transformedAttribution(inputs: readonly ConsumedInput[], composition: Composition): Attribution {
  const attribution: Attribution = {};
  for (const [mineral, grams] of Object.entries(composition)) {
    const out = BigInt(grams);
    const givenUpTotal = inputs.reduce((sum, i) => sum + BigInt(i.input.givenUp[mineral] ?? 0), 0n);
    if (out === 0n || givenUpTotal === 0n) continue;
    const exact = new Map<string, { part: OriginPart; share: Ratio }>();
    for (const { input, attribution: inputAttribution } of inputs) {
      const gave = BigInt(input.givenUp[mineral] ?? 0);
      if (gave === 0n) continue;
      const known = inputAttribution[mineral] ?? [];
      // An input whose origins the log never showed still passes its mass on, as an origin of
      // unknown place, so the parts keep summing to the output's contained mass.
      const parts = known.length > 0 ? known : [unknownOrigin(input.lotId, input.givenUp[mineral])];
      const held = parts.reduce((sum, p) => sum + BigInt(p.massG), 0n);
      for (const part of parts) {
        const share: Ratio = { num: out * gave * BigInt(part.massG), den: givenUpTotal * held };
        const seen = exact.get(part.originLotId);
        exact.set(part.originLotId, { part, share: seen ? add(seen.share, share) : share });
      }
    }
    attribution[mineral] = roundByLargestRemainder(out, exact);
  }
  return attribution;
}

/** Contained grams per mineral that an attribution accounts for. */
export function attributedComposition(attribution: Attribution): Composition {
  const composition: Composition = {};
  for (const [mineral, parts] of Object.entries(attribution)) {
    composition[mineral] = parts.reduce((sum, p) => sum + p.massG, 0);
  }
  return composition;
}

function unknownOrigin(lotId: string, grams: number): OriginPart {
  return { originLotId: lotId, facilityId: 'unknown', country: 'unknown', recycled: false, feedstock: null, extractedAt: '', massG: grams };
}

/**
 * Every function of the attribution by name, the inner ones included: a projection that
 * attributes origins lists them in its `dependsOn`, so changing any of them changes what its
 * fingerprint says and its read models are rebuilt.
 */
export const originAttributionFunctions = {
  originAttribution,
  rescaleAttribution,
  transformedAttribution,
  attributedComposition,
  unknownOrigin,
  roundByLargestRemainder,
  byRemainderDescending,
  compare,
  add,
  gcd,
};

import type { LotDoc, TransformationDoc } from '../../projections/custody-graph.projection';

/** An exact share in [0, 1]. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const ZERO: Fraction = { num: 0n, den: 1n };
const ONE: Fraction = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function plus(a: Fraction, b: Fraction): Fraction {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

function times(a: Fraction, num: bigint, den: bigint): Fraction {
  const n = a.num * num;
  const d = a.den * den;
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

/** The upstream subgraph of a lot, as of one position, with what is flagged in it. */
export interface UpstreamView {
  lots: Map<string, LotDoc>;
  transformations: Map<string, TransformationDoc>;
  /** Subject keys (`lot:<id>`, `facility:<id>`) with at least one open flag. */
  flagged: Set<string>;
}

/**
 * The share of a lot's mineral that passed through a flagged lot or facility. A lot is exposed
 * whole when it, its origin facility, the facility that produced it, or a facility that received
 * it before `cutoff` (the moment it fed a transformation) carries an open flag; otherwise an
 * output inherits its inputs' exposure weighted by the grams of that mineral each gave up.
 * Exact rationals all the way; converted to a number only at the end.
 */
export function flaggedShare(view: UpstreamView, lotId: string, mineral: string): number {
  if (view.flagged.size === 0) return 0;
  const memo = new Map<string, Fraction>();
  const exposure = (id: string, cutoff: bigint | null): Fraction => {
    const memoKey = `${id}\u0000${cutoff ?? ''}`;
    const known = memo.get(memoKey);
    if (known) return known;
    const result = compute(id, cutoff);
    memo.set(memoKey, result);
    return result;
  };
  const compute = (id: string, cutoff: bigint | null): Fraction => {
    const lot = view.lots.get(id);
    if (!lot) return ZERO;
    if (view.flagged.has(`lot:${id}`)) return ONE;
    const produced = lot.producedBy ? view.transformations.get(lot.producedBy) : undefined;
    const facilities = [lot.origin?.facilityId, produced?.facilityId];
    // A shipment's destination counts once the material arrived there (the receipt), not before.
    for (const hop of lot.hops) {
      if (hop.receipt && (cutoff === null || BigInt(hop.receipt.position) < cutoff)) facilities.push(hop.receipt.facilityId);
    }
    if (facilities.some((f) => f !== undefined && view.flagged.has(`facility:${f}`))) return ONE;
    if (!produced) return ZERO;
    const total = produced.inputs.reduce((sum, i) => sum + BigInt(i.givenUp[mineral] ?? 0), 0n);
    if (total === 0n) return ZERO;
    let share = ZERO;
    for (const input of produced.inputs) {
      const gave = BigInt(input.givenUp[mineral] ?? 0);
      if (gave === 0n) continue;
      share = plus(share, times(exposure(input.lotId, BigInt(produced.position)), gave, total));
    }
    return share;
  };
  const share = exposure(lotId, null);
  return Number((share.num * 1_000_000_000_000n) / share.den) / 1e12;
}

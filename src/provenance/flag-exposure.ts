import type { LotDoc, TransformationDoc } from '../../projections/custody-graph.projection';
import { custodyStints, type CustodyStint, type StintCutoff } from './custody-stints';
import { ONE, plus, times, toShare, ZERO, type Fraction } from './fraction';

/** The upstream subgraph of a lot, as of one position, with what is flagged in it. */
export interface UpstreamView {
  lots: Map<string, LotDoc>;
  transformations: Map<string, TransformationDoc>;
  /** Subject keys (`lot:<id>`, `facility:<id>`, `party:<id>`) with at least one open flag (review flags aside). */
  flagged: Set<string>;
  /** facilityId → the party operating it, for the facilities in the subgraph. */
  operators: Map<string, string>;
}

/**
 * The subject keys a stint passed through: its holder, its facility and the facility's operator.
 * A flag on a party counts for every facility it operates and every lot it held.
 */
export function stintSubjects(stint: CustodyStint, operators: ReadonlyMap<string, string>): string[] {
  const keys = [`party:${stint.partyId}`];
  if (stint.facilityId !== null) {
    keys.push(`facility:${stint.facilityId}`);
    const operator = operators.get(stint.facilityId);
    if (operator !== undefined && operator !== stint.partyId) keys.push(`party:${operator}`);
  }
  return keys;
}

/**
 * How an upstream trace weighs a lot: whole (1) when it, or one of its own stints up to the
 * cutoff, is caught by `caught`; otherwise its producing transformation's inputs, each weighted by
 * the grams of the mineral it gave up, each traced up to that transformation. Exact rationals.
 */
export function tracedShare(
  view: Pick<UpstreamView, 'lots' | 'transformations'>,
  lotId: string,
  mineral: string,
  caught: (lot: LotDoc, stints: CustodyStint[]) => boolean,
): Fraction {
  const memo = new Map<string, Fraction>();
  const exposure = (id: string, cutoff: StintCutoff | null): Fraction => {
    const memoKey = `${id}\u0000${cutoff?.position ?? ''}`;
    const known = memo.get(memoKey);
    if (known) return known;
    const result = compute(id, cutoff);
    memo.set(memoKey, result);
    return result;
  };
  const compute = (id: string, cutoff: StintCutoff | null): Fraction => {
    const lot = view.lots.get(id);
    if (!lot) return ZERO;
    const produced = lot.producedBy ? view.transformations.get(lot.producedBy) : undefined;
    if (caught(lot, custodyStints(lot, produced, cutoff))) return ONE;
    if (!produced) return ZERO;
    const total = produced.inputs.reduce((sum, i) => sum + BigInt(i.givenUp[mineral] ?? 0), 0n);
    if (total === 0n) return ZERO;
    const next = { position: BigInt(produced.position), occurredAt: produced.occurredAt };
    let share = ZERO;
    for (const input of produced.inputs) {
      const gave = BigInt(input.givenUp[mineral] ?? 0);
      if (gave === 0n) continue;
      const upstream = exposure(input.lotId, next);
      // Most inputs are not exposed at all: adding nothing costs no bigint arithmetic.
      if (upstream.num !== 0n) share = plus(share, times(upstream, gave, total));
    }
    return share;
  };
  return exposure(lotId, null);
}

/**
 * The share of a lot's mineral that passed through a flagged lot, facility or party: a lot is
 * exposed whole when it carries an open flag, or one of its stints (its origin or producing
 * facility, the facilities that received it before it fed the transformation traced, their
 * operators, its holders) does; otherwise an output inherits its inputs' exposure weighted by the
 * grams of that mineral each gave up. Exact rationals all the way; a number only at the end.
 */
export function flaggedShare(view: UpstreamView, lotId: string, mineral: string): number {
  if (view.flagged.size === 0) return 0;
  const share = tracedShare(view, lotId, mineral, (lot, stints) =>
    view.flagged.has(`lot:${lot.lotId}`) || stints.some((stint) => stintSubjects(stint, view.operators).some((key) => view.flagged.has(key))),
  );
  return toShare(share);
}

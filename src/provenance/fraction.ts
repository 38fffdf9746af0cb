/** An exact non-negative rational, for shares that must not drift: bigint numerator and denominator. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

export const ZERO: Fraction = { num: 0n, den: 1n };
export const ONE: Fraction = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function reduced(num: bigint, den: bigint): Fraction {
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

export function plus(a: Fraction, b: Fraction): Fraction {
  return reduced(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** `a × num / den`. */
export function times(a: Fraction, num: bigint, den: bigint): Fraction {
  return reduced(a.num * num, a.den * den);
}

/** The share as a number, to 12 decimals (truncated): only ever at the end, for the answer. */
export function toShare(share: Fraction): number {
  return Number((share.num * 1_000_000_000_000n) / share.den) / 1e12;
}

/**
 * The part of `whole` grams a share is, as the larger of the two parts of a largest-remainder
 * split of `whole` into the share and the rest: rounded half up, a tie to the share.
 */
export function gramsOf(whole: number, share: Fraction): number {
  const w = BigInt(whole);
  return Number((2n * w * share.num + share.den) / (2n * share.den));
}

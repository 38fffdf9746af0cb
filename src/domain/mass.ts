import { InvalidCommand, InvalidMass, InvalidMineralName } from './errors';
import type { Composition, Grams } from './events';

/**
 * Masses cross the HTTP edge as decimal strings of kilograms and live inside as integer grams.
 * Parsing is done on the digits, never through a binary float, so "0.1" is exactly 100 g.
 */

/** 10 Mt: no single lot is heavier; anything above is a unit mistake, not a lot. */
export const MAX_LOT_MASS_G: Grams = 10_000_000_000_000;

const KG_PATTERN = /^(\d+)(?:\.(\d+))?$/;
/** A mass as the HTTP edge writes it: decimal kilograms, no leading zeros, at most 3 decimals (grams). */
export const CANONICAL_KG_PATTERN = /^(0|[1-9]\d*)(?:\.(\d{1,3}))?$/;
/** A number followed by letters: "12 kg", "12t", "12.5 tonnes". */
const WITH_UNIT_PATTERN = /^[+-]?\d+(?:\.\d*)?\s*[a-zA-Z]+$/;
export const MINERAL_NAME_PATTERN = /^[a-z]+(?:-[a-z]+)*$/;
/** The longest mineral name ("rare-earth-elements" is 19): a name is a word or two, not a text. */
export const MINERAL_NAME_MAX = 64;

export function parseKg(text: unknown, field = 'massKg'): Grams {
  if (typeof text !== 'string') throw new InvalidMass('not-a-string', field);
  if (WITH_UNIT_PATTERN.test(text) && !/^[+-]?\d+(?:\.\d*)?e/i.test(text)) throw new InvalidMass('wrong-unit', field);
  if (/^-\d+(?:\.\d+)?$/.test(text)) throw new InvalidMass('not-positive', field);
  const loose = KG_PATTERN.exec(text);
  if (!loose) throw new InvalidMass('malformed', field);
  if (loose[2] !== undefined && loose[2].length > 3) throw new InvalidMass('too-precise', field);
  const canonical = CANONICAL_KG_PATTERN.exec(text);
  // Leading zeros ("012") are refused: a mass should read one way only.
  if (!canonical) throw new InvalidMass('malformed', field);
  const grams = BigInt(canonical[1]) * 1000n + BigInt((canonical[2] ?? '').padEnd(3, '0'));
  if (grams === 0n) throw new InvalidMass('not-positive', field);
  if (grams > BigInt(MAX_LOT_MASS_G)) throw new InvalidMass('too-large', field);
  return Number(grams);
}

/** Exact decimal kilograms with three decimals: 13213115 → "13213.115". */
export function formatKg(grams: Grams): string {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`${grams} is not a whole number of grams`);
  const negative = grams < 0;
  const abs = BigInt(Math.abs(grams));
  const text = `${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
  return negative ? `-${text}` : text;
}

/** Rule 2 inside the domain: a mass is a positive whole number of grams no larger than 10 Mt. */
export function assertGrams(value: unknown, field: string): asserts value is Grams {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidMass('not-integer-grams', field);
  if (value <= 0) throw new InvalidMass('not-positive', field);
  if (value > MAX_LOT_MASS_G) throw new InvalidMass('too-large', field);
}

export function isMineralName(name: string): boolean {
  return name.length <= MINERAL_NAME_MAX && MINERAL_NAME_PATTERN.test(name);
}

/**
 * `{"lithium": "13950", ...}` (kg strings) → `{lithium: 13950000}` (grams). Mineral names must be
 * lowercase words; whether they are on the Annex is the decider's business (it knows the date).
 */
export function parseComposition(obj: unknown, field = 'composition'): Composition {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new InvalidCommand([{ field, message: 'must be an object of mineral → decimal kilograms' }]);
  }
  const composition: Composition = {};
  for (const [mineral, kg] of Object.entries(obj)) {
    if (!isMineralName(mineral)) throw new InvalidMineralName(mineral, `${field}.${mineral}`);
    composition[mineral] = parseKg(kg, `${field}.${mineral}`);
  }
  return composition;
}

/** Grams in a composition format back to kilogram strings, in the mineral order given. */
export function formatComposition(composition: Composition): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [mineral, grams] of Object.entries(composition)) out[mineral] = formatKg(grams);
  return out;
}

/** Sum of contained grams, as bigint so many large entries cannot lose precision. */
export function totalContained(composition: Composition): bigint {
  let total = 0n;
  for (const grams of Object.values(composition)) total += BigInt(grams);
  return total;
}

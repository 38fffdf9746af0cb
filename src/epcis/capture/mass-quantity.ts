import { MAX_LOT_MASS_G } from '../../domain/mass';
import type { Grams } from '../../domain/events';
import { FractionOfGram, InvalidEpcisField, NotAMassUnit } from './epcis-errors';
import { decimalTextOf } from './exact-json-reading';

/** Grams in one unit of each mass unit the ledger takes (UN/ECE Recommendation 20 codes). */
const GRAMS_PER_UNIT: Readonly<Record<string, bigint>> = { KGM: 1000n, TNE: 1_000_000n, GRM: 1n };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * A quantity with its uom as exact grams: computed on the decimal digits (never a binary float),
 * so 0.1 KGM is 100 g and 0.0001 KGM is refused as a fraction of a gram. `at` gives the JSON
 * pointer of the quantity (only a refusal needs it); a wrong unit names the uom beside it.
 */
export function gramsOf(quantity: unknown, uom: unknown, at: string | (() => string)): Grams {
  const pointer = () => (typeof at === 'string' ? at : at());
  if (typeof uom !== 'string' || GRAMS_PER_UNIT[uom] === undefined) {
    throw new NotAMassUnit(typeof uom === 'string' ? uom : undefined, pointer().replace(/\/quantity$/, '/uom'));
  }
  const text = decimalTextOf(quantity);
  if (text === null) throw new InvalidEpcisField('a quantity must be a JSON number, e.g. 13950.5', pointer());
  return exactGrams(text, uom, pointer);
}

function exactGrams(text: string, uom: string, field: () => string): Grams {
  const match = DECIMAL.exec(text);
  if (!match) throw new InvalidEpcisField(`${text} is not a decimal number`, field());
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  // value = digits × 10^(exponent − fraction digits); grams = value × unit.
  const digits = BigInt(whole + fraction);
  const scale = exponent - fraction.length;
  const unit = GRAMS_PER_UNIT[uom];
  let grams: bigint;
  if (scale >= 0) {
    if (scale > 30) throw new InvalidEpcisField(`${text} ${uom} is larger than any lot`, field());
    grams = digits * unit * 10n ** BigInt(scale);
  } else {
    if (-scale > 400) throw new FractionOfGram(text, uom, field());
    const divisor = 10n ** BigInt(-scale);
    const scaled = digits * unit;
    if (scaled % divisor !== 0n) throw new FractionOfGram(text, uom, field());
    grams = scaled / divisor;
  }
  if (sign === '-' || grams === 0n) throw new InvalidEpcisField(`a mass must be greater than zero, not ${text} ${uom}`, field());
  if (grams > BigInt(MAX_LOT_MASS_G)) throw new InvalidEpcisField(`${text} ${uom} is more than 10,000,000,000 kg, larger than any lot`, field());
  return Number(grams);
}

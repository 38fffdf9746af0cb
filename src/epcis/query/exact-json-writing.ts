/**
 * JSON text in which some numbers are written exactly as decimal text. EPCIS quantities are JSON
 * numbers, and the ledger's masses are integer grams: kilograms are written digit by digit from
 * the grams, never through a binary float that could print as 0.30000000000000004.
 */

/** A JSON number to write, given by its decimal text (capture reads numbers as `ParsedExactNumber`). */
export class DecimalLiteral {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(text)) throw new RangeError(`"${text}" is not a JSON number in its shortest decimal form`);
  }
}

export type JsonTree = null | boolean | string | DecimalLiteral | readonly JsonTree[] | JsonObjectTree;
/** Keys whose value is undefined are left out, as `JSON.stringify` does. */
export interface JsonObjectTree {
  readonly [key: string]: JsonTree | undefined;
}

/** Compact JSON text of a tree; keys in insertion order. Written by hand: the index writes one per event. */
export function writeJson(value: JsonTree): string {
  if (typeof value === 'string') return jsonString(value);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DecimalLiteral) return value.text;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + writeJson(value[i] as JsonTree);
    return `${out}]`;
  }
  let out = '{';
  for (const key of Object.keys(value)) {
    const member = (value as JsonObjectTree)[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${jsonString(key)}:${writeJson(member)}`;
  }
  return `${out}}`;
}

/** Most strings need no escaping at all; the rest are left to JSON.stringify. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function jsonString(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** Integer grams as a number of kilograms: `1500` → `1.5`, `2000000` → `2000`, `1` → `0.001`. */
export function kilogramsOf(grams: number): DecimalLiteral {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`${grams} is not a whole number of grams`);
  const digits = String(Math.abs(grams)).padStart(4, '0');
  const whole = digits.slice(0, -3).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-3).replace(/0+$/, '');
  return new DecimalLiteral(`${grams < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
}

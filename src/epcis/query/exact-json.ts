/**
 * JSON text in which some numbers are written exactly as decimal text. EPCIS quantities are JSON
 * numbers, and the ledger's masses are integer grams: kilograms are written digit by digit from
 * the grams, never through a binary float that could print as 0.30000000000000004.
 */

/** A JSON number given by its decimal text. */
export class ExactNumber {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(text)) throw new RangeError(`"${text}" is not a JSON number in its shortest decimal form`);
  }
}

export type JsonTree = null | boolean | string | ExactNumber | readonly JsonTree[] | JsonObjectTree;
/** Keys whose value is undefined are left out, as `JSON.stringify` does. */
export interface JsonObjectTree {
  readonly [key: string]: JsonTree | undefined;
}

/** Compact JSON text of a tree; keys in insertion order. */
export function writeJson(value: JsonTree): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (value instanceof ExactNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const members: string[] = [];
  for (const [key, member] of Object.entries(value as JsonObjectTree)) {
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${writeJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

/** Integer grams as a number of kilograms: `1500` → `1.5`, `2000000` → `2000`, `1` → `0.001`. */
export function kilogramsOf(grams: number): ExactNumber {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`${grams} is not a whole number of grams`);
  const digits = String(Math.abs(grams)).padStart(4, '0');
  const whole = digits.slice(0, -3).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-3).replace(/0+$/, '');
  return new ExactNumber(`${grams < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
}

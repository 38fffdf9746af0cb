import type { Composition } from '../domain/events';
import { formatKg } from '../domain/mass';

/** Integer grams as a decimal string of kilograms with three decimals: the domain's one rule. */
export { formatKg };

/** A composition in kilogram strings, minerals in alphabetical order so answers compare stably. */
export function compositionKg(composition: Composition): Record<string, string> {
  return Object.fromEntries(Object.keys(composition).sort().map((mineral) => [mineral, formatKg(composition[mineral])]));
}

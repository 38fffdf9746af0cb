import type { Composition } from '../domain/events';

/** Integer grams as a decimal string of kilograms with three decimals, the wire form of a mass. */
export function formatKg(grams: number): string {
  const g = BigInt(grams);
  const sign = g < 0n ? '-' : '';
  const abs = g < 0n ? -g : g;
  return `${sign}${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
}

export function compositionKg(composition: Composition): Record<string, string> {
  return Object.fromEntries(Object.keys(composition).sort().map((mineral) => [mineral, formatKg(composition[mineral])]));
}

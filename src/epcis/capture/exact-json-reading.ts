import { isLosslessNumber, parse as parseLossless } from 'lossless-json';

/**
 * EPCIS quantities are JSON numbers, and a mass must be read without binary rounding: "keep the
 * number's text". A number of at most 15 significant digits survives JSON.parse exactly (its
 * shortest round-trip text has the same decimal value), so a document whose number literals are
 * all that short is parsed natively, which is fast. Any run of 16 or more digits and dots in the
 * text (a longer number, or a long digit string) sends the document through a lossless parser
 * that keeps every number's text, so nothing rounded ever reaches a mass.
 */

/**
 * A JSON number as the capture parsed it: a JS number known to be exact, or lossless-json's literal
 * text (the query side writes numbers the other way round, as `DecimalLiteral`).
 */
export type ParsedExactNumber = number | { readonly value: string; readonly isLosslessNumber: true };

const LONG_DIGIT_RUN = /[0-9.]{16,}/;

/** Parses a request body; throws SyntaxError on malformed JSON. */
export function parseExactJson(text: string): { value: unknown; lossless: unknown | null } {
  const value: unknown = JSON.parse(text);
  // The native tree is what the schema validates; the lossless one, when needed, is what masses are read from.
  return { value, lossless: LONG_DIGIT_RUN.test(text) ? parseLossless(text) : null };
}

/** The decimal text of a JSON number (exponent kept as given), or null when it is not a number. */
export function decimalTextOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (isLosslessNumber(value)) return (value as { value: string }).value;
  return null;
}

/**
 * GS1 keys as the ledger registers them: a GLN (party or location) is 13 digits whose last is the
 * GS1 mod-10 check digit of the others. Registration accepts the digits or the EPC URN of the key
 * (`urn:epc:id:pgln:<company prefix>.<reference>` for a party, `urn:epc:id:sgln:<company
 * prefix>.<reference>.<extension>` for a location); both name the same 13 digits.
 */

/** GS1 mod-10 check digit of the digits that precede it (GTIN, GLN and the like). */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    // Weights 3,1,3,1… from the rightmost digit before the check digit.
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** A 13-digit GLN (location or party) with a valid check digit. */
export function isGln(value: string): boolean {
  return /^\d{13}$/.test(value) && gs1CheckDigit(value.slice(0, 12)) === Number(value[12]);
}

/**
 * The shape of a registered GLN, for the HTTP edge's field rules: 13 digits or the URN form. The
 * check digit is the domain's rule (`registeredGln`), refused with the field named.
 */
export const REGISTERED_GLN_SHAPE = {
  party: /^(?:\d{13}|urn:epc:id:pgln:\d+\.\d*)$/,
  facility: /^(?:\d{13}|urn:epc:id:sgln:\d+\.\d*\.[^.\s]+)$/,
} as const;

const URN_OF = {
  party: /^urn:epc:id:pgln:(\d+)\.(\d*)$/,
  facility: /^urn:epc:id:sgln:(\d+)\.(\d*)\.([^.]+)$/,
} as const;

/**
 * The 13-digit GLN a registered identifier names (digits with a valid check digit, or the URN
 * form for a party or a facility), or null when it is neither.
 */
export function registeredGln(identifier: string, of: 'party' | 'facility'): string | null {
  if (isGln(identifier)) return identifier;
  const urn = URN_OF[of].exec(identifier);
  if (!urn) return null;
  const body = urn[1] + urn[2];
  return body.length === 12 ? body + String(gs1CheckDigit(body)) : null;
}

/** Everything `registeredGln` reaches, for the `dependsOn` of a projection that files by GLN. */
export const gs1KeyFunctions = { registeredGln, isGln, gs1CheckDigit, URN_OF };

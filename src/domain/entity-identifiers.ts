import { InvalidCommand } from './errors';
import type { EntryIdentifierKind } from './events';
import { isGln } from './gs1-key';

/**
 * The identifiers that name a company or a site exactly, checked where they enter the ledger
 * (party registration, watch-list entries), so screening compares only well-formed values.
 */

const LEI = /^[0-9A-Z]{18}[0-9]{2}$/;
const RMI_SMELTER_ID = /^CID\d{6}$/;
const REGISTRATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ./-]{0,63}$/;

/** ISO 17442: 20 characters whose ISO 7064 MOD 97-10 remainder (letters as 10–35) is 1. */
export function isLei(value: string): boolean {
  if (!LEI.test(value)) return false;
  let remainder = 0;
  for (const character of value) {
    const digits = /\d/.test(character) ? character : String(character.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const CHECKS: Record<EntryIdentifierKind, { valid: (value: string) => boolean; message: string }> = {
  lei: { valid: isLei, message: 'an LEI is 20 capital letters and digits whose check digits are valid (ISO 17442)' },
  gln: { valid: isGln, message: 'a GLN is 13 digits ending in a valid GS1 check digit' },
  pgln: { valid: isGln, message: 'a PGLN is 13 digits ending in a valid GS1 check digit' },
  rmiSmelterId: { valid: (v) => RMI_SMELTER_ID.test(v), message: 'an RMI smelter id reads CID and 6 digits' },
  registrationNumber: {
    valid: (v) => REGISTRATION_NUMBER.test(v),
    message: 'a registration number is 1-64 letters, digits, spaces, ".", "/" or "-", starting with a letter or digit',
  },
};

/**
 * Checks every identifier of these kinds given (absent ones are fine) and returns them without the
 * absent ones, so payloads hash the same however the caller spelt "absent"; null when none was
 * given. Other keys are other rules' business (the HTTP edge refuses unknown fields).
 */
export function checkedIdentifiers<K extends EntryIdentifierKind>(
  identifiers: Partial<Record<K, unknown>> | undefined,
  kinds: readonly K[],
  field: string,
): Partial<Record<K, string>> | null {
  if (identifiers === undefined) return null;
  if (identifiers === null || typeof identifiers !== 'object' || Array.isArray(identifiers)) {
    throw new InvalidCommand([{ field, message: 'must be an object of identifiers' }]);
  }
  const out: Partial<Record<K, string>> = {};
  for (const kind of kinds) {
    const value = identifiers[kind];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !CHECKS[kind].valid(value)) {
      throw new InvalidCommand([{ field: `${field}.${kind}`, message: CHECKS[kind].message }]);
    }
    out[kind] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

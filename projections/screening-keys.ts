import type { EntryIdentifierKind, WatchlistEntryIdentifiers } from '../src/domain/events';
import { gs1KeyFunctions, registeredGln } from '../src/domain/gs1-key';
import { nameWords } from './name-matching';

/**
 * The keys under which screening files parties, facilities and watch-list entries, so an entry
 * finds its candidates (and a new party its entries) by look-up instead of comparing everything
 * with everything. Identifier keys match exactly; name keys only gather candidates for the
 * similarity of `name-matching.ts`.
 */

/** The identifiers of a party or a facility, whatever registered them. */
export interface SubjectIdentifiers {
  lei?: string;
  registrationNumber?: string;
  /** A party's GS1 PGLN, as digits or URN. */
  pgln?: string;
  /** A facility's GS1 GLN, as digits or SGLN URN. */
  gln?: string;
  rmiSmelterId?: string;
}

/** A registration number compared without case, spaces, dots, slashes or dashes. */
function registrationKey(value: string): string {
  return value.toUpperCase().replace(/[\s./-]/g, '');
}

/**
 * The exact key of one identifier: GLN and PGLN share one number space (a GLN names one party or
 * place whatever it is used for), so both file under `gln:` as their 13 digits, whether registered
 * as digits or as an EPC URN (`urn:epc:id:pgln:…`, `urn:epc:id:sgln:…`).
 */
export function identifierKey(kind: EntryIdentifierKind, value: string): string | null {
  switch (kind) {
    case 'lei':
      return `lei:${value.toUpperCase()}`;
    case 'gln':
    case 'pgln': {
      const digits = registeredGln(value, kind === 'pgln' ? 'party' : 'facility');
      return digits === null ? null : `gln:${digits}`;
    }
    case 'rmiSmelterId':
      return `rmi:${value.toUpperCase()}`;
    case 'registrationNumber':
      return `reg:${registrationKey(value)}`;
  }
}

/** Identifier keys with the kind of identifier each came from. */
export function identifierKeys(identifiers: WatchlistEntryIdentifiers | SubjectIdentifiers | undefined): Map<string, EntryIdentifierKind> {
  const keys = new Map<string, EntryIdentifierKind>();
  for (const [kind, value] of Object.entries(identifiers ?? {}) as [EntryIdentifierKind, string | undefined][]) {
    if (typeof value !== 'string') continue;
    const key = identifierKey(kind, value);
    if (key !== null) keys.set(key, kind);
  }
  return keys;
}

/** Keys that gather name-match candidates: each word of 3 letters or more, and the first 5 letters run together. */
export function nameKeys(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const words = nameWords(name);
    for (const word of words) if (word.length >= 3) keys.add(`tok:${word}`);
    const compact = words.join('');
    if (compact.length >= 5) keys.add(`pre:${compact.slice(0, 5)}`);
  }
  return [...keys];
}

/** Every function of the keys, for the `dependsOn` of a projection that files by them. */
export const screeningKeyFunctions = { registrationKey, identifierKey, identifierKeys, nameKeys, ...gs1KeyFunctions };

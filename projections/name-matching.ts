import { jaroWinkler } from '@skyra/jaro-winkler';
import { transliterate } from 'transliteration';

/**
 * How screening compares a company's name with a listed name. Both are normalised the same way:
 * transliterated to Latin letters (`transliteration`: Cyrillic, Greek, Arabic, CJK …), lower-cased,
 * `&` read as "and", dots dropped (so "S.A." is "sa"), other punctuation read as spaces, and
 * legal-form words ("Co., Ltd.", "GmbH", "PT", "OOO" …) and generic words ("group", "holdings" …)
 * left out. Two names match when the Jaro-Winkler similarity (`@skyra/jaro-winkler`) of their
 * words in alphabetical order, or of their words run together, reaches `NAME_MATCH_THRESHOLD`.
 *
 * A name match only ever raises a `review` flag for a person: names are not identifiers.
 */

/**
 * 0.93: in `name-matching.spec.ts`, spelling variants, word order, transliterations, legal forms
 * and a missing province of one company score 0.93 or more ("Huayou Cobalt" and "Zhejiang Huayou
 * Cobalt" 0.932, "Norilsk Nickel" and "Норильский никель" 0.949), while distinct companies that
 * share words score below ("Xinjiang Zhongtai Chemical" and "Xinjiang Tianshan Chemical" 0.911,
 * "Zijin Mining" and "Zijin Copper" 0.818). Raising it misses variants; lowering it sends people
 * more false reviews.
 */
export const NAME_MATCH_THRESHOLD = 0.93;

/** Names shorter than this once normalised ("AB", "XY Co") are too short to compare by name. */
const MIN_NAME_LENGTH = 4;

/** Legal forms in many jurisdictions, as the words they become once normalised. */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'ab', 'ag', 'as', 'asa', 'bhd', 'bv', 'co', 'company', 'corp', 'corporation', 'cv', 'gmbh', 'inc', 'incorporated',
  'jsc', 'kft', 'kg', 'kk', 'llc', 'llp', 'lp', 'ltd', 'ltda', 'limited', 'nv', 'oao', 'ojsc', 'ooo', 'oy', 'pao',
  'pjsc', 'plc', 'pt', 'pte', 'pty', 'sa', 'sab', 'sac', 'sarl', 'sas', 'sdn', 'spa', 'sp', 'srl', 'tbk', 'zao',
]);

/** Words too common in company names to tell two apart. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'and', 'the', 'of', 'group', 'groups', 'holding', 'holdings', 'international', 'industry', 'industries', 'industrial',
  'enterprise', 'enterprises', 'trading',
]);

/** The words of a name as screening compares them. */
export function nameWords(name: string): string[] {
  const latin = transliterate(name).toLowerCase().replace(/&/g, ' and ').replace(/\./g, '');
  return latin
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !LEGAL_FORMS.has(word) && !GENERIC_WORDS.has(word));
}

/** A name normalised for comparison: its words, in order and sorted. */
export interface NormalisedName {
  words: string[];
  sorted: string;
  compact: string;
}

export function normaliseName(name: string): NormalisedName {
  const words = nameWords(name);
  return { words, sorted: [...words].sort().join(' '), compact: words.join('') };
}

/** Similarity in [0, 1] of two normalised names; 0 when either is too short to compare. */
export function nameSimilarity(a: NormalisedName, b: NormalisedName): number {
  if (a.compact.length < MIN_NAME_LENGTH || b.compact.length < MIN_NAME_LENGTH) return 0;
  if (a.compact === b.compact || a.sorted === b.sorted) return 1;
  return Math.max(jaroWinkler(a.sorted, b.sorted), jaroWinkler(a.compact, b.compact));
}

/**
 * What filing by name keys reaches, for the `dependsOn` of a projection that does it. The
 * transliteration table is the library's: upgrading it may change keys, so rebuild the read
 * models (`ledger projections rebuild`) after an upgrade of `transliteration`.
 */
export const nameMatchingFunctions = { nameWords, LEGAL_FORMS, GENERIC_WORDS };

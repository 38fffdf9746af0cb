import { NAME_MATCH_THRESHOLD, nameSimilarity, normaliseName, type NormalisedName } from '../../projections/name-matching';
import { identifierKeys } from '../../projections/screening-keys';
import type { ScreeningSubjectDoc, WatchlistEntryDoc } from '../../projections/screening.projection';
import type { ScreeningMatch } from '../domain/events';

/**
 * Whether a watch-list entry names a party or facility, and how. An identifier both carry (LEI,
 * GLN or PGLN, RMI smelter id, registration number) is a match whatever the names say; a
 * registration number counts only in a country the entry names, when it names any. Otherwise the
 * names are compared (`name-matching.ts`), in the entry's countries only when it names any.
 * `normalised` may remember names: a run compares each with many.
 */
export function matchEntry(
  entry: WatchlistEntryDoc,
  subject: ScreeningSubjectDoc,
  normalised: (name: string) => NormalisedName = normaliseName,
): ScreeningMatch | null {
  const inItsCountries = entry.countries.length === 0 || entry.countries.includes(subject.country);
  const subjectKeys = identifierKeys(subject.identifiers);
  for (const [key, kind] of identifierKeys(entry.identifiers)) {
    if (!subjectKeys.has(key)) continue;
    if (kind === 'registrationNumber' && !inItsCountries) continue;
    return { by: 'identifier', identifier: kind, value: entry.identifiers[kind] as string };
  }
  if (!inItsCountries) return null;
  const name = normalised(subject.name);
  let best: { listedName: string; similarity: number } | null = null;
  for (const listedName of [...(entry.name !== null ? [entry.name] : []), ...entry.aliases]) {
    const similarity = nameSimilarity(normalised(listedName), name);
    if (similarity >= NAME_MATCH_THRESHOLD && (best === null || similarity > best.similarity)) best = { listedName, similarity };
  }
  if (best === null) return null;
  // Three decimals: enough to read, and the payload stays the same on every platform.
  return { by: 'name', name: subject.name, listedName: best.listedName, similarity: Math.floor(best.similarity * 1000) / 1000 };
}

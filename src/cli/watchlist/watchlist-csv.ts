import { CsvError, parse } from 'csv-parse/sync';
import { checkedEntry } from '../../domain/decide-amend-watchlist';
import { isDomainError } from '../../domain/errors';
import type { WatchlistEntry, WatchlistEntryIdentifiers } from '../../domain/events';

/**
 * A watch list as a CSV file a user downloaded and arranged: a header row naming the columns,
 * then one entry per row. `entryId` is required; `aliases` and `countries` hold several values
 * separated by `;`. LEIs and RMI smelter ids are read in capitals.
 */
export const CSV_COLUMNS = ['entryId', 'name', 'aliases', 'countries', 'lei', 'gln', 'pgln', 'rmiSmelterId', 'registrationNumber'] as const;

/** A row the import cannot take, named by its line in the file. */
export class CsvRowError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvRowError';
  }
}

export interface CsvEntry {
  line: number;
  entry: WatchlistEntry;
}

/**
 * Every entry of the file, each checked as the ledger will check it; the first bad row throws
 * `CsvRowError` naming its line, so nothing is imported from a file with one bad row.
 */
export function readWatchlistCsv(text: string, onRow?: (rows: number) => void): CsvEntry[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => checkedHeader(header),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvRowError) throw error;
    if (error instanceof CsvError) throw new CsvRowError((error as CsvError & { lines?: number }).lines ?? 0, error.message.replace(/^[A-Z_]+: /, ''));
    throw error;
  }
  const seen = new Map<string, number>();
  return records.map(({ record, info }, index) => {
    const line = info.lines;
    const entry = entryOf(record, line);
    const earlier = seen.get(entry.entryId);
    if (earlier !== undefined) throw new CsvRowError(line, `entry ${entry.entryId} is already on line ${earlier}`);
    seen.set(entry.entryId, line);
    onRow?.(index + 1);
    return { line, entry };
  });
}

function checkedHeader(header: string[]): string[] {
  const unknown = header.find((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown !== undefined) throw new CsvRowError(1, `unknown column "${unknown}"; the columns are ${CSV_COLUMNS.join(', ')}`);
  if (!header.includes('entryId')) throw new CsvRowError(1, 'the header must name an entryId column');
  return header;
}

function entryOf(record: Record<string, string>, line: number): WatchlistEntry {
  const list = (value: string | undefined) => (value ?? '').split(';').map((v) => v.trim()).filter((v) => v.length > 0);
  const text = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const identifiers: WatchlistEntryIdentifiers = {};
  const set = (kind: keyof WatchlistEntryIdentifiers, value: string | undefined) => {
    if (value !== undefined) identifiers[kind] = value;
  };
  set('lei', text(record.lei)?.toUpperCase());
  set('gln', text(record.gln));
  set('pgln', text(record.pgln));
  set('rmiSmelterId', text(record.rmiSmelterId)?.toUpperCase());
  set('registrationNumber', text(record.registrationNumber));
  const aliases = list(record.aliases);
  const countries = list(record.countries).map((c) => c.toUpperCase());
  const raw: WatchlistEntry = {
    entryId: record.entryId ?? '',
    ...(text(record.name) !== undefined ? { name: record.name } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(countries.length > 0 ? { countries } : {}),
    ...(Object.keys(identifiers).length > 0 ? { identifiers } : {}),
  };
  try {
    return checkedEntry(raw, 'entry');
  } catch (error) {
    if (isDomainError(error)) throw new CsvRowError(line, error.fields.map((f) => `${f.field.replace(/^entry\.?/, '') || 'entry'}: ${f.message}`).join('; ') || error.message);
    throw error;
  }
}

import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isInstant } from '../../domain/business-time';
import type { WatchlistEntry } from '../../domain/events';
import { LedgerClient, LedgerHttpError } from '../../demo/ledger-client';

/** What the ledger answers a stored amendment. */
type WriteResult = { eventIds: string[]; position: string };
import { CliFailure } from '../cli-failure';
import { progressBar } from '../progress-bar';
import { CSV_COLUMNS, CsvRowError, readWatchlistCsv, type CsvEntry } from '../watchlist/watchlist-csv';

interface ImportOptions {
  list: string;
  effectiveFrom: string;
  reference: string;
  amendmentId?: string;
  url: string;
  apiKey?: string;
  chunk: string;
  dryRun?: boolean;
}

interface ListAnswer {
  entries: (WatchlistEntry & { amendmentId: string })[];
  amendments: { amendmentId: string }[];
}

/** Entries per amendment: 1,000 entries stay well inside the ledger's 1 MiB request limit. */
const DEFAULT_CHUNK = 1000;

/** `ledger watchlist import`: a published list, as a CSV the user downloaded, amended into a list through the API. */
export function registerWatchlistCommand(program: Command): void {
  const watchlist = program.command('watchlist').summary('load watch lists into a running ledger').description('load watch lists into a running ledger, through its HTTP API');
  watchlist
    .command('import')
    .summary('import a CSV of list entries as an amendment of a watch list')
    .description(
      `Read a CSV of list entries (header row; columns ${CSV_COLUMNS.join(', ')}; aliases and countries separated by ";"), check every\n` +
        'row as the ledger will (a bad row is named by its line and nothing is imported), then post the entries not yet on the list\n' +
        'at --effective-from as one amendment (several of --chunk entries for a long list) with a regulator\'s API key.\n' +
        'Idempotent: the amendment id follows from the file, the list, the date and the reference, so running it again stores nothing.',
    )
    .argument('<file>', 'the CSV file')
    .requiredOption('--list <listId>', 'the watch list to amend (create it first: POST /v1/watchlists)')
    .requiredOption('--effective-from <time>', 'RFC 3339 time from which the entries are listed')
    .requiredOption('--reference <text>', 'where the authority published it, e.g. a Federal Register citation')
    .option('--amendment-id <id>', 'the amendment id (default: derived from the file, the list, the date and the reference)')
    .option('--url <url>', 'the ledger (LEDGER_URL)', process.env.LEDGER_URL ?? 'http://localhost:3000')
    .option('--api-key <key>', "a regulator's API key (LEDGER_API_KEY)", process.env.LEDGER_API_KEY)
    .option('--chunk <n>', 'entries per amendment', String(DEFAULT_CHUNK))
    .option('--dry-run', 'check the file and say what would be posted, post nothing')
    .action(async (file: string, options: ImportOptions) => {
      if (!isInstant(options.effectiveFrom)) throw new CliFailure('--effective-from must be an RFC 3339 time with a time zone, e.g. 2025-01-15T00:00:00Z');
      const chunk = Number(options.chunk);
      if (!Number.isSafeInteger(chunk) || chunk < 1) throw new CliFailure('--chunk must be a positive whole number');
      if (!options.apiKey && !options.dryRun) throw new CliFailure("give a regulator's API key with --api-key or LEDGER_API_KEY");
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliFailure(`cannot read ${file}: ${(error as Error).message}`);
      }
      const bar = progressBar();
      let rows: CsvEntry[];
      try {
        bar.start(Math.max(0, text.split('\n').filter((line) => line.trim() !== '').length - 1), 'checking');
        rows = readWatchlistCsv(text, (n) => bar.update(n));
      } catch (error) {
        if (error instanceof CsvRowError) throw new CliFailure(`${file}, ${error.message}; nothing was imported`, 1);
        throw error;
      } finally {
        bar.stop();
      }
      if (rows.length === 0) throw new CliFailure(`${file} holds no entries; nothing was imported`, 1);

      const client = new LedgerClient(options.url, options.apiKey);
      const listPath = `/v1/watchlists/${encodeURIComponent(options.list)}`;
      const list = await ask(() => client.get<ListAnswer>(listPath, { asOf: options.effectiveFrom }), options);
      const inForce = new Map(list.entries.map(({ amendmentId: _amendmentId, ...entry }) => [entry.entryId, entry]));
      for (const { line, entry } of rows) {
        const listed = inForce.get(entry.entryId);
        if (listed && canonical(listed) !== canonical(entry)) {
          throw new CliFailure(`${file}, line ${line}: entry ${entry.entryId} is on ${options.list} at ${options.effectiveFrom} with other data; delist it first; nothing was imported`, 1);
        }
      }
      const base = options.amendmentId ?? derivedAmendmentId(options, text);
      const chunks: CsvEntry[][] = [];
      for (let i = 0; i < rows.length; i += chunk) chunks.push(rows.slice(i, i + chunk));
      const recorded = new Set(list.amendments.map((a) => a.amendmentId));
      const plan = chunks
        .map((entries, i) => ({ amendmentId: chunks.length === 1 ? base : `${base}-${i + 1}`, entries: entries.filter(({ entry }) => !inForce.has(entry.entryId)) }))
        .filter((part) => !recorded.has(part.amendmentId) && part.entries.length > 0);
      const fresh = plan.reduce((sum, part) => sum + part.entries.length, 0);
      if (fresh === 0) {
        process.stdout.write(`nothing to import: the ${rows.length} entries of ${file} are on ${options.list} at ${options.effectiveFrom} already\n`);
        return;
      }
      if (options.dryRun) {
        process.stdout.write(`would import ${fresh} of ${rows.length} entries into ${options.list} as ${plan.map((p) => p.amendmentId).join(', ')}\n`);
        return;
      }
      let last: WriteResult | null = null;
      let posted = 0;
      bar.start(fresh, 'importing');
      try {
        for (const part of plan) {
          const body = { amendmentId: part.amendmentId, effectiveFrom: options.effectiveFrom, reference: options.reference, add: part.entries.map((e) => e.entry) };
          last = await ask(() => client.post<WriteResult>(`${listPath}/amendments`, body, `watchlist-import:${options.list}:${part.amendmentId}`), options);
          posted += part.entries.length;
          bar.update(posted);
        }
      } finally {
        bar.stop();
      }
      process.stdout.write(
        `imported ${posted} entries into ${options.list} from ${options.effectiveFrom} as ${plan.map((p) => p.amendmentId).join(', ')} (position ${last?.position}); ` +
          `${rows.length - posted} were on the list already\n`,
      );
    });
}

/** The id of the import's amendment: the same file, list, date and reference always give the same one. */
function derivedAmendmentId(options: ImportOptions, text: string): string {
  const digest = createHash('sha256').update([options.list, options.effectiveFrom, options.reference, text].join('\n')).digest('hex');
  return `csv-${digest.slice(0, 16)}`;
}

/** An entry with its keys in one order, to compare what the file says with what the list holds. */
function canonical(entry: WatchlistEntry): string {
  const { entryId, name, aliases, countries, identifiers } = entry;
  const sorted = identifiers ? Object.fromEntries(Object.entries(identifiers).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
  return JSON.stringify({ entryId, name: name ?? null, aliases: aliases ?? [], countries: countries ?? [], identifiers: sorted ?? {} });
}

/** One request, its refusal said as the ledger said it. */
async function ask<T>(request: () => Promise<T>, options: ImportOptions): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof LedgerHttpError) {
      if (error.status === 404 && error.method === 'GET') throw new CliFailure(`there is no watch list ${options.list} at ${options.url}; create it first (POST /v1/watchlists)`);
      throw new CliFailure(`the ledger refused: ${error.message}`, error.status >= 500 ? 2 : 1);
    }
    throw new CliFailure(`cannot reach the ledger at ${options.url}: ${(error as Error).message}`);
  }
}

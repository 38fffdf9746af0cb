import type { Command } from 'commander';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseNote } from '../../integrity/signed-note';
import { verifyExport, type ExportVerificationResult } from '../../integrity/export-verifier';
import { parseBasis, type ExposureView } from '../../provenance/exposure-queries';
import { LotNotFoundError, WatchlistNotFoundError } from '../../provenance/provenance.errors';
import type { OriginsView } from '../../provenance/provenance-queries';
import { CliFailure } from '../cli-failure';
import { ExportReplay, type LedgerSummary } from '../export-replay';
import { progressBar } from '../progress-bar';

interface VerifyOptions {
  publicKey: string;
  held: string[];
  lot: string[];
  list: string[];
  basis: string;
  json?: boolean;
  saveCheckpoint?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .summary('verify an export offline and print what it holds')
    .description(
      'verify an export offline (no server, no database): recompute every leaf and the root, check the checkpoint signature and ' +
        'consistency with every held checkpoint, then replay the projections over the file and print a summary. Exits 1 and names ' +
        'the first bad entry when anything fails, 2 when the inputs cannot be read.',
    )
    .argument('<file>', 'the export file (ledger export --out)')
    .requiredOption('--public-key <file>', "the ledger's checkpoint public key (PEM), obtained out of band")
    .option('--held <file>', 'a signed checkpoint held from earlier (repeatable)', collect, [])
    .option('--lot <lotId>', "also print this lot's origin composition as GET /v1/lots/{lotId}/origins answers it (repeatable)", collect, [])
    .option('--list <listId>', "with --lot: the watch list to print the lot's exposure to (repeatable; default every list in the export)", collect, [])
    .option('--basis <basis>', 'with --lot: event-time, current or an RFC 3339 date, as GET /v1/lots/{lotId}/exposure takes it', 'event-time')
    .option('--json', 'print the result as one JSON object instead of text')
    .option('--save-checkpoint <file>', "after success, write the export's checkpoint here to hold for the next verification")
    .action(async (file: string, options: VerifyOptions) => {
      const basis = parseBasis(options.basis);
      if (!basis) throw new CliFailure('--basis must be event-time, current or an RFC 3339 date');
      const publicKey = readText(options.publicKey, 'public key');
      const held = options.held.map((path) => readText(path, 'held checkpoint'));
      try {
        statSync(file);
      } catch (error) {
        throw new CliFailure(`cannot read export ${file}: ${(error as Error).message}`);
      }
      const replay = ExportReplay.inTemporaryFolder();
      const bar = progressBar();
      let started = false;
      let result: ExportVerificationResult;
      try {
        result = await verifyExport(file, {
          publicKey,
          heldCheckpoints: held,
          onEvent: (event) => replay.apply(event),
          onProgress: ({ entriesVerified, treeSize }) => {
            if (!started && treeSize > 0) {
              bar.start(treeSize, 'verifying');
              started = true;
            }
            bar.update(entriesVerified);
          },
        });
      } catch (error) {
        throw new CliFailure(`cannot verify ${file}: ${(error as Error).message}`);
      } finally {
        bar.stop();
      }

      if (!result.ok) {
        const failure = result.failure!;
        if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, failure, entriesVerified: result.entriesVerified })}\n`);
        const where = [
          failure.eventId !== null ? `event ${failure.eventId}` : null,
          failure.leafIndex !== null ? `leaf ${failure.leafIndex}` : null,
          failure.lineNumber !== null ? `line ${failure.lineNumber}` : null,
        ].filter((part) => part !== null);
        throw new CliFailure(
          `verification FAILED (${failure.reason})${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${failure.message}`,
          1,
        );
      }

      const lots: Record<string, OriginsView> = {};
      for (const lotId of options.lot) {
        try {
          lots[lotId] = replay.origins(lotId);
        } catch (error) {
          if (error instanceof LotNotFoundError) throw new CliFailure(`the export verified, but it holds no lot ${lotId}`, 1);
          throw error;
        }
      }
      // Exposure as GET /v1/lots/{lotId}/exposure answers it, to every list asked (or held).
      const exposure: Record<string, Record<string, ExposureView>> = {};
      const now = new Date().toISOString();
      const lists = options.list.length > 0 ? options.list : replay.watchlists();
      for (const lotId of options.lot) {
        exposure[lotId] = {};
        for (const listId of lists) {
          try {
            exposure[lotId][listId] = replay.exposure(lotId, listId, basis, now);
          } catch (error) {
            if (error instanceof WatchlistNotFoundError) throw new CliFailure(`the export verified, but it holds no watch list ${listId}`, 1);
            throw error;
          }
        }
      }
      const summary = replay.summary();
      replay.close();
      if (options.saveCheckpoint) writeFileSync(options.saveCheckpoint, await headerCheckpoint(file));
      const checkpoint = result.checkpoint!;
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({
            ok: true,
            origin: checkpoint.origin,
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash.toString('base64'),
            signedAt: checkpoint.time,
            held: result.held.map((h) => ({ treeSize: h.treeSize, signedAt: h.time, consistent: h.consistent })),
            summary,
            lots,
            exposure,
          })}\n`,
        );
        return;
      }
      process.stdout.write(
        [
          `OK: ${checkpoint.treeSize} event(s) of log "${checkpoint.origin}" verified; root ${checkpoint.rootHash.toString('base64')}` +
            `${checkpoint.time ? `, signed ${checkpoint.time}` : ''}`,
          ...result.held.map((h) => `held checkpoint of size ${h.treeSize}${h.time ? ` (signed ${h.time})` : ''}: consistent`),
          '',
          ...summaryLines(summary),
          ...Object.values(lots).flatMap(originLines),
          ...Object.values(exposure).flatMap((byList) => Object.values(byList).flatMap(exposureLines)),
        ].join('\n') + '\n',
      );
    });
}

/** The checkpoint note of a verified export, as its header (the first line only) carries it. */
async function headerCheckpoint(file: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const header = JSON.parse(line) as { checkpoint: string };
      parseNote(header.checkpoint);
      return header.checkpoint;
    }
  } finally {
    lines.close();
  }
  throw new CliFailure(`${file} has no header line`);
}

function summaryLines(summary: LedgerSummary): string[] {
  const roles = Object.entries(summary.parties.byRole).map(([role, n]) => `${role} ${n}`).join(', ');
  const statuses = Object.entries(summary.lots.byStatus).map(([status, n]) => `${status} ${n}`).join(', ');
  const lines = [
    `events      ${summary.events}`,
    `parties     ${summary.parties.total}${roles ? ` (${roles})` : ''}`,
    `facilities  ${summary.facilities}`,
    `lots        ${summary.lots.total} (${statuses})`,
    'contained mass per mineral (kg):',
    ...Object.entries(summary.minerals).map(
      ([mineral, m]) => `  ${mineral.padEnd(10)} at origin ${m.atOriginKg.padStart(16)}   held now ${m.heldKg.padStart(16)}`,
    ),
    `open flags  ${summary.openFlags.length}`,
    ...summary.openFlags.map(
      (f) => `  ${f.flagId} on ${f.subject}: ${f.category}, ${f.severity}${f.automatic ? ', automatic' : ''}, raised ${f.raisedAt}`,
    ),
  ];
  return lines;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

function originLines(view: OriginsView): string[] {
  const lines = ['', `origins of lot ${view.lotId} (as of position ${view.position}):`];
  for (const [mineral, m] of Object.entries(view.minerals)) {
    lines.push(
      `  ${mineral} ${m.massKg} kg: recycled ${percent(m.recycledShare)}, certified ${percent(m.certifiedShare)}, flagged ${percent(m.flaggedShare)}`,
    );
    for (const o of m.origins) {
      lines.push(`    ${o.facilityId} (${o.country}${o.recycled ? ', recycled' : ''}): ${o.massKg} kg, ${percent(o.share)}`);
    }
    lines.push(`    by country: ${Object.entries(m.byCountry).map(([c, s]) => `${c} ${percent(s)}`).join(', ')}`);
  }
  return lines;
}

function exposureLines(view: ExposureView): string[] {
  const lines = ['', `exposure of lot ${view.lotId} to ${view.listId} (${view.basis}, at ${view.at}, position ${view.position}):`];
  for (const [mineral, m] of Object.entries(view.minerals)) {
    lines.push(`  ${mineral} ${m.massKg} kg: exposed ${m.exposedMassKg} kg, ${percent(m.exposedShare)}`);
    for (const p of m.paths) {
      const entity = p.listed === 'party' ? `party ${p.partyId}` : `facility ${p.facilityId}`;
      lines.push(`    ${p.entryId}: ${entity}, lot ${p.lotId} ${p.activity} at ${p.stage} from ${p.from} to ${p.to ?? 'now'} (listed by ${p.amendmentId})`);
    }
  }
  return lines;
}

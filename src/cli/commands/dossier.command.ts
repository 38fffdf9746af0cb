import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provenanceProjections } from '../../../projections/provenance-projections';
import { buildDossier } from '../../dossier/build-dossier';
import { dossierHtml } from '../../dossier/dossier-html';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import { SqliteReadModel } from '../../projection-runner/sqlite-read-model';
import { ProvenanceQueries } from '../../provenance/provenance-queries';
import { toSvg } from '../../provenance/svg';
import { LotNotFoundError } from '../../provenance/provenance.errors';
import { cliConfig } from '../cli-config';
import { CliFailure } from '../cli-failure';
import { openLedgerData } from '../open-ledger-data';

interface DossierOptions {
  out: string;
  asOf?: string;
}

/** `ledger dossier <lotId> --out dir/`: the lot's tracing dossier as dossier.json and dossier.html, from the data directory. */
export function registerDossierCommand(program: Command): void {
  program
    .command('dossier')
    .summary("write a lot's tracing dossier (JSON and printable HTML)")
    .description(
      'Write the tracing dossier of a lot, as GET /v1/lots/{lotId}/dossier gives it, into a folder: dossier.json (what ' +
        '`ledger verify-dossier` checks) and dossier.html (one self-contained printable page). Reads the data directory directly; ' +
        'the Merkle log is brought up to the log first, and the provenance is folded into scratch read models of its own ' +
        '(the service\'s are left alone, so it may keep running).',
    )
    .argument('<lotId>', 'the lot')
    .requiredOption('--out <dir>', 'folder to write dossier.json and dossier.html into (created if missing)')
    .option('--as-of <positionOrTime>', 'the dossier as the ledger stood at a global position or RFC 3339 time')
    .action(async (lotId: string, options: DossierOptions, command: Command) => {
      const config = cliConfig(command);
      const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
      const data = await openLedgerData(config, warn);
      const scratch = mkdtempSync(join(tmpdir(), 'ledger-dossier-'));
      const readModel = new SqliteReadModel(join(scratch, 'read-models.sqlite'), provenanceProjections);
      try {
        await data.integrity.catchUp();
        await new ProjectionRunner(data.store, readModel).catchUp();
        const queries = new ProvenanceQueries(readModel);
        const dossier = await buildDossier({ queries, store: data.store, integrity: data.integrity }, lotId, options.asOf ? { asOf: options.asOf } : {});
        mkdirSync(options.out, { recursive: true });
        writeFileSync(join(options.out, 'dossier.json'), `${JSON.stringify(dossier, null, 2)}\n`);
        writeFileSync(join(options.out, 'dossier.html'), dossierHtml(dossier, await toSvg(dossier.graph)));
        process.stdout.write(`wrote the dossier of ${lotId} at position ${dossier.position}: ${dossier.events.length} events with proofs, ${dossier.stages.length} stages, into ${options.out}\n`);
      } catch (error) {
        if (error instanceof LotNotFoundError) throw new CliFailure(error.message, 1);
        throw error;
      } finally {
        readModel.close();
        rmSync(scratch, { recursive: true, force: true });
        await data.close();
      }
    });
}

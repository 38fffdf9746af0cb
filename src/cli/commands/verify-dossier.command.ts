import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { verifyDossier } from '../../dossier/verify-dossier';
import { CliFailure } from '../cli-failure';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** `ledger verify-dossier dossier.json --public-key key.pem`: offline, with no server and no database. */
export function registerVerifyDossierCommand(program: Command): void {
  program
    .command('verify-dossier')
    .summary('verify a tracing dossier offline')
    .description(
      "verify a tracing dossier (GET /v1/lots/{lotId}/dossier, ledger dossier) offline: the checkpoint's signature with the given key, " +
        'one inclusion proof per cited event against it, and that every stage, certification and flag cites proven events. ' +
        'Exits 1 naming what failed, 2 when the inputs cannot be read.',
    )
    .argument('<file>', 'the dossier JSON')
    .requiredOption('--public-key <file>', "the ledger's checkpoint public key (PEM), obtained out of band (not the dossier's own copy)")
    .action((file: string, options: { publicKey: string }) => {
      const publicKey = readText(options.publicKey, 'public key');
      let dossier: unknown;
      try {
        dossier = JSON.parse(readText(file, 'dossier'));
      } catch (error) {
        if (error instanceof CliFailure) throw error;
        throw new CliFailure(`${file} is not JSON: ${(error as Error).message}`, 1);
      }
      const verdict = verifyDossier(dossier, publicKey);
      if (!verdict.ok) throw new CliFailure(`dossier verification FAILED: ${verdict.problems.join('; ')}`, 1);
      const lotId = (dossier as { lotId?: unknown }).lotId;
      process.stdout.write(`OK: dossier of ${String(lotId)}: ${verdict.proven} event(s) proven included in the signed log of ${verdict.treeSize} leaves\n`);
    });
}

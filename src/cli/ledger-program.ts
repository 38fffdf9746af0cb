import { Command } from 'commander';
import { registerDossierCommand } from './commands/dossier.command';
import { ledgerVersion } from './ledger-version';
import { registerExportCommand } from './commands/export.command';
import { registerIntegrityCommand } from './commands/integrity.command';
import { registerProjectionsCommand } from './commands/projections.command';
import { registerPublicKeyCommand } from './commands/public-key.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerVerifyCommand } from './commands/verify.command';
import { registerVerifyDossierCommand } from './commands/verify-dossier.command';
import { registerWatchlistCommand } from './commands/watchlist.command';

/** Each command lives in `commands/<name>.command.ts` and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const LEDGER_COMMANDS: readonly RegisterCommand[] = [
  registerExportCommand,
  registerVerifyCommand,
  registerPublicKeyCommand,
  registerReplayCommand,
  registerProjectionsCommand,
  registerDossierCommand,
  registerVerifyDossierCommand,
  registerWatchlistCommand,
  registerIntegrityCommand,
];

/** One example per command, shown under `ledger --help` (a test checks every command has one). */
export const COMMAND_EXAMPLES: Record<string, string> = {
  export: 'ledger export --data-dir ./data --out ledger-export.ndjson',
  verify: 'ledger verify ledger-export.ndjson --public-key ledger-key.pem --held checkpoint-2026-03.txt',
  'public-key': 'ledger public-key --data-dir ./data > ledger-key.pem',
  replay: 'ledger replay --data-dir ./data --to 2026-03-01T00:00:00Z --lot JP-LIOH-1',
  projections: 'ledger projections rebuild --data-dir ./data',
  integrity: 'ledger integrity check --data-dir ./data',
  dossier: 'ledger dossier JP-CATHODE-1 --data-dir ./data --out dossier/',
  'verify-dossier': 'ledger verify-dossier dossier/dossier.json --public-key ledger-key.pem',
  watchlist: 'ledger watchlist import --list uflpa --effective-from 2025-01-15 --reference "Federal Register notice of 2025-01-15" entities.csv',
};

/**
 * The `ledger` program: regulators' and operators' tools over a data directory or an export file.
 * Exit codes: 0 done, 1 the thing checked is bad (a failed verification), 2 it could not be checked
 * or done, a usage error included (commander's own errors are turned into 2 by `main.ts`).
 */
export function buildLedgerProgram(commands: readonly RegisterCommand[] = LEDGER_COMMANDS): Command {
  const program = new Command('ledger')
    .description(
      'Critical-minerals custody ledger: export the verifiable history, verify an export offline, print the checkpoint key, rebuild read models and the Merkle log, import watch lists.\n' +
        'Reads the same environment as the service (LEDGER_DATA_DIR, LEDGER_STORE, KURRENTDB_URL, LEDGER_SIGNING_KEY_FILE, …).\n' +
        'Exit codes: 0 done, 1 verification failed (or the checked data is bad), 2 usage or input error.',
    )
    .version(ledgerVersion(), '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'data directory of the ledger (overrides LEDGER_DATA_DIR)')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError()
    // Throw instead of exiting, so every usage error leaves with 2, never commander's 1 ("verification failed").
    .exitOverride();
  for (const register of commands) register(program);
  const examples = program.commands.map((command) => COMMAND_EXAMPLES[command.name()]).filter((example) => example !== undefined);
  program.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
  return program;
}

import { Command } from 'commander';
import { registerDossierCommand } from './commands/dossier.command';
import { registerExportCommand } from './commands/export.command';
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
];

/** The `ledger` program: regulators' tools over a data directory or an export file. */
export function buildLedgerProgram(commands: readonly RegisterCommand[] = LEDGER_COMMANDS): Command {
  const program = new Command('ledger')
    .description(
      'Critical-minerals custody ledger: export the verifiable history, verify an export offline, print the checkpoint key, import watch lists.\n' +
        'Reads the same environment as the service (LEDGER_DATA_DIR, LEDGER_STORE, KURRENTDB_URL, LEDGER_SIGNING_KEY_FILE, …).',
    )
    .option('--data-dir <dir>', 'data directory of the ledger (overrides LEDGER_DATA_DIR)')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError();
  for (const register of commands) register(program);
  return program;
}

import type { Command } from 'commander';
import { ConfigError, loadConfig, type LedgerConfig } from '../config/ledger-config';
import { CliFailure } from './cli-failure';

/**
 * The service's configuration (the same environment variables), with the program's global
 * `--data-dir` taking precedence over LEDGER_DATA_DIR.
 */
export function cliConfig(command: Command): LedgerConfig {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  try {
    return loadConfig({ ...process.env, ...(dataDir ? { LEDGER_DATA_DIR: dataDir } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(`configuration: ${error.message}`);
    throw error;
  }
}

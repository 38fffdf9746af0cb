import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './ledger-config';

/**
 * Checked before anything opens a file there, so a directory the service cannot write (read-only
 * mount, wrong owner, a file in the way) stops start-up with its path named, not with an SQLite
 * error about some file inside it.
 */
export function assertDataDirWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const probe = join(dataDir, `.write-probe-${process.pid}`);
    closeSync(openSync(probe, 'w', 0o600));
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`LEDGER_DATA_DIR ${dataDir} is not a writable directory (${code}); give the service's user a directory it can write`);
  }
}

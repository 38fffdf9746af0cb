import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';
import { createEventStore } from '../event-store/event-store.factory';
import type { EventStore } from '../event-store/event-store.port';
import { IntegrityProjector, integrityOptionsOf } from '../integrity/integrity-projector';
import { CliFailure } from './cli-failure';

export interface LedgerData {
  store: EventStore;
  integrity: IntegrityProjector;
  close(): Promise<void>;
}

/**
 * Opens the configured store and the Merkle log file directly, without the service: the CLI works
 * whether the service is running or not (SQLite WAL lets both read; writers take turns).
 */
export async function openLedgerData(config: LedgerConfig, warn: (message: string) => void): Promise<LedgerData> {
  if (config.store === 'sqlite' && !existsSync(join(config.dataDir, 'ledger.sqlite'))) {
    throw new CliFailure(`no ledger in ${config.dataDir} (no ledger.sqlite); set LEDGER_DATA_DIR or pass --data-dir`);
  }
  // Store messages go where the CLI's warnings go (stderr), never into an export on stdout.
  const store = await createEventStore(config, { logger: { log: warn, warn } });
  let integrity: IntegrityProjector;
  try {
    integrity = IntegrityProjector.open(store, { ...integrityOptionsOf(config), onWarning: warn });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    integrity,
    close: async () => {
      await integrity.close();
      await store.close();
    },
  };
}

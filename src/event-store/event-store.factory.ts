import type { LedgerConfig } from '../config/ledger-config';
import type { EventStore } from './event-store.port';
import type { StoreLogger } from './kurrentdb/kurrentdb-connection-watch';
import { openSqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreFactoryOptions {
  /** Where a remote store reports start-up retries and lost connections. Default: the Nest logger. */
  logger?: StoreLogger;
}

/**
 * KurrentDB may still be starting when the ledger does (one `docker compose up`): it is asked
 * this many times, waiting 1, 2, 4, 8, 8 … s in between (about half a minute), before the ledger
 * gives up with one clear line.
 */
const KURRENTDB_CONNECT_ATTEMPTS = 6;

/** The store the configuration names; KurrentDB is loaded only when chosen. */
export async function createEventStore(config: LedgerConfig, options: EventStoreFactoryOptions = {}): Promise<EventStore> {
  if (config.store === 'kurrentdb') {
    // Loaded lazily so the embedded default never opens the gRPC client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as typeof import('./kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(config.kurrentDbUrl as string, { connectAttempts: KURRENTDB_CONNECT_ATTEMPTS, logger: options.logger });
  }
  return openSqliteEventStore(config.dataDir, { synchronous: config.sqliteSynchronous, cacheMiB: config.sqliteCacheMiB });
}

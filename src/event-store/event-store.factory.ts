import type { LedgerConfig } from '../config/ledger-config';
import type { EventStore } from './event-store.port';
import { openSqliteEventStore } from './sqlite/sqlite-event-store';

/** The store the configuration names; KurrentDB is loaded only when chosen. */
export async function createEventStore(config: LedgerConfig): Promise<EventStore> {
  if (config.store === 'kurrentdb') {
    // Loaded lazily so the embedded default never opens the gRPC client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as {
      KurrentDbEventStore: { connect(url: string): Promise<EventStore> };
    };
    return KurrentDbEventStore.connect(config.kurrentDbUrl as string);
  }
  return openSqliteEventStore(config.dataDir, { synchronous: config.sqliteSynchronous });
}

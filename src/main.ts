import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/ledger-config';
import { createLedgerApp } from './app.factory';
import { EventStoreUnavailableError } from './event-store/event-store.errors';

async function main(): Promise<void> {
  // Every file the ledger creates (event store, read models, keys, credentials) is the service user's alone.
  process.umask(0o077);
  const config = loadConfig();
  const app = await createLedgerApp(config);
  await app.listen(config.port, config.host);
  Logger.log(`ledger listening on http://localhost:${config.port} (store: ${config.store}, data: ${config.dataDir}); API docs at /docs`, 'Ledger');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof EventStoreUnavailableError) {
    // Already explained (and its retries logged) by the store: one line, no stack.
    process.stderr.write(`ledger failed to start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`ledger failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createLedgerApp, type LedgerAppOptions } from '../../src/app.factory';
import { loadConfig } from '../../src/config/ledger-config';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';
import { plainIds, type LedgerIds } from './ledger-ids';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestLedger {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataDir: string;
  /** The ids this ledger's tests write with (see `ledgerIds` in ledger-fixtures). */
  ids: LedgerIds;
  /** Head of the global log when this ledger started; its own events all come after. */
  startPosition: string | null;
  /** Closes the app; the data directory stays until `destroy`. */
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Starts the real service in-process on a fresh data directory (a real SQLite file), listening on
 * an ephemeral port. With LEDGER_E2E_STORE=kurrentdb the same suite runs against the KurrentDB
 * adapter: on the wire-level stand-in, or on a real server when KURRENTDB_URL is set. That server
 * is shared by every test ledger (and every run), so tests write with `ledger.ids` and look at
 * the log through `ledgerEvents`, never at the whole of it.
 */
export async function startTestLedger(
  options: { dataDir?: string; env?: Record<string, string>; ids?: LedgerIds; logDestination?: LedgerAppOptions['logDestination'] } = {},
): Promise<TestLedger> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const store = process.env.LEDGER_E2E_STORE ?? 'sqlite';
  // On KurrentDB every test ledger gets its own in-memory stand-in (or the server in KURRENTDB_URL).
  const standIn = store === 'kurrentdb' && !process.env.KURRENTDB_URL ? await KurrentDbStandIn.start() : null;
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
    LEDGER_LOG_LEVEL: 'error',
    LEDGER_STORE: store,
    // A short discovery interval spares each test app the client's 500 ms wait before its first read.
    KURRENTDB_URL: standIn ? `${standIn.connectionString}&discoveryInterval=10` : process.env.KURRENTDB_URL ?? '',
    ...options.env,
  });
  const app = await createLedgerApp(config, { logDestination: options.logDestination });
  await app.listen(0, '127.0.0.1');
  const http = request(app.getHttpServer());
  const startPosition = ((await http.get('/health')).body as { position: string | null }).position;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await standIn?.close();
  };
  return {
    app,
    http,
    dataDir,
    ids: options.ids ?? plainIds,
    startPosition,
    close,
    destroy: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

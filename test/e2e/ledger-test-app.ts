import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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
  const requestLog = new RequestLogWitness(options.logDestination);
  const app = await createLedgerApp(
    // Request lines are written at the `log` level: every test ledger keeps them (in memory) so
    // `close` can check that every answered request has its line. A test that sets its own level
    // or destination looks at its lines itself.
    options.env?.LEDGER_LOG_LEVEL || options.logDestination ? config : { ...config, logLevel: 'log' },
    { logDestination: requestLog },
  );
  if (!options.env?.LEDGER_LOG_LEVEL && !options.logDestination) requestLog.watch(app.getHttpServer() as Server);
  await app.listen(0, '127.0.0.1');
  const http = request(app.getHttpServer());
  const startPosition = ((await http.get('/health')).body as { position: string | null }).position;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await standIn?.close();
    requestLog.assertEveryRequestLogged();
  };
  return {
    app,
    http,
    dataDir,
    ids: options.ids ?? plainIds,
    startPosition,
    close,
    destroy: async () => {
      try {
        await close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Issue 15's "a JSON log line exists for every request of the e2e suite", checked on every test
 * ledger: the HTTP server itself records the X-Request-Id of every answer it sends (below the
 * service's own hooks), and `close` fails the test file when an answer has no request id or no
 * JSON line of the service's log carries it. Lines at `error` and above still reach stderr.
 */
class RequestLogWitness {
  private readonly answered: { id: string | null; method: string; url: string; status: number }[] = [];
  private readonly loggedIds = new Set<string>();
  private watching = false;

  constructor(private readonly forward?: { write(line: string): unknown }) {}

  write(line: string): void {
    if (this.forward) {
      this.forward.write(line);
      return;
    }
    const entry = JSON.parse(line) as { requestId?: string; level?: string };
    if (typeof entry.requestId === 'string') this.loggedIds.add(entry.requestId);
    if (entry.level === 'error' || entry.level === 'fatal') process.stderr.write(line);
  }

  watch(server: Server): void {
    this.watching = true;
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      // Fastify hands its headers to writeHead rather than setting them one by one: read them there.
      let id: string | null = null;
      const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
      response.writeHead = ((...args: unknown[]) => {
        const headers = args.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, unknown> | undefined;
        const sent = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'x-request-id')?.[1] ?? response.getHeader('x-request-id');
        id = typeof sent === 'string' ? sent : null;
        return writeHead(...args);
      }) as ServerResponse['writeHead'];
      response.once('finish', () => this.answered.push({ id, method: request.method ?? '', url: request.url ?? '', status: response.statusCode }));
    });
  }

  assertEveryRequestLogged(): void {
    if (!this.watching) return;
    const unlogged = this.answered.filter((answer) => answer.id === null || !this.loggedIds.has(answer.id));
    if (unlogged.length > 0) {
      const list = unlogged.slice(0, 5).map((answer) => `${answer.method} ${answer.url} ${answer.status} (X-Request-Id ${answer.id ?? 'missing'})`);
      throw new Error(`${unlogged.length} of ${this.answered.length} answered requests have no JSON line in the request log: ${list.join('; ')}`);
    }
  }
}

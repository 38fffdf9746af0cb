import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { LedgerConfig } from '../config/ledger-config';
import { requestIdOf } from '../operations/request-log';

/**
 * The one place where the HTTP server's options are set. They keep what the ledger answered on
 * its first platform (Express on Node's HTTP server): paths match in any letter case and with a
 * trailing slash, a path parameter may be as long as a request line allows (ids are up to 128
 * characters, percent-encoded EPCIS event ids longer). A client cannot hold the server: a request
 * must arrive within LEDGER_REQUEST_TIMEOUT_MS (Node's default, 300 s, let a body promised and
 * never sent hold a connection for minutes), a connection on which nothing is sent is closed after
 * LEDGER_IDLE_TIMEOUT_MS, and `applyConnectionLimits` caps the headers' time and the connections.
 */
export function serverOptions(config: Pick<LedgerConfig, 'requestTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs'>): FastifyHttpOptions<Server> & { skipMiddie: boolean } {
  return {
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    keepAliveTimeout: 5_000,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    // Node checks the request and headers timeouts every 30 s by default: a tenth of the shortest, so they hold.
    http: { connectionsCheckingInterval: Math.max(100, Math.min(config.requestTimeoutMs, config.headersTimeoutMs) / 10) },
    // The request id is the client's X-Request-Id when usable (checked: it goes into log lines), else a new UUID.
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers['x-request-id']),
    // No Express-style middleware runs here (request hooks instead), so Nest need not load @fastify/middie.
    skipMiddie: true,
  };
}

/**
 * What Fastify's options do not reach on Node's server: the time headers may take, and how many
 * connections may be open (idle ones included: each holds a file descriptor, and the process's
 * file limit reached means even /health fails). Over the cap a connection is closed at once.
 */
export function applyConnectionLimits(server: Server, config: Pick<LedgerConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxConnections'>): void {
  // Node requires headersTimeout ≤ requestTimeout.
  server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  server.maxConnections = config.maxConnections;
}

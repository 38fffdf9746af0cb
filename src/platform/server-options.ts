import type { FastifyServerOptions } from 'fastify';

/**
 * The one place where the HTTP server's options are set. They keep what the ledger answered on
 * its first platform (Express on Node's HTTP server): paths match in any letter case and with a
 * trailing slash, a path parameter may be as long as a request line allows (ids are up to 128
 * characters, percent-encoded EPCIS event ids longer), and Node's own timeouts apply (Fastify's
 * defaults would keep idle connections 72 s and never time a request out).
 */
export function serverOptions(): FastifyServerOptions & { skipMiddie: boolean } {
  return {
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // No Express-style middleware runs here (request hooks instead), so Nest need not load @fastify/middie.
    skipMiddie: true,
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import type { AuthenticatedRequest } from '../access/current-actor.decorator';
import type { LedgerMetrics } from '../operations/ledger-metrics';
import { logFinishedRequest, REQUEST_ID_HEADER } from '../operations/request-log';

/**
 * What the operator sees of every request, from the server's own hooks (no middleware layer): the
 * request id answered in X-Request-Id as soon as the request arrives (so refusals carry it too),
 * and, once the answer is sent, its log line and its metrics.
 */
export function observeRequests(fastify: FastifyInstance, logger: PinoInstance, metrics: LedgerMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? null;
    const durationMs = reply.elapsedTime;
    logFinishedRequest(logger, {
      requestId: request.id,
      method: request.method,
      url: request.url,
      route,
      status: reply.statusCode,
      durationMs,
      party: (request as FastifyRequest & AuthenticatedRequest).actor?.partyId ?? null,
    });
    metrics.request(request.method, route ?? 'unmatched', reply.statusCode, durationMs / 1000, reply.getHeader('Idempotent-Replayed') === 'true');
    done();
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BEARER } from '../access/bearer-digest';
import { PROBLEM_CONTENT_TYPE, problem } from '../problems';
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

/**
 * Every route that takes a body needs a bearer token, so a body sent without a well-formed
 * `Authorization: Bearer …` is refused (401) before a byte of it is read, and the connection closed:
 * a client without a key cannot make the server wait for, buffer or parse anything.
 */
export function refuseUnauthenticatedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const length = request.headers['content-length'];
    const hasBody = length !== undefined ? length !== '0' : request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return done();
    const authorization = request.headers['authorization'];
    if (typeof authorization === 'string' && BEARER.test(authorization.trim())) return done();
    const answer = { ...problem('unauthenticated', authorization ? 'the Authorization header must be "Bearer <api key>"' : 'send Authorization: Bearer <api key>'), instance: request.url };
    void reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer realm="ledger"')
      .header('Connection', 'close')
      .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(JSON.stringify(answer));
  });
}

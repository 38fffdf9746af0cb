import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerMetrics } from './ledger-metrics';
import { routeOf, type LoggedRequest } from './request-log';

/**
 * Observes every request when its answer is sent (a plain middleware, so no Nest interceptor runs
 * per request): its route pattern, status and duration, and whether it was an idempotent replay.
 */
export function httpMetrics(metrics: LedgerMetrics) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.request(req.method ?? 'GET', routeOf(req as LoggedRequest) ?? 'unmatched', res.statusCode, seconds, res.getHeader('Idempotent-Replayed') === 'true');
    });
    next();
  };
}

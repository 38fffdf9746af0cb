import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger as PinoInstance } from 'pino';
import type { Params } from 'nestjs-pino';
import type { LedgerConfig } from '../config/ledger-config';

/** The service's log levels (Nest's names) as pino's. */
const PINO_LEVELS: Record<LedgerConfig['logLevel'], pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** An X-Request-Id a client may choose: short and printable, so it is safe in a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * One JSON object per line on stdout (or `destination`), for everything the service logs: UTC ISO
 * timestamps, the level by name, never a colour code, so a log shipper reads it as it is.
 */
export function ledgerLogger(config: Pick<LedgerConfig, 'logLevel'>, destination?: DestinationStream): PinoInstance {
  return pino(
    {
      level: PINO_LEVELS[config.logLevel],
      base: { service: 'ledger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/**
 * nestjs-pino as Nest's logger (every `Logger.log/warn/error` of the service becomes a line of
 * `logger`). Its pino-http middleware is not mounted (`forRoutes: []`): the request lines are
 * written from the server's own response hook (`logFinishedRequest`), which knows the matched
 * route and the party, and needs no middleware layer on the request path.
 */
export function nestLoggerParams(logger: PinoInstance): Params {
  return { pinoHttp: { logger }, forRoutes: [] };
}

/** The client's X-Request-Id when it is usable, else a new one. */
export function requestIdOf(sent: string | string[] | undefined): string {
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

export interface FinishedRequest {
  requestId: string;
  method: string;
  url: string;
  /** The route pattern matched (`/v1/lots/:lotId`), null when none did. */
  route: string | null;
  status: number;
  durationMs: number;
  /** The authenticated party (`admin` for the admin), null before or without authentication. */
  party: string | null;
}

/**
 * One line per request when its answer is sent: never a header, so never a key. A 503 is
 * transient (its answer says when to retry) and logs at warn; any other 5xx is a fault, at error.
 */
export function logFinishedRequest(logger: PinoInstance, request: FinishedRequest): void {
  const level = request.status === 503 ? 'warn' : request.status >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId: request.requestId,
      req: { method: request.method, url: request.url },
      route: request.route,
      party: request.party,
      res: { status: request.status },
      durationMs: Math.round(request.durationMs * 1000) / 1000,
    },
    `${request.method} ${request.route ?? 'unmatched'} ${request.status}`,
  );
}

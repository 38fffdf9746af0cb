import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger as PinoInstance } from 'pino';
import type { Params } from 'nestjs-pino';
import type { LedgerConfig } from '../config/ledger-config';
import type { Actor } from '../domain/commands';

/** The service's log levels (Nest's names) as pino's. */
const PINO_LEVELS: Record<LedgerConfig['logLevel'], pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** An X-Request-Id a client may choose: short and printable, so it is safe in a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

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

export type LoggedRequest = IncomingMessage & { id?: unknown; actor?: Actor; route?: { path?: string }; routeOptions?: { url?: string }; originalUrl?: string };

/** The route a request matched (its pattern, so lines group by route), whichever platform matched it. */
export function routeOf(req: LoggedRequest): string | undefined {
  return req.routeOptions?.url ?? req.route?.path;
}

function whoAndWhere(req: LoggedRequest): { route: string | null; party: string | null } {
  return { route: routeOf(req) ?? null, party: req.actor?.partyId ?? null };
}

/**
 * nestjs-pino's settings: one line per request when its answer is sent (method, route, status,
 * duration, party, request id; never a header, so never a key), at `error` for a 5xx and `info`
 * otherwise. The request id is the client's X-Request-Id when it sent a usable one, else a new
 * UUID, and is answered in X-Request-Id either way.
 */
export function requestLogParams(logger: PinoInstance): Params {
  return {
    pinoHttp: {
      logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const sent = req.headers['x-request-id'];
        const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      // A 503 is transient (the answer says when to retry); any other 5xx is a fault the operator must see.
      customLogLevel: (_req, res, error) => (res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info'),
      customSuccessMessage: (req, res) => `${req.method} ${routeOf(req as LoggedRequest) ?? 'unmatched'} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${routeOf(req as LoggedRequest) ?? 'unmatched'} ${res.statusCode}`,
      // Added when the answer is sent, once the route is matched and the party known.
      customSuccessObject: (req, _res, fields) => ({ ...fields, ...whoAndWhere(req as LoggedRequest) }),
      // pino-http makes up an error for every 5xx; the filter already logged the real one, with its stack.
      customErrorObject: (req, _res, error, fields) => ({ ...fields, ...whoAndWhere(req as LoggedRequest), err: { message: error.message } }),
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
      },
      // A refused or cut-off request is logged too (as aborted), not only a completed one.
      quietReqLogger: true,
    },
  };
}

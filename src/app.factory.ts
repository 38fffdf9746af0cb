import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ledgerLogger } from './operations/request-log';
import { LedgerMetrics } from './operations/ledger-metrics';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { LedgerConfig } from './config/ledger-config';
import { assertDataDirWritable } from './config/data-dir';
import { AppModule } from './app.module';
import { createEventStore } from './event-store/event-store.factory';
import { epcisAnswerHeaders } from './epcis/http/epcis-answer-headers';
import { ledgerDocument } from './http/openapi/ledger-document';
import { serveExplorer } from './platform/explorer-static';
import { readRequestBodies } from './platform/request-bodies';
import { observeRequests, refuseUnauthenticatedBodies } from './platform/request-hooks';
import { applyConnectionLimits, serverOptions } from './platform/server-options';

/** `/epcis` and what is under it; the EPCIS answer headers see the path below it, as a middleware mounted there would. */
const EPCIS_MOUNT = /^\/epcis(?=[/?]|$)/i;

/**
 * The service on NestJS over Fastify. Fastify is named here and in `src/platform/` only: the
 * server's options, how bodies are read (and their 413/415/400 problems), and the EPCIS answer
 * headers as a request hook; controllers, guards, pipes and the problem filter are
 * platform-neutral.
 */
export interface LedgerAppOptions {
  /** Where the JSON log lines go (default: stdout). */
  logDestination?: DestinationStream;
}

export async function createLedgerApp(config: LedgerConfig, options: LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = ledgerLogger(config, options.logDestination);
  // The store is opened before Nest: a KurrentDB that never answers ends start-up with the
  // store's own clear error (after its logged retries), not a provider failure's stack traces.
  assertDataDirWritable(config.dataDir);
  const kurrentDb = logger.child({ context: 'KurrentDB' });
  const store = await createEventStore(config, { logger: { log: (message) => kurrentDb.info(message), warn: (message) => kurrentDb.warn(message) } });
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, store, logger), new FastifyAdapter(serverOptions(config)), {
      bodyParser: false,
      bufferLogs: true,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  app.useLogger(app.get(PinoLogger));
  applyConnectionLimits(app.getHttpServer(), config);
  const fastify = app.getHttpAdapter().getInstance();
  observeRequests(fastify, logger, app.get(LedgerMetrics));
  const epcisHeaders = epcisAnswerHeaders(config);
  // Before parsing, routing and guards, so that every /epcis answer carries them, errors and 401s included.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!EPCIS_MOUNT.test(request.url)) return done();
    const below = request.url.slice('/epcis'.length);
    epcisHeaders({ url: below.startsWith('/') ? below : `/${below}` }, reply, done);
  });
  refuseUnauthenticatedBodies(fastify);
  readRequestBodies(fastify, config);
  // The explorer's page and assets, beside the API's routes: static files need no key.
  serveExplorer(fastify);
  app.enableShutdownHooks();
  const document = ledgerDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

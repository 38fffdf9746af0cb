import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { LedgerConfig } from './config/ledger-config';
import { AppModule } from './app.module';
import { createEventStore } from './event-store/event-store.factory';
import { epcisAnswerHeaders } from './epcis/http/epcis-answer-headers';
import { ledgerDocument } from './http/openapi/ledger-document';
import { serveExplorer } from './platform/explorer-static';
import { readRequestBodies } from './platform/request-bodies';
import { serverOptions } from './platform/server-options';

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** `/epcis` and what is under it; the EPCIS answer headers see the path below it, as a middleware mounted there would. */
const EPCIS_MOUNT = /^\/epcis(?=[/?]|$)/i;

/**
 * The service on NestJS over Fastify. Fastify is named here and in `src/platform/` only: the
 * server's options, how bodies are read (and their 413/415/400 problems), and the EPCIS answer
 * headers as a request hook; controllers, guards, pipes and the problem filter are
 * platform-neutral.
 */
export async function createLedgerApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  // The store is opened before Nest: a KurrentDB that never answers ends start-up with the
  // store's own clear error (after its logged retries), not a provider failure's stack traces.
  const store = await createEventStore(config);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, store), new FastifyAdapter(serverOptions()), {
      bodyParser: false,
      logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const fastify = app.getHttpAdapter().getInstance();
  const epcisHeaders = epcisAnswerHeaders(config);
  // Before parsing, routing and guards, so that every /epcis answer carries them, errors and 401s included.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!EPCIS_MOUNT.test(request.url)) return done();
    const below = request.url.slice('/epcis'.length);
    epcisHeaders({ url: below.startsWith('/') ? below : `/${below}` }, reply, done);
  });
  readRequestBodies(fastify, config);
  // The explorer's page and assets, beside the API's routes: static files need no key.
  serveExplorer(fastify);
  app.enableShutdownHooks();
  const document = ledgerDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

import { INestApplication } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ledgerLogger } from './operations/request-log';
import { httpMetrics } from './operations/http-metrics';
import { LedgerMetrics } from './operations/ledger-metrics';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import type { LedgerConfig } from './config/ledger-config';
import { assertDataDirWritable } from './config/data-dir';
import { bodyTooLarge } from './http/body-too-large';
import { AppModule } from './app.module';
import { createEventStore } from './event-store/event-store.factory';
import { epcisAnswerHeaders } from './epcis/http/epcis-answer-headers';
import { CAPTURE_MEDIA_TYPES, captureTooLarge } from './epcis/http/capture-body';
import { ledgerDocument } from './http/openapi/ledger-document';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problems';

/**
 * Body-parser failures happen before Nest sees the request; they get problem+json here. A body
 * over the parser's limit is answered with `tooLarge` (the JSON API's and EPCIS capture's differ).
 */
function bodyParserProblems(tooLarge: () => ProblemDetails) {
  return (error: { type?: string; status?: number; message?: string }, req: Request, res: Response, next: NextFunction): void => {
    if (!error || typeof error !== 'object' || !('type' in error)) return next(error);
    const answer =
      error.type === 'entity.too.large'
        ? tooLarge()
        : error.type === 'entity.parse.failed'
          ? problem('malformed-json', 'the request body is not valid JSON')
          : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
            ? problem('unsupported-encoding', 'send the body as UTF-8 JSON')
            : (error.status ?? 400) >= 500
              ? problem('internal-error', 'the ledger could not read the request body; nothing was stored')
              : problem('unreadable-body', error.message ?? 'the request body could not be read');
    answer.instance = req.originalUrl;
    res.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer));
  };
}

/** Rejects POSTs whose body is not declared as JSON: a form post would otherwise read as an empty object. */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'POST' && req.headers['content-length'] !== '0' && (req.headers['content-length'] || req.headers['transfer-encoding'])) {
    if (!req.is('application/json') && !req.is('application/*+json')) {
      const answer = problem('unsupported-media-type', 'send the request body as application/json');
      answer.instance = req.originalUrl;
      res.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer));
      return;
    }
  }
  next();
}

export interface LedgerAppOptions {
  /** Where the JSON log lines go (default: stdout). */
  logDestination?: DestinationStream;
}

export async function createLedgerApp(config: LedgerConfig, options: LedgerAppOptions = {}): Promise<INestApplication> {
  const logger = ledgerLogger(config, options.logDestination);
  // The store is opened before Nest: a KurrentDB that never answers ends start-up with the
  // store's own clear error (after its logged retries), not a provider failure's stack traces.
  assertDataDirWritable(config.dataDir);
  const kurrentDb = logger.child({ context: 'KurrentDB' });
  const store = await createEventStore(config, { logger: { log: (message) => kurrentDb.info(message), warn: (message) => kurrentDb.warn(message) } });
  let app: INestApplication;
  try {
    app = await NestFactory.create(AppModule.forConfig(config, store, logger), { bodyParser: false, bufferLogs: true });
  } catch (error) {
    await store.close();
    throw error;
  }
  app.useLogger(app.get(PinoLogger));
  app.use(httpMetrics(app.get(LedgerMetrics)));
  app.use('/epcis', epcisAnswerHeaders(config));
  app.use(requireJson);
  // EPCIS capture reads its bodies as text (exact quantities) under its own size limit, so its parser comes first.
  app.use('/epcis', express.text({ type: [...CAPTURE_MEDIA_TYPES], limit: config.epcisCaptureFileSizeLimit }), bodyParserProblems(() => captureTooLarge(config)));
  app.use(express.json({ limit: config.bodyLimit, strict: false, type: ['application/json', 'application/*+json'] }));
  app.use(
    bodyParserProblems(() => bodyTooLarge(config.bodyLimit)),
  );
  // The platform is nobody's business.
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  app.enableShutdownHooks();
  const document = ledgerDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

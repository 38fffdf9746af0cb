import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { LedgerConfig } from '../../config/ledger-config';
import { PROBLEM_CONTENT_TYPE, problem } from '../../problems';

/** Headers every `/epcis` answer carries, and those of capture answers. */
export const EPCIS_VERSION_HEADERS = { 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0' } as const;

export function captureLimitHeaders(config: Pick<LedgerConfig, 'epcisCaptureLimit' | 'epcisCaptureFileSizeLimit'>): Record<string, string> {
  return {
    'GS1-EPCIS-Capture-Limit': String(config.epcisCaptureLimit),
    'GS1-EPCIS-Capture-File-Size-Limit': String(config.epcisCaptureFileSizeLimit),
  };
}

const CAPTURE_PATHS = /^\/(?:capture(?:\/|$)|events\/?$)/;

/**
 * The Express side of `/epcis`, mounted before the app's JSON parser: the GS1 version headers on
 * every answer (errors included), the capture limits on capture answers, and capture bodies read
 * as text up to the capture size limit, so quantities can be read without binary rounding and a
 * body over the limit is a 413 that names it.
 */
export function epcisMiddleware(config: LedgerConfig): RequestHandler[] {
  const limits = captureLimitHeaders(config);
  const headers: RequestHandler = (req, res, next) => {
    for (const [name, value] of Object.entries(EPCIS_VERSION_HEADERS)) res.setHeader(name, value);
    if (CAPTURE_PATHS.test(req.path)) for (const [name, value] of Object.entries(limits)) res.setHeader(name, value);
    next();
  };
  const text = express.text({ type: ['application/json', 'application/ld+json', 'application/*+json'], limit: config.epcisCaptureFileSizeLimit });
  const tooLarge = (error: { type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (error?.type !== 'entity.too.large') return next(error);
    const answer = problem(
      'capture-too-large',
      `the body is larger than the ${config.epcisCaptureFileSizeLimit} bytes this ledger captures in one document (GS1-EPCIS-Capture-File-Size-Limit)`,
    );
    answer.instance = req.originalUrl;
    res.status(413).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer));
  };
  return [headers, text, tooLarge as unknown as RequestHandler];
}

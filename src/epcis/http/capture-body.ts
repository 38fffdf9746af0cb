import type { LedgerConfig } from '../../config/ledger-config';
import { problem, ProblemError, type ProblemDetails } from '../../problems';

/*
 * A capture body is read as text, not parsed by the app's JSON parser: quantities must be read
 * without binary rounding (`exact-json-reading.ts`), and the body has a size limit of its own
 * (GS1-EPCIS-Capture-File-Size-Limit). The platform glue (`src/app.factory.ts`) mounts a text
 * parser for these media types under `/epcis`, before the JSON parser.
 */

/** The media types a capture body may be sent as (EPCIS 2.0: JSON or JSON-LD). */
export const CAPTURE_MEDIA_TYPES = ['application/json', 'application/ld+json', 'application/*+json'] as const;

/** What a body over the capture size limit is answered with. */
export function captureTooLarge(config: Pick<LedgerConfig, 'epcisCaptureFileSizeLimit'>): ProblemDetails {
  return problem(
    'capture-too-large',
    `the body is larger than the ${config.epcisCaptureFileSizeLimit} bytes this ledger captures in one document (GS1-EPCIS-Capture-File-Size-Limit)`,
  );
}

/** The body as the text parser left it: text, or a 415 when no body of a capture media type was sent. */
export function captureBodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  throw new ProblemError(problem('unsupported-media-type', 'send the EPCIS document as application/ld+json or application/json'));
}

import type { LedgerConfig } from '../../config/ledger-config';
import { ResponseHeaders } from '../../http/answers';
import { CBV_VERSION, EPCIS_VERSION } from '../query/cbv-vocabulary';

type CaptureLimits = Pick<LedgerConfig, 'epcisCaptureLimit' | 'epcisCaptureFileSizeLimit'>;

/** The capture limits as the REST binding's headers say them. */
export function captureLimitHeaders(config: CaptureLimits): Record<string, string> {
  return {
    'GS1-EPCIS-Capture-Limit': String(config.epcisCaptureLimit),
    'GS1-EPCIS-Capture-File-Size-Limit': String(config.epcisCaptureFileSizeLimit),
  };
}

/** `/capture…` and `/events` under the `/epcis` mount: the paths that capture (a query string aside). */
const CAPTURE_PATHS = /^\/(?:capture(?:[/?]|$)|events\/?(?:\?|$))/;

/**
 * Every answer under `/epcis` says which EPCIS and CBV versions it speaks, and a capture answer
 * its limits, errors and 401s included: so this runs before body parsing, routing and guards, as
 * plain middleware mounted at `/epcis` (the request's url is relative to the mount, as Express
 * and Fastify's middleware both give it), and sets them through `ResponseHeaders`.
 */
export function epcisAnswerHeaders(config: CaptureLimits) {
  const limits = Object.entries(captureLimitHeaders(config));
  return (request: { url: string }, response: ConstructorParameters<typeof ResponseHeaders>[0], next: () => void): void => {
    const headers = new ResponseHeaders(response);
    headers.set('GS1-EPCIS-Version', EPCIS_VERSION);
    headers.set('GS1-CBV-Version', CBV_VERSION);
    if (CAPTURE_PATHS.test(request.url)) for (const [name, value] of limits) headers.set(name, value);
    next();
  };
}

import { CBV_VERSION, EPCIS_VERSION } from '../query/cbv-vocabulary';

/**
 * Every answer under `/epcis` says which EPCIS and CBV versions it speaks, errors and 401s
 * included: so it runs before routing and guards, as plain middleware.
 */
export function epcisVersionHeaders(_request: unknown, response: { setHeader(name: string, value: string): unknown }, next: () => void): void {
  response.setHeader('GS1-EPCIS-Version', EPCIS_VERSION);
  response.setHeader('GS1-CBV-Version', CBV_VERSION);
  next();
}

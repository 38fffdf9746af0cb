import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../../test/e2e/ledger-test-app';
import type { LotOrigins } from './ledger-api-client';
import { LedgerClient } from './ledger-client';
import { runDemo } from './run-demo';

/** `npm run demo -- --epcis`: the same supply chain as EPCIS documents ends with the same origins as through /v1. */
describe('npm run demo -- --epcis against the real ledger', () => {
  let ledger: TestLedger;
  let url: string;

  beforeAll(async () => {
    ledger = await startTestLedger();
    url = await ledger.app.getUrl();
  });
  afterAll(() => ledger.destroy());

  /** The cathode lot's origins with this run's tag taken out of every id, to compare two runs. */
  async function cathodeOrigins(tag: string, epcis: boolean): Promise<string> {
    const lines: string[] = [];
    const result = await runDemo({ url, adminToken: ADMIN_TOKEN, tag, epcis, log: (line) => lines.push(line) });
    if (epcis) expect(lines.some((line) => line.startsWith('  epcis      document of'))).toBe(true);
    const auditor = new LedgerClient(url, result.auditorKey);
    const origins = await auditor.get<LotOrigins>(`/v1/lots/${encodeURIComponent(result.cathodeLotId)}/origins`, { minPosition: result.position });
    return JSON.stringify({ ...origins, position: undefined }).split(`${tag}-`).join('');
  }

  it('gives the cathode lot exactly the origins the /v1 demo gives it, and resumes idempotently', async () => {
    const viaV1 = await cathodeOrigins('V1', false);
    const viaEpcis = await cathodeOrigins('EP', true);
    expect(viaEpcis).toEqual(viaV1);
    expect(JSON.parse(viaEpcis).minerals.lithium.origins.length).toBeGreaterThan(0);

    const before = (await ledger.http.get('/health')).body.position;
    const again = await runDemo({ url, adminToken: ADMIN_TOKEN, tag: 'EP', epcis: true, log: () => undefined });
    expect(again.position).toBe(before);
  }, 120_000);
});

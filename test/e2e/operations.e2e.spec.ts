import { LEDGER_CONFIG, type LedgerConfig } from '../../src/config/ledger-config';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';
import { ledgerIds } from './ledger-fixtures';

// The parser Prometheus' own text format is read with (no types published).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => Array<{
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; count?: string }>;
}>;

const id = ledgerIds();

describe('what an operator watches: health, readiness, metrics', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids: id });
  });
  afterAll(() => ledger.destroy());

  let lastText = '';
  /** Parsed by a Prometheus text parser, which throws on a line the format does not allow. */
  const metrics = async () => {
    const res = await ledger.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    lastText = res.text;
    return parsePrometheus(res.text);
  };
  const sample = (families: ReturnType<typeof parsePrometheus>, name: string, labels: Record<string, string> = {}) =>
    families.find((family) => family.name === name)?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));

  it('is live and ready without a token, and says what it checked', async () => {
    expect((await ledger.http.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await ledger.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', projections: { lagSeconds: expect.any(Number) }, merkle: { lagSeconds: expect.any(Number) }, freeBytes: expect.any(Number) });
  });

  it('serves Prometheus text whose projection lag returns to 0 after a burst, with requests and problems counted', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: id(`burst-${i}`), name: `Burst ${i}`, country: 'SG', roles: ['trader'] }),
      ),
    );
    expect(burst.every((res) => res.status === 201)).toBe(true);
    await ledger.http.get('/v1/annex');
    let lag = Number.NaN;
    // Up to 30 s: on the shared KurrentDB stand-in other suites append while this one waits.
    for (let attempt = 0; attempt < 300; attempt++) {
      lag = Number(sample(await metrics(), 'ledger_follower_lag_events', { follower: 'projections' })?.value);
      if (lag === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lag).toBe(0);
    const families = await metrics();
    expect(Number(sample(families, 'ledger_follower_lag_events', { follower: 'merkle' })?.value)).toBeGreaterThanOrEqual(0);
    // The parser folds a labelled histogram's series together, so its count by route is read from the text it accepted.
    expect(families.find((family) => family.name === 'ledger_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const posted = /^ledger_http_request_duration_seconds_count\{method="POST",route="\/v1\/parties",status="201"\} (\d+)$/m.exec(lastText);
    expect(Number(posted?.[1])).toBeGreaterThanOrEqual(40);
    expect(Number(sample(families, 'ledger_problems_total', { code: 'unauthenticated' })?.value)).toBeGreaterThanOrEqual(1);
    expect(Number(sample(families, 'ledger_append_events')?.count)).toBeGreaterThanOrEqual(40);
  }, 60_000);

  it('is neither healthy nor ready when the disk cannot take writes', async () => {
    const config = ledger.app.get<LedgerConfig>(LEDGER_CONFIG);
    const minFreeBytes = config.minFreeBytes;
    config.minFreeBytes = Number.MAX_SAFE_INTEGER;
    try {
      for (const path of ['/health', '/health/ready']) {
        const res = await ledger.http.get(path);
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('not-ready');
        expect(res.body.detail).toContain('LEDGER_MIN_FREE_BYTES');
      }
    } finally {
      config.minFreeBytes = minFreeBytes;
    }
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/run-demo';
import { ledgerIds } from './ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';

function parseMermaid(text: string): { ok: boolean; output: string } {
  const parser = join(__dirname, '..', '..', 'src', 'provenance', 'testing', 'parse-mermaid.mjs');
  const result = spawnSync(process.execPath, [parser], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

describe("the demo's cathode lot, as an auditor sees it", () => {
  let ledger: TestLedger;
  let demo: Awaited<ReturnType<typeof runDemo>>;

  beforeAll(async () => {
    const ids = ledgerIds();
    ledger = await startTestLedger({ ids });
    const address = ledger.app.getHttpServer().address() as { port: number };
    demo = await runDemo({ url: `http://127.0.0.1:${address.port}`, adminToken: ADMIN_TOKEN, tag: ids.tag, log: () => undefined });
  }, 120_000);
  afterAll(() => ledger.destroy());

  it('its Mermaid provenance graph parses as a Mermaid flowchart', async () => {
    const res = await ledger.http
      .get(`/v1/lots/${demo.cathodeLotId}/provenance?format=mermaid&minPosition=${demo.position}`)
      .set('Authorization', `Bearer ${demo.auditorKey}`);
    expect(res.status).toBe(200);
    expect(parseMermaid(res.text)).toEqual({ ok: true, output: 'flowchart-v2' });
  }, 90_000);

  it('its origins cover nickel, cobalt, manganese and lithium, each summing to the contained mass', async () => {
    const res = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/origins?minPosition=${demo.position}`).set('Authorization', `Bearer ${demo.auditorKey}`);
    expect(res.status).toBe(200);
    const minerals = res.body.minerals as Record<string, { massKg: string; origins: Array<{ massKg: string }> }>;
    expect(Object.keys(minerals).sort()).toEqual(expect.arrayContaining(['cobalt', 'lithium', 'manganese', 'nickel']));
    for (const mineral of Object.values(minerals)) {
      const grams = mineral.origins.reduce((sum, origin) => sum + BigInt(origin.massKg.replace('.', '')), 0n);
      expect(grams).toBe(BigInt(mineral.massKg.replace('.', '')));
    }
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/run-demo';
import { schemaErrors } from '../passport-schemas/passport-schemas';
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

  it('its passport validates against each profile\'s published schema (Battery Pass, Catena-X, UNTP)', async () => {
    const get = (profile: string) =>
      ledger.http.get(`/v1/lots/${demo.cathodeLotId}/passport?profile=${profile}&minPosition=${demo.position}`).set('Authorization', `Bearer ${demo.auditorKey}`);
    const [batterypass, catenax, untp] = await Promise.all([get('batterypass'), get('catenax'), get('untp')]);
    expect([batterypass.status, catenax.status, untp.status]).toEqual([200, 200, 200]);
    expect(schemaErrors('batterypassRecycledContent', batterypass.body.circularity.recycledContent)).toEqual([]);
    expect(schemaErrors('batterypassDueDiligence', batterypass.body.supplyChainDueDiligence)).toEqual([]);
    expect(schemaErrors('catenaxActiveMaterials', catenax.body.materials.active)).toEqual([]);
    expect(schemaErrors('untpProductPassport', untp.body)).toEqual([]);
    // The cathode's nickel and cobalt partly came from the demo's post-consumer black mass.
    const materials = (batterypass.body.circularity.recycledContent as { recycledMaterial: string; preConsumerShare: number; postConsumerShare: number }[]).map((r) => r.recycledMaterial);
    expect(materials.sort()).toEqual(['Cobalt', 'Lithium', 'Nickel']);
    expect(batterypass.body.circularity.recycledContent.every((r: { preConsumerShare: number }) => r.preConsumerShare === 0)).toBe(true);
    const fractions = (untp.body.materialsProvenance as { massFraction: number }[]).reduce((sum, m) => sum + m.massFraction, 0);
    expect(fractions).toBeCloseTo(1, 9);
    expect(untp.body.position).toBe(batterypass.body.position);
  });

  it('an operator takes the passport of a lot it holds, not of one it never held (even upstream of its own)', async () => {
    const cathodeMaker = demo.partyKeys[`${demo.tag}-jp-cathode`];
    const mine = demo.partyKeys[`${demo.tag}-au-lithium`];
    const own = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/passport?profile=untp`).set('Authorization', `Bearer ${cathodeMaker}`);
    expect(own.status).toBe(200);
    const notHeld = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/passport`).set('Authorization', `Bearer ${mine}`);
    expect(notHeld.status).toBe(403);
    expect(notHeld.body.code).toBe('not-a-reader');
    const badProfile = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/passport?profile=xml`).set('Authorization', `Bearer ${demo.auditorKey}`);
    expect(badProfile.status).toBe(400);
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/run-demo';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { verifyDossier } from '../../src/dossier/verify-dossier';
import type { TracingDossier } from '../../src/dossier/tracing-dossier';
import { runLedgerCli } from '../integrity-e2e/run-ledger-cli';
import { launchChromium, screenshotDir } from './headless-chromium';
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

  describe('its tracing dossier', () => {
    let dossier: TracingDossier;
    let publicKey: string;
    const folder = mkdtempSync(join(tmpdir(), 'dossier-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    beforeAll(async () => {
      const res = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/dossier?minPosition=${demo.position}`).set('Authorization', `Bearer ${demo.auditorKey}`);
      expect(res.status).toBe(200);
      dossier = res.body as TracingDossier;
      publicKey = (await ledger.http.get('/v1/ledger/public-key').set('Authorization', `Bearer ${demo.auditorKey}`)).text;
      writeFileSync(join(folder, 'key.pem'), publicKey);
    });

    it('cites every event of the upstream lots with an inclusion proof against one signed checkpoint', () => {
      expect(dossier.events.length).toBeGreaterThan(30);
      expect(dossier.proofs.map((p) => p.eventId)).toEqual(dossier.events.map((e) => e.eventId));
      expect(new Set(dossier.proofs.map((p) => p.treeSize)).size).toBe(1);
      expect(verifyDossier(dossier, publicKey)).toMatchObject({ ok: true, proven: dossier.events.length, problems: [] });
      const kinds = new Set(dossier.stages.map((s) => s.kind));
      expect([...kinds].sort()).toEqual(['extraction', 'recovery', 'shipment', 'transformation']);
      const shipped = dossier.stages.filter((s) => s.kind === 'shipment');
      // Each shipment's documents are the shipper's, with the SHA-256 it gave.
      for (const stage of shipped) {
        const event = dossier.events.find((e) => e.eventId === stage.eventIds[0])!;
        const given = (event.data.documents as { type: string; reference: string; sha256?: string }[] | undefined) ?? [];
        expect(stage.documents).toEqual(given.map((d) => ({ type: d.type, reference: d.reference, sha256: d.sha256 ?? null })));
      }
      expect(shipped.flatMap((s) => s.documents).filter((d) => d.sha256 !== null).length).toBeGreaterThan(0);
      expect(dossier.suppliers.find((g) => g.stage === 'extraction')!.suppliers.every((s) => s.registrationEventId !== null)).toBe(true);
      expect(dossier.openFlags.map((f) => f.category)).toContain('forced-labor');
    });

    it('ledger verify-dossier accepts it, and refuses it after one byte of a cited event is changed', async () => {
      writeFileSync(join(folder, 'dossier.json'), JSON.stringify(dossier));
      const accepted = await runLedgerCli(['verify-dossier', join(folder, 'dossier.json'), '--public-key', join(folder, 'key.pem')]);
      expect(accepted).toMatchObject({ code: 0, stdout: expect.stringContaining(`OK: dossier of ${demo.cathodeLotId}`) });

      const text = JSON.stringify(dossier);
      const at = text.indexOf('"grossMassG":') + '"grossMassG":'.length;
      const digit = text[at];
      writeFileSync(join(folder, 'tampered.json'), text.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(at + 1));
      const refused = await runLedgerCli(['verify-dossier', join(folder, 'tampered.json'), '--public-key', join(folder, 'key.pem')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/FAILED: event .* is not in the signed log as given/);
    }, 60_000);

    const onSqlite = (process.env.LEDGER_E2E_STORE ?? 'sqlite') === 'sqlite' ? it : it.skip;
    onSqlite('ledger dossier writes the same dossier and its page from the data directory, while the service runs', async () => {
      const out = join(folder, 'cli');
      const written = await runLedgerCli(['dossier', demo.cathodeLotId, '--out', out, '--as-of', dossier.position, '--data-dir', ledger.dataDir]);
      expect(written).toMatchObject({ code: 0, stdout: expect.stringContaining(`at position ${dossier.position}`) });
      const fromCli = JSON.parse(readFileSync(join(out, 'dossier.json'), 'utf8')) as TracingDossier;
      expect(fromCli.events).toEqual(dossier.events);
      expect(fromCli.stages).toEqual(dossier.stages);
      expect(readFileSync(join(out, 'dossier.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
      const verified = await runLedgerCli(['verify-dossier', join(out, 'dossier.json'), '--public-key', join(folder, 'key.pem')]);
      expect(verified.code).toBe(0);
    }, 90_000);

    it('renders in headless Chromium with its graph, prints to PDF, and leaves a screenshot', async () => {
      const page = await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/dossier?format=html`).set('Authorization', `Bearer ${demo.auditorKey}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const browser = await launchChromium();
      try {
        const tab = await browser.context.newPage();
        // Nothing may load from elsewhere: the page is one self-contained document.
        const requests: string[] = [];
        tab.on('request', (request) => requests.push(request.url()));
        await tab.setContent(page.text, { waitUntil: 'load' });
        const graph = await tab.locator('.graph svg').boundingBox();
        expect(graph!.width).toBeGreaterThan(300);
        expect(await tab.locator('.graph svg g.node').count()).toBeGreaterThan(10);
        expect(await tab.getByRole('heading', { name: 'Signed checkpoint' }).count()).toBe(1);
        expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
        await tab.screenshot({ path: join(screenshotDir(), 'dossier.png'), clip: { x: 0, y: 0, width: 1400, height: 1000 } });
        const pdf = await tab.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(20_000);
      } finally {
        await browser.close();
      }
    }, 120_000);

    it('an operator takes the dossier of a lot it holds only', async () => {
      const mine = demo.partyKeys[`${demo.tag}-au-lithium`];
      expect((await ledger.http.get(`/v1/lots/${demo.cathodeLotId}/dossier`).set('Authorization', `Bearer ${mine}`)).status).toBe(403);
    });
  });

  it('EMRT for the cathode maker lists every upstream refinery and mine of what it received, and nothing else', async () => {
    const maker = `${demo.tag}-jp-cathode`;
    const res = await ledger.http.get(`/v1/reports/emrt?partyId=${maker}&from=2025-01-01&to=2026-12-31`).set('Authorization', `Bearer ${demo.auditorKey}`);
    expect(res.status).toBe(200);
    const local = (id: string) => id.slice(demo.tag.length + 1);
    const smelters = new Set((res.body.smelters as { facilityId: string }[]).map((r) => local(r.facilityId)));
    const mines = new Set((res.body.mines as { facilityId: string }[]).map((r) => local(r.facilityId)));
    expect([...smelters].sort()).toEqual(['id-hpal-plant', 'jp-lioh-refinery', 'jp-sulfate-refinery', 'za-mnso4-refinery']);
    // Graphite went to the anode maker, never to the cathode maker: its mine is not listed.
    expect(mines.has('mz-graphite-mine')).toBe(false);
    expect(mines.has('au-spodumene-mine')).toBe(true);
    expect(res.body.smelters.some((r: { rmiSmelterId: string | null }) => r.rmiSmelterId?.startsWith('CID'))).toBe(true);
    const csv = await ledger.http.get(`/v1/reports/emrt?partyId=${maker}&format=csv`).set('Authorization', `Bearer ${demo.auditorKey}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('list,metal,facilityId,name,country,rmiSmelterId,operatorId,operatorName,lots');
    const other = await ledger.http.get(`/v1/reports/emrt?partyId=${maker}`).set('Authorization', `Bearer ${demo.partyKeys[`${demo.tag}-au-lithium`]}`);
    expect(other.status).toBe(403);
  });
});

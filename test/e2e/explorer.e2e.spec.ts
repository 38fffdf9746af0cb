import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runDemo, type DemoResult } from '../../src/demo/run-demo';
import { nodeLabel } from '../../src/provenance/graph-labels';
import type { ProvenanceGraph } from '../../src/provenance/provenance-graph';
import type { OriginsView } from '../../src/provenance/provenance-views';
import { launchChromium, screenshotDir, seriousAccessibilityProblems, type TestBrowser } from './headless-chromium';
import { ledgerIds } from './ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from './ledger-test-app';

// The callbacks given to page.evaluate run in the page: its globals, which this Node program has no types for.
declare const document: any;
declare const window: any;
declare const sessionStorage: any;

const STORE = process.env.LEDGER_E2E_STORE ?? 'sqlite';
const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

/**
 * The explorer in a real headless Chromium over the demo ledger: an auditor finds the cathode,
 * reads its origins and graph, moves back in time and checks an event against the signed log;
 * an operator sees only its own lots; a bad key is told so. On SQLite and, with
 * LEDGER_E2E_STORE=kurrentdb, on the KurrentDB stand-in.
 */
describe(`the explorer in Chromium, over the demo ledger (${STORE})`, () => {
  let ledger: TestLedger;
  let demo: DemoResult;
  let browser: TestBrowser;
  let base: string;
  const ids = ledgerIds();
  const shots = screenshotDir();
  const demoId = (local: string) => `${ids.tag}-${local}`;

  beforeAll(async () => {
    ledger = await startTestLedger({ ids });
    base = `http://127.0.0.1:${(ledger.app.getHttpServer().address() as { port: number }).port}`;
    [demo, browser] = await Promise.all([runDemo({ url: base, adminToken: ADMIN_TOKEN, tag: ids.tag, log: () => undefined }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ledger?.destroy();
  });

  const api = async <T>(path: string, key = demo.auditorKey): Promise<T> => {
    const res = await ledger.http.get(path).set('Authorization', `Bearer ${key}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body as T;
  };

  /** A new tab (its own sessionStorage: signed out), signed in with `key` at `path`. */
  const signedIn = async (key: string, path: string): Promise<Page> => {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    return page;
  };

  const expectAccessible = async (page: Page) => expect(await seriousAccessibilityProblems(page)).toEqual([]);

  /** Clicks a node where Cytoscape drew it on its canvas. */
  const clickGraphNode = async (page: Page, nodeId: string) => {
    await page.locator('#provenance-graph').scrollIntoViewIfNeeded();
    // Cytoscape notes the container's place on the next frame after a scroll.
    await page.waitForTimeout(300);
    const at = await page.evaluate((id) => {
      const container = document.querySelector('#provenance-graph');
      const cy = container._cyreg.cy;
      cy.center(cy.getElementById(id));
      const p = cy.getElementById(id).renderedPosition();
      const box = container.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, nodeId);
    await page.mouse.click(at.x, at.y);
  };

  it('an auditor finds the cathode by searching, sees its origin shares as the API gives them, and every origin in its graph', async () => {
    const page = await signedIn(demo.auditorKey, '/explorer');
    await expectAccessible(page);
    await page.getByLabel('Lot id starts with').fill(demoId('JP-CATH'));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: demo.cathodeLotId }).waitFor();
    expect(new URL(page.url()).searchParams.get('idPrefix')).toBe(demoId('JP-CATH'));
    await page.screenshot({ path: join(shots, 'explorer-search.png') });
    await expectAccessible(page);

    await page.getByRole('link', { name: demo.cathodeLotId }).click();
    await page.getByRole('heading', { name: `Lot ${demo.cathodeLotId}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/explorer/lots/${demo.cathodeLotId}`);

    const origins = await api<OriginsView>(`/v1/lots/${demo.cathodeLotId}/origins`);
    expect(Object.keys(origins.minerals).sort()).toEqual(['cobalt', 'lithium', 'manganese', 'nickel']);
    for (const [mineral, m] of Object.entries(origins.minerals)) {
      const shown = page.locator(`section[data-mineral="${mineral}"] table.shares`);
      const expected = [
        ...Object.entries(m.byCountry).map(([country, share]) => [`from ${country}`, percent(share)]),
        ['recycled', percent(m.recycledShare)],
        ['certified', percent(m.certifiedShare)],
        ['flagged', percent(m.flaggedShare)],
      ];
      const rows = await shown.locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
      expect(rows).toEqual(expected);
      expect(await page.locator(`section[data-mineral="${mineral}"] .bars svg`).count()).toBe(2);
    }

    const graph = await api<ProvenanceGraph>(`/v1/lots/${demo.cathodeLotId}/provenance`);
    const originFacilities = new Set(Object.values(origins.minerals).flatMap((m) => m.origins.map((o) => `facility:${o.facilityId}`)));
    expect(originFacilities.size).toBeGreaterThanOrEqual(6);
    for (const id of originFacilities) expect(graph.nodes.map((n) => n.id)).toContain(id);
    await page.locator('#provenance-graph canvas').first().waitFor();
    const drawn = await page.evaluate(() => (document.querySelector('#provenance-graph') as any)._cyreg.cy.nodes().map((n: any) => n.id()) as string[]);
    expect(drawn.sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    for (const id of originFacilities) expect(await page.locator(`.node-list button[data-node="${id}"]`).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'explorer-lot.png') });
    await page.close();
  });

  it('clicking a node of the graph shows its events, certificates and flags; flagged paths are drawn red', async () => {
    const page = await signedIn(demo.auditorKey, `/explorer/lots/${demo.cathodeLotId}`);
    await page.locator('#provenance-graph canvas').first().waitFor();
    await clickGraphNode(page, `lot:${demoId('AU-SPOD-1')}`);
    const details = page.locator('aside.details');
    await details.getByRole('heading', { name: `Lot ${demoId('AU-SPOD-1')}` }).waitFor();
    await details.locator('ol.node-events li').first().waitFor();
    const events = await details.locator('ol.node-events .event-type').allTextContents();
    expect(events).toEqual(expect.arrayContaining(['LotExtracted', 'LotShipped', 'LotReceived', 'LotTransformed']));

    await clickGraphNode(page, `facility:${demoId('id-laterite-mine')}`);
    await details.getByRole('heading', { name: 'Halmahera nickel laterite mine' }).waitFor();
    expect(await details.locator('ul.flags').textContent()).toContain('forced-labor (high)');
    const redEdges = await page.evaluate(() => (document.querySelector('#provenance-graph') as any)._cyreg.cy.edges('.flagged-path').length as number);
    expect(redEdges).toBeGreaterThan(5);
    await expectAccessible(page);
    await page.locator('section[aria-labelledby="graph-title"]').screenshot({ path: join(shots, 'explorer-graph.png') });
    await page.close();
  });

  it('moving as-of back to when the cathode was made changes the answer: the forced-labour flag was not raised yet', async () => {
    const page = await signedIn(demo.auditorKey, `/explorer/lots/${demo.cathodeLotId}`);
    const flaggedNickel = page.locator('section[data-mineral="nickel"] tr[data-share="flagged"] td');
    await flaggedNickel.waitFor();
    const now = await api<OriginsView>(`/v1/lots/${demo.cathodeLotId}/origins`);
    expect(await flaggedNickel.textContent()).toBe(percent(now.minerals.nickel.flaggedShare));
    expect(now.minerals.nickel.flaggedShare).toBeGreaterThan(0);

    const made = page.locator('ol.timeline li[data-event-type="LotTransformed"]');
    await made.getByRole('link', { name: /^as of this event \(LotTransformed/ }).click();
    await page.getByText(/Showing the ledger as of \d+/).waitFor();
    const asOf = new URL(page.url()).searchParams.get('asOf')!;
    const then = await api<OriginsView>(`/v1/lots/${demo.cathodeLotId}/origins?asOf=${asOf}`);
    expect(then.minerals.nickel.flaggedShare).toBe(0);
    await page.locator('section[data-mineral="nickel"] tr[data-share="flagged"] td', { hasText: '0.00 %' }).waitFor();
    await page.locator('#provenance-graph canvas').first().waitFor();
    const flaggedThen = await page.evaluate(() => (document.querySelector('#provenance-graph') as any)._cyreg.cy.nodes('[severity != ""]').length as number);
    expect(flaggedThen).toBe(0);
    await page.screenshot({ path: join(shots, 'explorer-as-of.png') });
    await page.close();
  });

  it("the signed log page verifies the checkpoint's signature and an event's inclusion in the browser", async () => {
    const page = await signedIn(demo.regulatorKey, `/explorer/lots/${demo.cathodeLotId}`);
    await page.locator('ol.timeline li[data-event-type="LotTransformed"]').getByRole('link', { name: /in the signed log/ }).click();
    await page.getByRole('heading', { name: 'Signed log' }).waitFor();
    await page.locator('[data-signature="valid"]').waitFor();
    await page.waitForFunction(() => document.querySelector('#envelope')?.value.startsWith('{'));
    await page.getByRole('button', { name: 'Check inclusion' }).click();
    await page.locator('[data-verdict]').waitFor();
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('verified');
    expect(await page.locator('[data-verdict]').textContent()).toMatch(/^Verified: event \S+ is leaf \d+ of the log/);
    await expectAccessible(page);
    await page.screenshot({ path: join(shots, 'explorer-signed-log.png'), fullPage: true });

    // A changed byte is caught: the same event with another mass is not in the log.
    const envelope = JSON.parse(await page.locator('#envelope').inputValue());
    envelope.data.outputs[0].grossMassG += 1;
    await page.locator('#envelope').fill(JSON.stringify(envelope));
    await page.getByRole('button', { name: 'Check inclusion' }).click();
    await page.locator('[data-verdict="not-verified"]').waitFor();
    await page.close();
  });

  it('an operator finds only the lots it holds or held, and is told plainly when a lot is not its to read', async () => {
    const cathodeMaker = demo.partyKeys[demoId('jp-cathode')];
    const page = await signedIn(cathodeMaker, '/explorer/lots');
    await page.locator('table.results caption').waitFor();
    const shown = await page.locator('table.results tbody tr td:first-child').allTextContents();
    const own = await api<{ items: { lotId: string }[] }>(`/v1/lots?limit=50`, cathodeMaker);
    expect(shown).toEqual(own.items.map((l) => l.lotId));
    expect(shown).toContain(demo.cathodeLotId);
    expect(shown).not.toContain(demoId('AU-SPOD-1'));
    expect(await page.getByText('You find the lots your party holds, held, or had shipped to it.').count()).toBe(1);
    await expectAccessible(page);

    const mine = await signedIn(demo.partyKeys[demoId('au-lithium')], `/explorer/lots/${demo.cathodeLotId}`);
    await mine.getByRole('alert').getByText(`Your key may not read lot ${demo.cathodeLotId}`).waitFor();
    await page.close();
    await mine.close();
  });

  it('a key the ledger does not know gets a clear message, and nothing is kept', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/explorer/lots/${demo.cathodeLotId}`);
    await page.getByLabel('API key').fill('cml_not-a-key-the-ledger-ever-issued');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(/The ledger does not know this API key/).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await expectAccessible(page);
    await page.screenshot({ path: join(shots, 'explorer-sign-in.png') });
    await page.close();
  });

  it('format=mermaid rendered by Mermaid 11 in Chromium shows every label as posted; format=svg is at most 2,000 px wide', async () => {
    const auditor = (path: string) => ledger.http.get(path).set('Authorization', `Bearer ${demo.auditorKey}`);
    const graph = (await auditor(`/v1/lots/${demo.cathodeLotId}/provenance`)).body as ProvenanceGraph;
    const mermaid = (await auditor(`/v1/lots/${demo.cathodeLotId}/provenance?format=mermaid`)).text;
    const page = await browser.context.newPage();
    await page.setContent('<!doctype html><html lang="en"><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const rendered = await page.evaluate(async (text) => {
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false });
      const { svg } = await m.render('provenance', text);
      document.getElementById('out').innerHTML = svg;
      return [...document.querySelectorAll('#out g.node')].map((g: any) => ({ id: g.id as string, text: (g.textContent ?? '') as string }));
    }, mermaid);
    const squash = (s: string) => s.replace(/\s+/g, '');
    // Mermaid names each node's group after the id the text gave it (n0, n1, … in graph order).
    graph.nodes.forEach((node, i) => {
      const drawn = rendered.find((r) => new RegExp(`-n${i}-\\d+$`).test(r.id));
      expect({ node: node.id, text: squash(drawn?.text ?? '') }).toEqual({ node: node.id, text: squash(nodeLabel(node, graph).join(' ')) });
    });
    const texts = rendered.map((r) => r.text).join('\n');
    for (const posted of ['Shikoku Nickel & Cobalt Sulfate K.K.', 'Coega Manganese Sulfate (Pty) Ltd', 'Halmahera HPAL plant (mixed hydroxide precipitate) (ID)']) {
      expect(squash(texts)).toContain(squash(posted));
    }
    expect(texts).not.toMatch(/#\d+;|#quot;|#lt;|#gt;/);
    await page.close();

    const svg = Buffer.from((await auditor(`/v1/lots/${demo.cathodeLotId}/provenance?format=svg`)).body as Buffer).toString('utf8');
    const widthPt = Number(/<svg width="([\d.]+)pt"/.exec(svg)?.[1]);
    expect(widthPt * (96 / 72)).toBeLessThanOrEqual(2000);
    expect(graph.nodes.length).toBeGreaterThanOrEqual(40);
  });
});

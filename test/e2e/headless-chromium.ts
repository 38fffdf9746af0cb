import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking switches Chromium reaches out to the network on start, which
 * a closed network answers by refusing connections; the rest keep a test browser quiet and lean.
 */
const SWITCHES = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A real headless Chromium with a fresh profile of its own, removed on close. */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: SWITCHES,
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

// The callback given to page.evaluate runs in the page: its globals, which this Node program has no types for.
declare const window: any;
declare const document: any;

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings on the page as it is now. It is evaluated through the
 * DevTools protocol, so the explorer's Content-Security-Policy stays in force for the page itself.
 */
export async function seriousAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result: { violations: any[] } = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: { target: string[] }) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Where the screenshots go: `LEDGER_SCREENSHOTS_DIR` (`npm run screenshots` points it at
 * docs/explorer/, which the README shows), else a scratch folder.
 */
export function screenshotDir(): string {
  const dir = process.env.LEDGER_SCREENSHOTS_DIR ?? join(tmpdir(), 'ledger-explorer-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

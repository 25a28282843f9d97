import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (or CHROMIUM_PATH): every screen is tested in a real browser. */
export const CHROMIUM = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
].find((p): p is string => !!p && existsSync(p));

/** Headless Chromium on a closed network: no background connections, no first run, no sandbox as root in CI. */
export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('this test needs Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // axe runs in the page (injected, as axe's own Playwright binding does); no network involved.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run(): Promise<axe.AxeResults> } }).axe.run();
    return (await run).violations.map((v) => ({
      id: v.id,
      help: v.help,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.where.join('; ')})`);
}

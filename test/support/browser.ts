import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * The screen as it is now at both widths the product promises (a laptop, 1366 px, and a phone,
 * 390 px): axe's serious and critical findings at each, and a full-page screenshot of each in
 * `dir` (`<name>.png`, `<name>-390.png`). The tab is left at the width it had.
 */
export async function screensAtBothWidths(tab: Page, dir: string, name: string): Promise<string[]> {
  const before = tab.viewportSize();
  const findings: string[] = [];
  for (const [width, height, file] of [
    [1366, 900, `${name}.png`],
    [390, 844, `${name}-390.png`],
  ] as const) {
    await tab.setViewportSize({ width, height });
    await tab.waitForTimeout(200);
    findings.push(...(await seriousViolations(tab)).map((f) => `${width} px: ${f}`));
    await tab.screenshot({ path: join(dir, file), fullPage: true });
  }
  if (before) await tab.setViewportSize(before);
  return findings;
}

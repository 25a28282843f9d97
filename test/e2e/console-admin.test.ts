/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN } from '../support/staff';

/**
 * The console's administration and composer extras in Debian's Chromium: message rules kept by
 * admins. Each journey leaves screenshots of its screens (1366 and 390 px) in test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function signedIn(
  path: string,
  who: { email: string; password: string }
): Promise<{ context: BrowserContext; tab: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const tab = await context.newPage();
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(who.email);
  await tab.getByLabel('Password').fill(who.password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(
    (url) =>
      url.origin === cf.httpUrl && !url.pathname.startsWith('/oidc') && !url.pathname.includes('callback'),
    { timeout: 15_000 }
  );
  return { context, tab };
}

async function caseFor(subject: string) {
  return eventually(
    async () => (await cf.services.cases.listCases(200)).find((c) => c.subject === subject),
    10_000,
    `case for ${subject}`
  );
}

describe('administration in the console', () => {
  it('an admin adds a message rule; the next mail is filed by it', async () => {
    const { context, tab } = await signedIn('/message-rules', TEST_ADMIN);
    await expect.poll(() => tab.getByText('From the config file').count(), { timeout: 10_000 }).toBe(1);
    await tab.getByLabel('Name').fill('Status page to L2');
    await tab.getByLabel('Sender domain').fill('globex.example');
    await tab.getByLabel('Subject').fill('status page');
    await tab.getByLabel('Folder').fill('Status');
    await tab.getByLabel('Labels').fill('statuspage, vip');
    await tab.getByRole('button', { name: 'Add rule' }).click();
    await expect
      .poll(() => tab.getByText('Saved by admin@support.example.com').count(), { timeout: 10_000 })
      .toBe(1);
    // Added last, after the config's rule; moved to the top, where it is checked first.
    await tab.getByRole('button', { name: 'Move up Status page to L2' }).click();
    await expect
      .poll(() => tab.getByRole('row').nth(1).textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain('Status page to L2');
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'message-rules')).toEqual([]);

    await sendMail(cf.smtpPort, {
      from: 'ops@globex.example',
      to: 'support@support.example.com',
      subject: 'Our status page shows an old incident',
      text: 'Can you close the incident on the status page?',
    });
    const filed = await caseFor('Our status page shows an old incident');
    expect(filed.messageRules).toMatchObject({ folder: 'Status', labels: ['statuspage', 'vip'] });
    await context.close();
  }, 90_000);
});

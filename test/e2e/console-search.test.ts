/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * Searching in the console (R-BOX-14), in Debian's Chromium: `/` focuses the top bar's search, a
 * word without its Polish diacritics finds the case, filters narrow the results, a reference
 * typed in lower case opens its case. Screenshots (1366 and 390 px) in test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const AGENT = { email: 'szukajaca@support.example.com', displayName: 'Ewa Szukająca' };

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
let reference = '';
let otherTeamReference = '';

async function customerMail(
  from: string,
  subject: string,
  text: string
): Promise<{ reference: string; team: string }> {
  await sendMail(cf.smtpPort, { from, to: 'support@support.example.com', subject, text });
  return eventually(
    async () => {
      const c = (await cf.services.cases.listCases(200)).find((x) => x.subject === subject);
      return c && { reference: c.reference, team: c.team };
    },
    10_000,
    `case for ${subject}`
  );
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  const invoice = await customerMail(
    'anna.nowak@acme.example',
    'Pytanie o fakturę za listopad',
    'Dzień dobry, w przesłanej fakturą kwocie jest błąd.'
  );
  const outage = await customerMail(
    'ops@globex.example',
    'Serwer nie odpowiada',
    'Od rana serwer zwraca błąd 502, panel też nie działa.'
  );
  reference = invoice.reference;
  otherTeamReference = outage.team === invoice.team ? '' : outage.reference;
  // The agent works the invoice's team only: the other case must never show.
  const created = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({
      ...AGENT,
      roles: ['agent'],
      teams: [invoice.team],
      password: TEST_STAFF_PASSWORD,
    }),
  });
  expect(created.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function screens(tab: Page, name: string): Promise<void> {
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await tab.setViewportSize({ width: 390, height: 844 });
  // Cloudscape lays the page out again for the narrow width before it is judged.
  await tab.waitForTimeout(300);
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await tab.setViewportSize({ width: 1366, height: 900 });
}

describe('searching in the console', () => {
  it('/ → "faktura" finds "fakturą", filters narrow it, a reference opens its case', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(`${cf.httpUrl}/`);
    await tab.getByLabel('Email').fill(AGENT.email);
    await tab.getByLabel('Password').fill(TEST_STAFF_PASSWORD);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.waitForURL(/\/queues\//, { timeout: 15_000 });

    await tab.locator('body').press('/');
    const box = tab.getByRole('searchbox', { name: 'Search cases' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await tab.keyboard.type('faktura');
    await tab.waitForURL(/\/search\?q=faktura/);
    const row = tab.getByRole('row', { name: new RegExp(reference) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => tab.getByRole('heading', { name: /Search: faktura \(1\)/ }).count()).toBe(1);
    // "błąd" is in both mails; the other team's case is not the agent's to see.
    expect(otherTeamReference, 'the two cases must be in different teams').not.toBe('');
    await box.fill('blad');
    await tab.waitForURL(/\/search\?q=blad/);
    await expect.poll(() => tab.getByRole('heading', { name: /Search: blad \(1\)/ }).count()).toBe(1);
    expect(await tab.getByRole('row', { name: new RegExp(otherTeamReference) }).count()).toBe(0);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);

    // Status "resolved": nothing; back to "open": the case again.
    await tab.getByRole('button', { name: /Status/ }).click();
    await tab.getByRole('option', { name: 'resolved' }).click();
    await tab.waitForURL(/status=RESOLVED/);
    await expect
      .poll(() => tab.getByText('No case matches this search.').count(), { timeout: 10_000 })
      .toBe(1);
    await tab.getByRole('button', { name: /Status/ }).click();
    await tab.getByRole('option', { name: 'open', exact: true }).click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await screens(tab, 'search');

    await box.fill(reference.toLowerCase());
    await box.press('Enter');
    await tab.waitForURL(new RegExp(`/cases/${reference}$`));
    await expect
      .poll(() => tab.getByText('Pytanie o fakturę za listopad').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await context.close();
  }, 90_000);
});

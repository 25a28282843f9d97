/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN } from '../support/staff';

/**
 * The console's time reports and the work log on a case, in Chromium: an admin logs work from the
 * case view, and reads last month's availability and billable time (the month the page opens on).
 * Screenshots of both screens at 1366 and 390 px go to test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
const refs = { globex: '', acme: '' };
const now = new Date();
/** Last month (UTC), the one the page shows first, and an instant on its 10th day. */
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  .toISOString()
  .slice(0, 7);
const on10th = (time: string) => `${lastMonth}-10T${time}Z`;
const post = (path: string, body: unknown) => cf.api(path, { method: 'POST', body: JSON.stringify(body) });

async function openCase(from: string, to: string, subject: string, text: string): Promise<string> {
  await sendMail(cf.smtpPort, { from, to, subject, text });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    15_000,
    `the case "${subject}"`
  );
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  refs.globex = await openCase(
    'ops@globex.example',
    'sev1@support.example.com',
    'Gateway down',
    'Our API is down, all calls fail.'
  );
  refs.acme = await openCase(
    'anna.nowak@acme.example',
    'support@support.example.com',
    'Help with the import',
    'Please help us configure the import.'
  );
  expect(
    (
      await post(`/api/cases/${refs.globex}/resolve`, {
        outageIntervals: [{ start: on10th('10:00:00'), end: on10th('10:05:00'), services: ['api', 'smtp'] }],
      })
    ).status
  ).toBe(200);
  expect(
    (
      await post('/api/outages', {
        intervals: [
          {
            id: 'probe-1',
            service: 'api',
            customerId: 'globex',
            start: on10th('10:03:00'),
            end: on10th('10:09:00'),
          },
        ],
      })
    ).status
  ).toBe(201);
  // Acme (STANDARD, 420-minute package, 140 PLN/h): 400 → 405 → 420, then 20 → 25 → 30: 30 min billed = 70.00 PLN.
  for (const [minutes, day] of [
    [400, '03'],
    [20, '04'],
  ] as const)
    expect(
      (
        await post(`/api/cases/${refs.acme}/work`, {
          kind: 'remote',
          minutes,
          performedAt: `${lastMonth}-${day}T09:00:00Z`,
        })
      ).status
    ).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function signedInAdmin(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const tab = await context.newPage();
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(TEST_ADMIN.email);
  await tab.getByLabel('Password').fill(TEST_ADMIN.password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(
    (url) =>
      url.origin === cf.httpUrl && !url.pathname.startsWith('/oidc') && !url.pathname.includes('callback'),
    {
      timeout: 15_000,
    }
  );
  return tab;
}

describe('time reports in the console', () => {
  it('an agent logs work from the case view; it is listed there at once', async () => {
    const tab = await signedInAdmin(`/cases/${refs.acme}`);
    await tab.getByText('Work logged (2)').click();
    const form = tab.getByRole('form', { name: 'Log work' });
    await form.getByLabel('Minutes').fill('25');
    await form.getByLabel('Note (optional)').fill('Phone call about the import mapping');
    // The kind: phone, picked from the select.
    await form.getByRole('button', { name: /Kind of work/ }).click();
    await tab.getByRole('option', { name: 'phone' }).click();
    await form.getByRole('button', { name: 'Log work' }).click();
    await expect.poll(() => tab.getByText('Work logged (3)').count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => tab.getByText(/phone 25 min · admin@support\.example\.com · Phone call/).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'case-work-log')).toEqual([]);
    await tab.context().close();
  }, 60_000);

  it('last month: availability per customer and service, the intervals with their cases, the statements', async () => {
    const tab = await signedInAdmin('/reports/time');
    await tab.getByRole('heading', { name: 'Time reports' }).waitFor();
    const globexApi = tab.getByRole('row', { name: /Globex S\.A\. API 99\.98\s%/ });
    // Confirmed 10:00–10:05 ∪ monitoring 10:03–10:09 = 9 min, over the 8.64 or 8.928 allowed.
    await expect.poll(() => globexApi.textContent(), { timeout: 10_000 }).toMatch(/99\.98\s%.*9.*broken/);
    expect(await tab.getByRole('link', { name: refs.globex }).count()).toBeGreaterThan(0);
    const acme = tab.getByRole('row', { name: /Acme Sp\. z o\.o\. STANDARD/ });
    await expect.poll(() => acme.textContent()).toMatch(/420.*420.*0.*30.*140 PLN\/h.*70\.00 PLN/);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'time-reports')).toEqual([]);
    // The interval's case opens from the report.
    await tab.getByRole('link', { name: refs.globex }).first().click();
    await tab.waitForURL(new RegExp(`/cases/${refs.globex}$`));
    await tab.context().close();
  }, 60_000);
});

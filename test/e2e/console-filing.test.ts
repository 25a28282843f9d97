/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * Filing cases in the console (R-BOX-5/7/8): an agent labels a case and moves it to a folder
 * with the keyboard, then finds it again through the label and the folder in the rail; an admin
 * keeps labels and folders. Screens in test-artifacts/console-filing/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console-filing');
const AGENT = { email: 'marta.zielinska@support.example.com', displayName: 'Marta Zielińska' };
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
let reference: string;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  expect(
    (
      await cf.api(
        '/api/users',
        json({ ...AGENT, roles: ['agent'], teams: ['L1'], password: TEST_STAFF_PASSWORD })
      )
    ).status
  ).toBe(201);
  expect((await cf.api('/api/labels', json({ name: 'Key account', colour: 'purple' }))).status).toBe(201);
  expect((await cf.api('/api/labels', json({ name: 'Needs callback', colour: 'orange' }))).status).toBe(201);
  expect((await cf.api('/api/case-folders', json({ name: 'Partners' }))).status).toBe(201);
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'DNS zone does not propagate',
    text: 'The new A record for shop.acme.example is not visible after two hours.',
  });
  reference = await eventually(
    async () =>
      (await cf.services.cases.listCases(20)).find((c) => c.subject === 'DNS zone does not propagate')
        ?.reference,
    10_000,
    'the case'
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function signedIn(path: string, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const tab = await context.newPage();
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(who.email);
  await tab.getByLabel('Password').fill(who.password);
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

const rail = (tab: Page) => tab.getByRole('navigation');

describe('filing cases in the console', () => {
  it('label a case and move it to a folder with the keyboard, then find it by the label and the folder in the rail', async () => {
    const tab = await signedIn(`/cases/${reference}`, { email: AGENT.email, password: TEST_STAFF_PASSWORD });
    // The first screen after signing in can take seconds on a busy machine.
    await expect
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 15_000 })
      .toContain(reference);

    // The label picker: focus it, open it, type to filter, pick with Enter, close with Escape.
    const picker = tab.getByRole('button', { name: /Choose labels/ });
    await picker.focus();
    await tab.keyboard.press('Enter');
    await tab.keyboard.type('Key acc');
    await tab.keyboard.press('ArrowDown');
    await tab.keyboard.press('Enter');
    await tab.keyboard.press('Escape');
    await expect
      .poll(() => tab.locator('h1 .label-chip').allTextContents(), { timeout: 10_000 })
      .toEqual(['Key account']);

    // The folder picker, with the keyboard too.
    const folder = tab.getByRole('button', { name: /Inbox \(no folder\)/ });
    await folder.focus();
    await tab.keyboard.press('Enter');
    await tab.keyboard.type('Partners');
    await tab.keyboard.press('ArrowDown');
    await tab.keyboard.press('Enter');
    await expect
      .poll(
        async () => ((await (await cf.api(`/api/cases/${reference}`)).json()) as { folder: string }).folder,
        {
          timeout: 10_000,
        }
      )
      .toBe('partners');
    await expect
      .poll(
        () =>
          tab
            .locator('ol.timeline, .timeline')
            .first()
            .textContent({ timeout: 2000 })
            .catch(() => ''),
        { timeout: 10_000 }
      )
      .toMatch(/moved from the inbox to folder "Partners" by marta\.zielinska@support\.example\.com/);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'case-labelled')).toEqual([]);
    // At 390 px the rail closes; a fresh load at the desktop width has it open again.
    await tab.reload();

    // The rail counts the label and the folder; each opens its cases with the total.
    await expect
      .poll(() => rail(tab).getByRole('link', { name: 'Key account (1)' }).count(), { timeout: 10_000 })
      .toBe(1);
    await rail(tab).getByRole('link', { name: 'Key account (1)' }).click();
    await tab.waitForURL(/\/labels\/key-account$/);
    const labelRow = tab.getByRole('row', { name: new RegExp(reference) });
    await expect.poll(() => labelRow.count(), { timeout: 10_000 }).toBe(1);
    expect(await labelRow.locator('.label-chip').allTextContents()).toEqual(['Key account']);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toContain('(1)');
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'label-cases')).toEqual([]);
    // At 390 px the rail closes; a fresh load at the desktop width has it open again.
    await tab.reload();

    await rail(tab).getByRole('link', { name: 'Partners (1)' }).click();
    await tab.waitForURL(/\/case-folders\/partners$/);
    await expect
      .poll(() => tab.getByRole('row', { name: new RegExp(reference) }).count(), { timeout: 10_000 })
      .toBe(1);
    // Held mail is apart from case folders, under its own heading.
    expect(await rail(tab).getByText('Held mail (not cases)').count()).toBeLessThanOrEqual(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'folder-cases')).toEqual([]);

    // The queue row carries the chip too.
    await tab.goto(`${cf.httpUrl}/queues/L1`);
    const queueRow = tab.getByRole('row', { name: new RegExp(reference) });
    await expect
      .poll(() => queueRow.locator('.label-chip').allTextContents(), { timeout: 10_000 })
      .toEqual(['Key account']);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'queue-with-labels')).toEqual([]);

    // Mark spam after the confirmation: out of the queue, listed under spam cases.
    await tab.goto(`${cf.httpUrl}/cases/${reference}`);
    await tab.getByRole('button', { name: 'Mark as spam' }).click();
    await tab.getByRole('dialog').getByRole('button', { name: 'Mark as spam' }).click();
    await expect
      .poll(() => tab.getByRole('button', { name: 'Not spam' }).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'case-spam')).toEqual([]);
    await tab.reload();
    await rail(tab)
      .getByRole('link', { name: /Spam cases \(1\)/ })
      .click();
    await expect
      .poll(() => tab.getByRole('row', { name: new RegExp(reference) }).count(), { timeout: 10_000 })
      .toBe(1);
    await tab.screenshot({ path: join(ARTIFACTS, 'journey-end.png'), fullPage: true });
    await tab.context().close();
  }, 180_000);

  it('admins keep labels and folders on their own screens', async () => {
    const tab = await signedIn('/admin/labels', TEST_ADMIN);
    await expect
      .poll(() => tab.getByRole('heading', { name: 'Labels', level: 1 }).count(), { timeout: 10_000 })
      .toBe(1);
    await tab.locator('form').getByLabel('Name').fill('Escalated twice');
    await tab.locator('form').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => tab.getByRole('row', { name: /Escalated twice/ }).count(), { timeout: 10_000 })
      .toBe(1);
    await tab.getByRole('button', { name: 'Edit Escalated twice' }).click();
    await tab.getByRole('dialog').getByLabel('Name').fill('Escalated 2x');
    await tab.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => tab.getByRole('row', { name: /Escalated 2x/ }).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'admin-labels')).toEqual([]);

    await tab.goto(`${cf.httpUrl}/admin/case-folders`);
    await expect.poll(() => tab.getByRole('row', { name: /Partners/ }).count(), { timeout: 10_000 }).toBe(1);
    await tab.locator('form').getByLabel('Name').fill('Legal');
    await tab.locator('form').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => tab.getByRole('row', { name: /Legal/ }).count(), { timeout: 10_000 }).toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'admin-folders')).toEqual([]);
    await tab.context().close();
  }, 120_000);
});

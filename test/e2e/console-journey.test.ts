/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * In Debian's Chromium: the customer beside a case; label + folder + search finds the case; an
 * admin gives an agent visible case folders and the rail follows; the rail's counts follow the live
 * channel (and, with the socket refused, polls answered 304 while nothing changed). Screens in
 * test-artifacts/console-journey/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console-journey');
const AGENT = { email: 'olga.krawczyk@support.example.com', displayName: 'Olga Krawczyk' };
const post = (path: string, body: unknown) => cf.api(path, { method: 'POST', body: JSON.stringify(body) });
const config = parseConfig(
  {
    ...demoConfig,
    accounts: [
      {
        id: 'acme-mail',
        name: 'Acme mail',
        customerId: 'acme',
        tam: { name: 'Tina Tam', email: 'tina.tam@support.example.com', phone: '+48 600 900 900' },
      },
    ],
  },
  'test'
);

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
const refs = { exportCase: '', vpnCase: '', spare: '' };

async function openCase(subject: string, text: string): Promise<string> {
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject,
    text,
  });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    10_000,
    `the case "${subject}"`
  );
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow({ config });
  browser = await launchChromium();
  const agent = await post('/api/users', {
    ...AGENT,
    roles: ['agent'],
    teams: ['L1'],
    password: TEST_STAFF_PASSWORD,
  });
  expect(agent.status).toBe(201);
  expect((await post('/api/labels', { name: 'Key account', colour: 'purple' })).status).toBe(201);
  expect((await post('/api/case-folders', { name: 'Partners' })).status).toBe(201);
  expect((await post('/api/case-folders', { name: 'Legal' })).status).toBe(201);
  refs.vpnCase = await openCase(
    'Question about the user manual',
    'Where is the chapter on exports in the manual?'
  );
  refs.exportCase = await openCase(
    'Nightly export stops at 80 percent',
    'The nightly export stops at 80 percent since Monday.'
  );
  refs.spare = await openCase('Certificate renewal reminder', 'Our certificate expires next month.');
  // Work on the customer this month: 45 minutes of e-mail support against the plan's limit.
  const reply = await post(`/api/cases/${refs.vpnCase}/replies`, {
    text: 'The profile is attached.',
    workMinutes: 45,
  });
  expect(reply.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function signedIn(
  path: string,
  who: { email: string; password: string },
  liveDown = false
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  if (liveDown) await context.routeWebSocket(/\/event\/realtime$/, (socket) => socket.close({ code: 1011 }));
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
  return tab;
}
const asAgent = { email: AGENT.email, password: TEST_STAFF_PASSWORD };
const rail = (tab: Page) => tab.getByRole('navigation').last();

describe('the console, end to end', () => {
  it("shows the customer beside the case: plan terms, TAM, guaranteed time and the customer's other cases", async () => {
    const tab = await signedIn(`/cases/${refs.exportCase}`, asAgent);
    await tab.getByRole('heading', { name: 'Customer', exact: true }).waitFor({ timeout: 15_000 });
    const panel = tab.getByTestId('customer-panel');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toContain('Tina Tam');
    expect(await panel.textContent()).toContain('anna.nowak@acme.example');
    await expect.poll(() => tab.getByRole('heading', { name: 'Plan: STANDARD' }).count()).toBe(1);
    expect(await tab.getByText('45 min / 15 h').count()).toBe(1);
    // The other open cases of Acme link to them; this case is not among them.
    const others = tab.getByRole('button', { name: 'Other open cases (2)' });
    await others.waitFor({ timeout: 10_000 });
    expect(await tab.getByRole('link', { name: refs.vpnCase, exact: true }).count()).toBe(1);
    expect(await tab.getByRole('link', { name: refs.exportCase, exact: true }).count()).toBe(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'case-customer')).toEqual([]);
    await tab.getByRole('link', { name: refs.vpnCase, exact: true }).click();
    await tab.waitForURL(new RegExp(`/cases/${refs.vpnCase}$`));
    await expect.poll(() => tab.getByRole('heading', { level: 1 }).textContent()).toContain(refs.vpnCase);
    await tab.context().close();
  }, 90_000);

  it('label + folder + search finds the case: labelled and filed in the console, found by words and label, opened', async () => {
    const tab = await signedIn(`/cases/${refs.exportCase}`, asAgent);
    await expect
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 15_000 })
      .toContain(refs.exportCase);
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
    const folder = tab.getByRole('button', { name: /Inbox \(no folder\)/ });
    await folder.focus();
    await tab.keyboard.press('Enter');
    await tab.keyboard.type('Partners');
    await tab.keyboard.press('ArrowDown');
    await tab.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          ((await (await cf.api(`/api/cases/${refs.exportCase}`)).json()) as { folder: string }).folder,
        {
          timeout: 10_000,
        }
      )
      .toBe('partners');

    // Search by words: both of Acme's export and VPN cases are not matched; only this one is.
    const box = tab.getByRole('searchbox', { name: 'Search cases' });
    await box.fill('nightly export');
    await tab.waitForURL(/\/search\?q=nightly/);
    const row = tab.getByRole('row', { name: new RegExp(refs.exportCase) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    // With the label filter too; then a label it does not carry finds nothing.
    await tab.locator('.search-filters').getByRole('button', { name: /Label/ }).click();
    await tab.getByRole('option', { name: 'Key account' }).click();
    await tab.waitForURL(/label=key-account/);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('.label-chip').allTextContents()).toEqual(['Key account']);
    await box.fill('certificate');
    await expect
      .poll(() => tab.getByText('No case matches this search.').count(), { timeout: 10_000 })
      .toBe(1);
    await box.fill('nightly export');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'search-label')).toEqual([]);
    await tab.setViewportSize({ width: 1366, height: 900 });
    await row.getByRole('link', { name: refs.exportCase }).click();
    await tab.waitForURL(new RegExp(`/cases/${refs.exportCase}$`));
    await expect.poll(() => tab.getByRole('heading', { level: 1 }).textContent()).toContain(refs.exportCase);
    expect(await tab.locator('h1 .label-chip').allTextContents()).toEqual(['Key account']);
    const filed = (await (await cf.api(`/api/cases/${refs.exportCase}`)).json()) as { folder: string };
    expect(filed.folder).toBe('partners');
    await tab.screenshot({ path: join(ARTIFACTS, 'journey-end.png'), fullPage: true });
    await tab.context().close();
  }, 120_000);

  it('an admin gives the agent visible case folders: the rail shows those only, the others are refused', async () => {
    const admin = await signedIn('/users', TEST_ADMIN);
    await admin.getByRole('button', { name: `Edit ${AGENT.email}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Only these case folders' }).check();
    await dialog.getByRole('button', { name: /Only these case folders/ }).click();
    await admin.getByRole('option', { name: 'Partners' }).click();
    await admin.keyboard.press('Escape');
    expect(await screensAtBothWidths(admin, ARTIFACTS, 'user-folders')).toEqual([]);
    await admin.setViewportSize({ width: 1366, height: 900 });
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = admin.getByRole('row', { name: new RegExp(AGENT.email.replace(/\./g, '\\.')) });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Partners');
    expect(await row.textContent()).not.toContain('Every case folder');
    await admin.context().close();

    const tab = await signedIn('/queues/L1', asAgent);
    await expect
      .poll(() => rail(tab).getByRole('link', { name: 'Partners (1)' }).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await rail(tab).getByRole('link', { name: /Legal/ }).count()).toBe(0);
    expect(
      await rail(tab)
        .getByRole('link', { name: /Invoices/ })
        .count()
    ).toBe(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'rail-visible-folders')).toEqual([]);
    await tab.goto(`${cf.httpUrl}/case-folders/legal`);
    await tab.getByText('This case folder is not one of yours').waitFor({ timeout: 10_000 });
    await tab.context().close();
  }, 120_000);

  it('the rail counts follow the live channel, and with the socket refused polls are answered 304 while nothing changes', async () => {
    const tab = await signedIn('/queues/L1', asAgent);
    await expect
      .poll(() => rail(tab).getByRole('link', { name: 'Key account (1)' }).count(), { timeout: 10_000 })
      .toBe(1);
    const labelReads: number[] = [];
    tab.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/labels') labelReads.push(Date.now());
    });
    // Quiet for longer than the old 5-second poll: with the socket live the counts are not re-read.
    await tab.waitForTimeout(6_000);
    expect(labelReads).toEqual([]);
    const labelled = Date.now();
    expect((await post(`/api/cases/${refs.spare}/labels`, { add: ['key-account'] })).status).toBe(200);
    await expect
      .poll(() => rail(tab).getByRole('link', { name: 'Key account (2)' }).count(), { timeout: 3_000 })
      .toBe(1);
    const tookMs = Date.now() - labelled;
    expect(tookMs).toBeLessThan(3_000);
    // The team queue's count is the API's.
    const queues = (await (await cf.api('/api/queues')).json()) as {
      queues: { team: string; total: number }[];
    };
    const l1 = queues.queues.find((q) => q.team === 'L1')?.total;
    expect(
      await rail(tab)
        .getByRole('link', { name: /^L1 \(\d+\)$/ })
        .textContent()
    ).toBe(`L1 (${l1})`);
    await tab.context().close();

    const polling = await signedIn('/queues/L1', asAgent, true);
    const answers: Response[] = [];
    polling.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/labels') answers.push(r);
    });
    // Two 5-second polls with nothing changed: each sent the ETag back and got a bodiless 304.
    await expect
      .poll(() => answers.filter((r) => r.status() === 304).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    expect((await post(`/api/cases/${refs.spare}/labels`, { remove: ['key-account'] })).status).toBe(200);
    await expect
      .poll(() => rail(polling).getByRole('link', { name: 'Key account (1)' }).count(), { timeout: 8_000 })
      .toBe(1);
    expect(answers.some((r) => r.status() === 200)).toBe(true);
    await polling.context().close();
  }, 120_000);
});

/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * The console's administration and composer extras in Debian's Chromium: message rules kept by
 * admins. Each journey leaves screenshots of its screens (1366 and 390 px) in test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

const AGENT = {
  email: 'ola.kowalska@support.example.com',
  displayName: 'Ola Kowalska',
  password: TEST_STAFF_PASSWORD,
};
const COLLEAGUE = { email: 'piotr.nowak@support.example.com', displayName: 'Piotr Nowak' };
const BILLING = { email: 'basia.billing@support.example.com', displayName: 'Basia Billing' };

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  for (const [who, teams] of [
    [AGENT, ['L1']],
    [COLLEAGUE, ['L1']],
    [BILLING, ['L2_BILLING']],
  ] as const) {
    const created = await cf.api('/api/users', {
      method: 'POST',
      body: JSON.stringify({
        email: who.email,
        displayName: who.displayName,
        roles: ['agent'],
        teams,
        password: TEST_STAFF_PASSWORD,
      }),
    });
    expect(created.status).toBe(201);
  }
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
    await tab.getByRole('textbox', { name: 'Folder' }).fill('Status');
    await tab.getByRole('textbox', { name: 'Labels' }).fill('statuspage, vip');
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

  it('an @mention in a note tells the colleague by mail with a link; the customer gets nothing', async () => {
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Question about API tokens',
      text: 'How long is an API token valid before we need a new one?',
    });
    const { reference, id, team } = await caseFor('Question about API tokens');
    expect(team).toBe('L1');
    const { colleagues } = (await (await cf.api('/api/colleagues?team=L2_BILLING')).json()) as {
      colleagues: { id: string; email: string }[];
    };
    const billingId = colleagues.find((c) => c.email === BILLING.email)?.id;
    // Only colleagues who work the case's team, by user id: a billing agent of another team is refused.
    const refused = await cf.as(AGENT.email)(`/api/cases/${id}/notes`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Basia, see this', mentions: [billingId] }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain(`not a colleague who works team L1`);

    const { context, tab } = await signedIn(`/cases/${reference}`, {
      email: AGENT.email,
      password: AGENT.password,
    });
    await expect
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain(reference);
    await tab.getByRole('tab', { name: 'Internal note' }).click();
    await tab.getByRole('textbox', { name: 'Internal note' }).fill('Tokens last 24 h here: ');
    await tab.getByRole('textbox', { name: 'Internal note' }).press('End');
    await tab.keyboard.type('@pio');
    await tab.getByRole('button', { name: 'Mention Piotr Nowak' }).click();
    await tab.getByRole('textbox', { name: 'Internal note' }).press('End');
    await tab.keyboard.type('can you check the lifetime?');
    expect(await tab.getByText('@Piotr Nowak').count()).toBeGreaterThan(0);
    await tab.getByRole('button', { name: 'Add note' }).click();
    const note = tab.locator('article.message-note').filter({ hasText: 'Tokens last 24 h' });
    await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(1);
    expect(await note.textContent()).toContain('Mentioned (told by mail): @Piotr Nowak');

    const told = await eventually(
      async () => (await readOutbox(cf.outboxDir)).find((m) => m.to.includes(COLLEAGUE.email)),
      10_000,
      'the mention mail'
    );
    expect(told.subject).toBe(`Ola Kowalska mentioned you in a note on ${reference}`);
    expect(told.text).toContain(`${cf.httpUrl}/cases/${reference}`);
    expect(told.text).toContain('can you check the lifetime?');
    expect(told.inReplyTo).toBeFalsy();
    const toCustomer = (await readOutbox(cf.outboxDir)).filter(
      (m) => m.to.includes('anna.nowak@acme.example') && m.text.includes('Tokens last 24 h')
    );
    expect(toCustomer).toEqual([]);
    // Before adding: the picker open under the note.
    await tab.getByRole('textbox', { name: 'Internal note' }).fill('@pi');
    await expect.poll(() => tab.getByRole('button', { name: 'Mention Piotr Nowak' }).count()).toBe(1);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'note-mention')).toEqual([]);
    await context.close();
  }, 90_000);

  it('a reply carries up to 3 attachments (a fourth is a clear error); a proposal of resolution is sent from the composer', async () => {
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Need the setup guide',
      text: 'Could you send us the setup guide and the example configs?',
    });
    const { reference } = await caseFor('Need the setup guide');
    const { context, tab } = await signedIn(`/cases/${reference}`, {
      email: AGENT.email,
      password: AGENT.password,
    });
    await expect
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toContain(reference);
    await tab
      .getByRole('textbox', { name: 'Reply to customer' })
      .fill('Here are the guide and two examples.');
    const file = (name: string) => ({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(`contents of ${name}\n`),
    });
    await tab
      .locator('input[type=file]')
      .setInputFiles([file('guide.txt'), file('a.conf'), file('b.conf'), file('c.conf')]);
    await expect
      .poll(() => tab.getByText('At most 3 attachments per reply; 4 chosen. Remove 1.').count())
      .toBe(1);
    expect(await tab.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reply-attachments-error')).toEqual([]);
    await tab.getByRole('button', { name: 'Remove c.conf' }).click();
    await expect.poll(() => tab.getByText('At most 3 attachments').count()).toBe(0);
    await tab.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => tab.getByText('Sent.').count(), { timeout: 10_000 }).toBe(1);
    const sent = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find((m) => m.text.includes('Here are the guide and two examples.')),
      10_000,
      'the reply with attachments'
    );
    expect(sent.raw).toContain('filename=guide.txt');
    expect(sent.raw).toContain('filename=b.conf');
    expect(sent.raw).not.toContain('c.conf');

    await tab
      .getByRole('textbox', { name: 'Reply to customer' })
      .fill('The guide answers it: shall we close the case?');
    await tab.getByRole('button', { name: 'Propose resolution' }).click();
    await expect.poll(() => tab.getByText('Resolution proposed').count(), { timeout: 10_000 }).toBe(1);
    await eventually(
      async () => (await readOutbox(cf.outboxDir)).find((m) => m.text.includes('shall we close the case?')),
      10_000,
      'the proposal in the outbox'
    );
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reply-proposed')).toEqual([]);
    await context.close();
  }, 90_000);

  it('an admin sees the support addresses; a new one is marked as not yet received until deployed', async () => {
    const { context, tab } = await signedIn('/support-addresses', TEST_ADMIN);
    await expect
      .poll(() => tab.getByRole('row', { name: /billing@support.example.com/ }).count(), { timeout: 10_000 })
      .toBe(1);
    await tab.getByLabel('Address', { exact: true }).fill('partners@support.example.com');
    await tab.getByLabel('Display name').fill('Partner desk');
    await tab.getByRole('button', { name: 'Add address' }).click();
    await expect
      .poll(() => tab.getByText('Mail to these addresses is not received yet').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await tab.getByRole('row', { name: /partners@support.example.com/ }).textContent()).toContain(
      'not yet: needs a deploy'
    );
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'support-addresses')).toEqual([]);
    await context.close();
  }, 90_000);
});

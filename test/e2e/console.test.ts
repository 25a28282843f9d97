/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '../support/browser';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { deliverRaw } from '../support/intake';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * The agent console in Debian's Chromium, against `npm start`'s runtime: sign in at the local
 * issuer, work a queue, answer in the customer's thread, write notes, read HTML mail safely.
 * Each journey leaves a screenshot of its last screen in test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const AGENT = {
  email: 'ola.kowalska@support.example.com',
  displayName: 'Ola Kowalska',
  signature: 'Ola Kowalska\nL1 support, caseflow',
};
const COLLEAGUE = { email: 'piotr.nowak@support.example.com', displayName: 'Piotr Nowak' };

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  const created = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ ...AGENT, roles: ['agent'], teams: ['L1'], password: TEST_STAFF_PASSWORD }),
  });
  expect(created.status).toBe(201);
  const colleague = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ ...COLLEAGUE, roles: ['agent'], teams: ['L1'], password: TEST_STAFF_PASSWORD }),
  });
  expect(colleague.status).toBe(201);
  const template = await cf.api('/api/templates', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Found the cause',
      text: 'Hello {{requester.name}}, we found the cause of {{case.reference}}.',
      shared: true,
    }),
  });
  expect(template.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function customerMail(subject: string, text: string): Promise<string> {
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject,
    text,
  });
  return eventually(
    async () => (await cf.services.cases.listCases(200)).find((c) => c.subject === subject)?.reference,
    10_000,
    `case for ${subject}`
  );
}

/** A browser signed in to the console as the agent (or `who`), at `path`. */
async function signedIn(
  path = '/',
  viewport = { width: 1366, height: 900 },
  who: { email: string; password?: string } = AGENT
): Promise<{ context: BrowserContext; tab: Page }> {
  const context = await browser.newContext({ viewport });
  const tab = await context.newPage();
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(who.email);
  await tab.getByLabel('Password').fill(who.password ?? TEST_STAFF_PASSWORD);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(
    (url) =>
      url.origin === cf.httpUrl && !url.pathname.startsWith('/oidc') && !url.pathname.includes('callback'),
    {
      timeout: 15_000,
    }
  );
  return { context, tab };
}

async function screens(tab: Page, name: string): Promise<void> {
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const desktop = tab.viewportSize();
  await tab.setViewportSize({ width: 390, height: 844 });
  await tab.waitForTimeout(300);
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  if (desktop) await tab.setViewportSize(desktop);
}

describe('the agent console', () => {
  it('sign in → queue → open → reply: the customer gets it in their thread, signed by the agent', async () => {
    const reference = await customerMail(
      'Export to CSV fails',
      'Since this morning the CSV export stops at 99 %.'
    );
    const { context, tab } = await signedIn();
    // The agent's first queue is their team's, earliest deadline first.
    await tab.waitForURL(/\/queues\/L1$/);
    const row = tab.getByRole('row', { name: new RegExp(reference) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row.textContent({ timeout: 2000 })).toMatch(/Acme/);
    await expect.poll(() => row.textContent({ timeout: 2000 })).toMatch(/due in/);
    await screens(tab, 'queue');

    await tab.getByRole('link', { name: reference }).click();
    await tab.waitForURL(new RegExp(`/cases/${reference}$`));
    await expect
      // The first screen after signing in can take seconds on a busy machine.
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 15_000 })
      .toContain(reference);
    await expect.poll(() => tab.getByText('sender proven (DMARC)').count()).toBeGreaterThan(0);
    await screens(tab, 'case');

    // A shared template, found with the search picker, filled in for this case.
    await tab.getByRole('button', { name: 'Insert a template' }).click();
    await tab.keyboard.type('cause');
    await tab.getByRole('option', { name: /Found the cause/ }).click();
    // `r` focuses the reply; the signature is shown under it.
    await tab.keyboard.press('r');
    await expect.poll(() => tab.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await tab.keyboard.press('End');
    await tab.keyboard.type(' Exports over 10,000 rows time out. A fix ships tonight.');
    expect(await tab.getByText('L1 support, caseflow').count()).toBe(1);
    await tab.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => tab.getByText('Sent.').count(), { timeout: 10_000 }).toBe(1);

    const sent = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find(
          (m) => m.subject.includes(`[${reference}]`) && m.text.includes('Exports over 10,000 rows')
        ),
      10_000,
      'the reply in the outbox'
    );
    expect(sent.to).toEqual(['anna.nowak@acme.example']);
    const detail = (await (await cf.api(`/api/cases/${reference}`)).json()) as {
      messages: { kind: string; messageId: string | null }[];
    };
    const customerMessageId = detail.messages.find((m) => m.kind === 'customer')?.messageId;
    expect(sent.inReplyTo).toBe(customerMessageId);
    expect(sent.text).toContain('L1 support, caseflow');
    expect(sent.text).toContain(
      `Hello Anna Nowak, we found the cause of ${reference}. Exports over 10,000 rows`
    );
    // The reply shows in the thread without a reload.
    await expect
      .poll(() =>
        tab.locator('article.message-outbound').filter({ hasText: 'exports over 10,000 rows' }).count()
      )
      .toBe(1);
    await tab.screenshot({ path: join(ARTIFACTS, 'reply-sent.png'), fullPage: true });
    await context.close();
  }, 90_000);

  it('an internal note shows in the thread, set apart, and never reaches the outbox', async () => {
    const reference = await customerMail(
      'Password reset link expired',
      'The reset link says it expired at once.'
    );
    const { context, tab } = await signedIn(`/cases/${reference}`);
    await expect
      // The first screen after signing in can take seconds on a busy machine.
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 15_000 })
      .toContain(reference);
    await tab.keyboard.press('n');
    await expect
      .poll(() => tab.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Internal note');
    await tab.keyboard.type('Billing owns this: asked Marek to confirm the new NIP first.');
    await tab.getByRole('button', { name: 'Add note' }).click();
    const note = tab.locator('article.message-note').filter({ hasText: 'asked Marek' });
    await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(1);
    expect(await note.textContent()).toContain('internal note');
    await tab.waitForTimeout(500);
    expect((await readOutbox(cf.outboxDir)).filter((m) => m.text.includes('asked Marek'))).toEqual([]);
    await screens(tab, 'note');
    await context.close();
  }, 60_000);

  it('HTML mail with <script> and onerror renders inert; remote images wait for a click', async () => {
    const boundary = 'b1';
    const raw = [
      'From: Anna Nowak <anna.nowak@acme.example>',
      'To: support@support.example.com',
      'Subject: Screenshot of the error',
      'Message-ID: <html-1@acme.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The error is in the picture.',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The <b>error</b> is in the picture.</p>',
      '<script>window.parent.__mailRan = "script";</script>',
      '<img src="x" onerror="window.parent.__mailRan = \'onerror\'">',
      '<img src="https://tracker.example/pixel.png" alt="pixel">',
      '<form action="https://evil.example/"><input name="password"></form>',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await deliverRaw(cf, { from: 'anna.nowak@acme.example', to: ['support@support.example.com'] }, raw);
    const reference = (await cf.services.cases.listCases(200)).find(
      (c) => c.subject === 'Screenshot of the error'
    )!.reference;
    const { context, tab } = await signedIn(`/cases/${reference}`);
    const frame = tab.frameLocator('iframe.mail-frame');
    await expect
      .poll(() => frame.locator('b').textContent({ timeout: 2000 }), { timeout: 10_000 })
      .toBe('error');
    expect(await tab.locator('iframe.mail-frame').getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(await frame.locator('script, form, input, [onerror]').count()).toBe(0);
    expect(await tab.evaluate(() => (window as { __mailRan?: string }).__mailRan)).toBeUndefined();
    expect(await frame.locator('img[src^="https:"]').count()).toBe(0);
    await tab.getByRole('button', { name: 'Show images' }).click();
    await expect.poll(() => frame.locator('img[src^="https:"]').count()).toBe(1);
    expect(await tab.evaluate(() => (window as { __mailRan?: string }).__mailRan)).toBeUndefined();
    await screens(tab, 'html-mail');
    await context.close();
  }, 60_000);

  it('a new mail appears in an open queue within 2 s, without a reload', async () => {
    const { context, tab } = await signedIn('/queues/L1');
    await tab.getByRole('table').waitFor();
    const subject = `Login page blank ${Date.now()}`;
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject,
      text: 'The login page is blank in Firefox.',
    });
    const stored = await eventually(
      async () => (await cf.services.cases.listCases(200)).some((c) => c.subject === subject),
      10_000,
      'the case stored'
    );
    expect(stored).toBe(true);
    const storedAt = Date.now();
    await tab.getByRole('row', { name: new RegExp(subject) }).waitFor({ timeout: 5_000 });
    expect(Date.now() - storedAt).toBeLessThanOrEqual(2_000);
    await context.close();
  }, 60_000);

  it("collision: B sees 'A is already replying' within 2 s; B's send is refused until B takes over; A then needs attention", async () => {
    const reference = await customerMail(
      'Dashboard totals are wrong',
      'The totals on the dashboard are wrong since Monday.'
    );
    const a = await signedIn(`/cases/${reference}`);
    const b = await signedIn(`/cases/${reference}`, undefined, COLLEAGUE);
    await a.tab.getByRole('heading', { level: 1 }).waitFor();
    await b.tab.getByRole('heading', { level: 1 }).waitFor();
    // Each sees the other on the case.
    await b.tab.getByTestId('viewers').filter({ hasText: 'Ola Kowalska' }).waitFor({ timeout: 5_000 });

    await a.tab.getByRole('textbox', { name: 'Reply to customer' }).fill('Checking the report logs now.');
    const typedAt = Date.now();
    await b.tab
      .getByTestId('reply-lock')
      .filter({ hasText: 'Ola Kowalska is already replying' })
      .waitFor({ timeout: 5_000 });
    expect(Date.now() - typedAt).toBeLessThanOrEqual(2_000 + 1_500);
    // The queue says so too.
    const queue = await b.context.newPage();
    await queue.goto(`${cf.httpUrl}/queues/L1`);
    await queue
      .getByRole('row', { name: new RegExp(`${reference}.*Ola Kowalska \\(replying\\)`) })
      .waitFor({ timeout: 5_000 });
    await queue.close();

    // B writes anyway: the API refuses until B takes over explicitly.
    await b.tab
      .getByRole('textbox', { name: 'Reply to customer' })
      .fill('It is the time zone of the report: fixed now.');
    await b.tab.getByRole('button', { name: 'Send' }).click();
    await b.tab.getByText('Ola Kowalska is already replying').nth(1).waitFor({ timeout: 5_000 });
    expect(
      (await readOutbox(cf.outboxDir)).filter((m) => m.text.includes('time zone of the report'))
    ).toEqual([]);
    await screens(b.tab, 'collision');
    await b.tab.getByRole('button', { name: 'Take over and send' }).click();
    await b.tab.getByText('Sent.').waitFor({ timeout: 10_000 });
    await eventually(
      async () => (await readOutbox(cf.outboxDir)).some((m) => m.text.includes('time zone of the report')),
      10_000,
      "B's reply in the outbox"
    );

    // A's draft began before B's reply: A is shown what changed instead of sending a second answer.
    await a.tab.getByRole('button', { name: 'Send' }).click();
    await a.tab
      .getByText('Needs attention: the case changed since you began this reply')
      .waitFor({ timeout: 10_000 });
    expect(
      (await readOutbox(cf.outboxDir)).filter((m) => m.text.includes('Checking the report logs'))
    ).toEqual([]);
    await a.tab.screenshot({ path: join(ARTIFACTS, 'needs-attention.png'), fullPage: true });
    await a.context.close();
    await b.context.close();
  }, 90_000);

  it('the templates screen: an agent keeps a template of their own, and may not share it', async () => {
    const { context, tab } = await signedIn('/templates');
    await tab.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await tab.getByRole('textbox', { name: 'Name' }).fill('Need logs');
    await tab
      .getByRole('textbox', { name: 'Text' })
      .fill('Could you send the logs of {{case.reference}}, {{requester.name}}?');
    // Agents keep their own: there is no "shared" choice for them.
    expect(await tab.getByText('Shared with the whole team').count()).toBe(0);
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab.getByRole('row', { name: /Need logs/ }).waitFor({ timeout: 5_000 });
    await screens(tab, 'templates');
    await context.close();
  }, 60_000);

  it('an admin creates a user in the console, who then sees only their teams', async () => {
    const l1Case = await customerMail('Printer queue stuck', 'Nothing prints since the update.');
    const billingCase = await customerMail('Invoice address change', 'Please change our invoice address.');
    const admin = await signedIn('/users', undefined, TEST_ADMIN);
    await admin.tab.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await admin.tab.getByRole('textbox', { name: 'Email' }).fill('marta.wisniewska@support.example.com');
    await admin.tab.getByRole('textbox', { name: 'Name' }).fill('Marta Wiśniewska');
    await admin.tab.getByRole('button', { name: /Teams/ }).click();
    await admin.tab.getByRole('option', { name: 'L2_BILLING' }).click();
    await admin.tab.keyboard.press('Escape');
    await admin.tab.getByRole('textbox', { name: 'Password' }).fill(TEST_STAFF_PASSWORD);
    await admin.tab.getByRole('button', { name: 'Create user' }).click();
    await admin.tab
      .getByRole('row', { name: /marta\.wisniewska@support\.example\.com.*L2_BILLING/ })
      .waitFor({ timeout: 5_000 });
    await screens(admin.tab, 'users');
    await admin.context.close();

    const marta = await signedIn('/', undefined, { email: 'marta.wisniewska@support.example.com' });
    await marta.tab.waitForURL(/\/queues\/L2_BILLING$/);
    await marta.tab.getByRole('row', { name: new RegExp(billingCase) }).waitFor({ timeout: 5_000 });
    const rail = marta.tab.getByRole('navigation').last();
    expect(await rail.getByRole('link', { name: 'L1' }).count()).toBe(0);
    // Another team's case is not hers: the API refuses it, and the console says so.
    await marta.tab.goto(`${cf.httpUrl}/cases/${l1Case}`);
    await marta.tab.getByText('No such case, or not one of your teams.').waitFor({ timeout: 10_000 });
    await marta.context.close();
  }, 90_000);
});

/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocket as PageSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * The console's live channel in Debian's Chromium: an open queue shows a new mail's case within
 * 2 s without a reload, carried by the WebSocket (the queue's own poll is then 30 s apart), and a
 * colleague opening a case shows on it as fast. Screenshots in test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const AGENT = { email: 'ewa.live@support.example.com', displayName: 'Ewa Live' };
const COLLEAGUE = { email: 'jan.live@support.example.com', displayName: 'Jan Live' };

let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  for (const user of [AGENT, COLLEAGUE]) {
    const created = await cf.api('/api/users', {
      method: 'POST',
      body: JSON.stringify({ ...user, roles: ['agent'], teams: ['L1'], password: TEST_STAFF_PASSWORD }),
    });
    expect(created.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

/** A browser signed in as `who`, at `path`, with the frames its live channel received. */
async function signedIn(
  who: { email: string },
  path = '/',
  liveDown = false
): Promise<{ context: BrowserContext; tab: Page; frames: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  // The live channel unreachable: every connection is closed at once, as a failing network would.
  if (liveDown) await context.routeWebSocket(/\/event\/realtime$/, (socket) => socket.close({ code: 1011 }));
  const tab = await context.newPage();
  const frames: string[] = [];
  tab.on('websocket', (socket: PageSocket) =>
    socket.on('framereceived', (f) => frames.push(String(f.payload)))
  );
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(who.email);
  await tab.getByLabel('Password').fill(TEST_STAFF_PASSWORD);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(
    (url) =>
      url.origin === cf.httpUrl && !url.pathname.startsWith('/oidc') && !url.pathname.includes('callback'),
    {
      timeout: 15_000,
    }
  );
  return { context, tab, frames };
}

const subscribed = (frames: string[], channelId: string) =>
  frames.some((f) => f.includes('"subscribe_success"') && f.includes(channelId));

describe('the console live channel', () => {
  it('a new mail appears in an open queue within 2 s, without a reload', async () => {
    const { context, tab, frames } = await signedIn(AGENT);
    await tab.waitForURL(/\/queues\/L1$/);
    // The queue is live once its subscription is acknowledged; from then on it polls only every 30 s.
    await expect.poll(() => subscribed(frames, '-cases-l1--'), { timeout: 10_000 }).toBe(true);
    let reloads = 0;
    tab.on('framenavigated', (frame) => {
      if (frame === tab.mainFrame()) reloads++;
    });

    const subject = 'Live queue: the report page shows an error';
    const sent = Date.now();
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject,
      text: 'The report page shows an error since noon.',
    });
    const row = tab.getByRole('row', { name: new RegExp(subject) });
    await expect.poll(() => row.count(), { timeout: 2_000, interval: 50 }).toBe(1);
    const shownAfterMs = Date.now() - sent;
    expect(shownAfterMs).toBeLessThan(2_000);
    expect(reloads).toBe(0);
    // It came on the channel: a data message naming the new case's reference.
    const reference = await eventually(
      async () => (await cf.services.cases.listCases(50)).find((c) => c.subject === subject)?.reference,
      5_000,
      'the case'
    );
    expect(frames.some((f) => f.includes('"data"') && f.includes(reference))).toBe(true);
    console.info(`new mail shown in the open queue ${shownAfterMs} ms after SMTP accepted it`);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'queue-live')).toEqual([]);
    await context.close();
  }, 60_000);

  it('a colleague opening the case shows on it within 2 s', async () => {
    const subject = 'Live case: the dashboard shows an error';
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject,
      text: 'The dashboard shows an error after sign-in.',
    });
    const reference = await eventually(
      async () => (await cf.services.cases.listCases(50)).find((c) => c.subject === subject)?.reference,
      10_000,
      'the case'
    );
    const a = await signedIn(AGENT, `/cases/${reference}`);
    await expect
      .poll(() => subscribed(a.frames, `-cases-l1-${reference.toLowerCase()}`), { timeout: 10_000 })
      .toBe(true);
    const b = await signedIn(COLLEAGUE, '/');
    await b.tab.waitForURL(/\/queues\/L1$/);
    // The colleague opens the case from their queue; it counts from the API's answer to their
    // first presence call, the moment they are on the case for the server.
    const onCase = b.tab.waitForResponse(
      (r) => r.url().endsWith(`/presence`) && r.request().method() === 'POST',
      { timeout: 10_000 }
    );
    await b.tab.getByRole('link', { name: reference }).click();
    await onCase;
    const opened = Date.now();
    await expect
      .poll(() => a.tab.getByText(COLLEAGUE.displayName).count(), { timeout: 2_000, interval: 50 })
      .toBeGreaterThan(0);
    const shownAfterMs = Date.now() - opened;
    expect(shownAfterMs).toBeLessThan(2_000);
    console.info(`colleague shown on the case ${shownAfterMs} ms after they opened it`);
    expect(await screensAtBothWidths(a.tab, ARTIFACTS, 'case-live-presence')).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 90_000);

  it('without the live channel the queue polls, and a new mail still shows', async () => {
    const { context, tab, frames } = await signedIn(AGENT, '/', true);
    await tab.waitForURL(/\/queues\/L1$/);
    const reads: number[] = [];
    tab.on('request', (r) => {
      if (r.url().includes('/api/queue?')) reads.push(Date.now());
    });
    const subject = 'Live fallback: the search page shows an error';
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject,
      text: 'The search page shows an error for every query.',
    });
    await tab.getByRole('row', { name: new RegExp(subject) }).waitFor({ timeout: 10_000 });
    // Polled at the old pace (1.5 s), not the live 30 s: several reads within the few seconds above.
    await expect.poll(() => reads.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(frames.filter((f) => f.includes('subscribe_success'))).toEqual([]);
    await context.close();
  }, 60_000);
});

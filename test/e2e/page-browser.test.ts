/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths, seriousViolations } from '../support/browser';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN } from '../support/staff';

/**
 * The page an on-call engineer opens from a page mail, in a real browser (Debian's Chromium).
 * The phone journeys leave screenshots at 1366 and 390 px in test-artifacts/pages/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'pages');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const PRIMARY = 'oncall-primary@support.example.com';
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

/** A Sev-1 mail from Globex (phone on file); resolves with the primary's page link and the case. */
async function sev1(instance: Caseflow, subject: string, text: string) {
  await sendMail(instance.smtpPort, {
    from: 'Globex Operations <ops@globex.example>',
    to: 'sev1@support.example.com',
    subject,
    text,
  });
  const page = await eventually(
    async () =>
      (await readOutbox(instance.outboxDir)).find(
        (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes(subject) && m.to.includes(PRIMARY)
      ),
    10_000,
    'page mail'
  );
  const c = (await instance.services.cases.listCases(20)).find((x) => x.subject === subject)!;
  return { link: pageLinkOf(page), c };
}

/** Nothing wider than the screen: no sideways scrolling on a phone. */
const overflow = (tab: Page) =>
  tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('page link in a browser', () => {
  it('opening shows the case and changes nothing; the buttons acknowledge, then confirm the callback', async () => {
    const { link, c } = await sev1(cf, 'Browser outage', 'All API calls fail.');
    const context = await browser.newContext();
    const tab = await context.newPage();
    const response = await tab.goto(link.toString());
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("form-action 'self'");
    await expect.poll(() => tab.locator('h1').textContent()).toContain('Sev-1 page');
    expect(await tab.locator('dd', { hasText: '+48 600 300 400' }).count()).toBe(1);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedAt).toBeUndefined();
    expect(await seriousViolations(tab)).toEqual([]);

    await tab.getByRole('button', { name: /Acknowledge/ }).click();
    await expect.poll(() => tab.locator('h1').textContent()).toContain('call the customer now');
    expect(await tab.locator('.state').textContent()).toContain(`Acknowledged by ${PRIMARY}`);
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.screenshot({ path: join(tmpdir(), 'caseflow-page-acknowledged.png') });

    await tab.getByRole('button', { name: 'I have reached the customer' }).click();
    await expect.poll(() => tab.locator('h1').textContent()).toContain('customer called back');
    const after = await cf.services.cases.getCase(c.id);
    expect(after?.sev1?.calledBackBy).toBe(PRIMARY);

    // Reloading the confirmed page (a scanner, a second click) acts on nothing.
    await tab.reload();
    expect(await tab.locator('button').count()).toBe(0);
    await context.close();
  });
});

describe('on call on a phone (390 px)', () => {
  it('tel: link, live countdowns, the customer words, one tap to acknowledge, then the one call to make; the console opens the case', async () => {
    const { link, c } = await sev1(
      cf,
      'Checkout outage',
      'Checkout returns 502 for every order since 09:55.\n\nPlease call us: we lose orders every minute.'
    );
    const context = await browser.newContext(PHONE);
    const tab = await context.newPage();
    const response = await tab.goto(link.toString());
    expect(response?.status()).toBe(200);
    // The countdown is a same-origin file: the page's CSP still runs no inline script.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    await tab.getByRole('heading', { level: 1, name: `Sev-1 page: ${c.reference}` }).waitFor();

    expect(await tab.getByRole('link', { name: '+48 600 300 400' }).getAttribute('href')).toBe(
      'tel:+48600300400'
    );
    const timers = tab.getByRole('timer');
    expect(await timers.count()).toBe(2);
    expect(await tab.locator('.clock dt').allTextContents()).toEqual([
      'Call the customer back by',
      'Next escalation: secondary',
    ]);
    // The script counts down from what the server rendered.
    const first = await timers.first().textContent();
    expect(first).toMatch(/^in 1[45] min \d\d s$/);
    await expect.poll(() => timers.first().textContent(), { timeout: 5000 }).not.toBe(first);
    expect(await tab.locator('blockquote').textContent()).toContain(
      'Checkout returns 502 for every order since 09:55.'
    );
    const own = tab.getByRole('listitem').filter({ hasText: 'this page' });
    expect(await own.textContent()).toMatch(/primary.*sent by email.*not acknowledged/s);
    expect(await tab.getByRole('link', { name: 'Open in console' }).getAttribute('href')).toBe(
      `/cases/${c.reference}`
    );
    // One button, and it is on the first screen: one tap, no scrolling.
    const ack = tab.getByRole('button');
    expect(await ack.count()).toBe(1);
    const box = await ack.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(844);
    expect(await overflow(tab)).toBe(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'page-to-acknowledge')).toEqual([]);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedAt).toBeUndefined();

    await ack.tap();
    await tab
      .getByRole('heading', { level: 1, name: `Sev-1 ${c.reference}: call the customer now` })
      .waitFor();
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe(PRIMARY);
    // One thing to do next: call. The confirmation is the only button, for after the call.
    const call = tab.getByRole('link', { name: /^Call Globex Operations now/ });
    expect(await call.getAttribute('href')).toBe('tel:+48600300400');
    expect(await tab.getByRole('button').allTextContents()).toEqual(['I have reached the customer']);
    expect(await tab.getByRole('timer').count()).toBe(1);
    expect(await tab.getByText('the acknowledger and the next level are paged again').count()).toBe(1);
    expect(await overflow(tab)).toBe(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'page-acknowledged')).toEqual([]);

    // "Open in console" leads, through the sign-in, to this case's view.
    await tab.getByRole('link', { name: 'Open in console' }).click();
    await tab.getByLabel('Email').fill(TEST_ADMIN.email);
    await tab.getByLabel('Password').fill(TEST_ADMIN.password);
    await tab.getByRole('button', { name: 'Sign in' }).tap();
    await tab.waitForURL(new RegExp(`/cases/${c.reference}$`), { timeout: 15_000 });
    await expect
      .poll(() => tab.getByRole('heading', { level: 1 }).textContent({ timeout: 2000 }), { timeout: 15_000 })
      .toContain(c.reference);
    await tab.getByText('Checkout returns 502').first().waitFor();
    expect(await overflow(tab)).toBe(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'case-from-page')).toEqual([]);
    await context.close();
  }, 90_000);

  it('opened after the deadline: the banner says so first, one button acknowledges late, then one call to make', async () => {
    // 15 minutes of the callback clock pass in 7.5 s.
    const late = await startTestCaseflow({ timeScale: 120 });
    try {
      const { link, c } = await sev1(late, 'Late outage', 'The whole platform is down.');
      await eventually(
        async () =>
          (await late.services.cases.getCaseDetail(c.id))?.timeline.some(
            (e) => e.type === 'management.notified'
          ),
        30_000,
        'the breach told to management'
      );
      const context = await browser.newContext(PHONE);
      const tab = await context.newPage();
      expect((await tab.goto(link.toString()))?.status()).toBe(200);
      const banner = tab.getByRole('region', { name: 'Opened late' });
      const text = await banner.textContent();
      expect(text).toContain('Opened late: the callback deadline passed');
      expect(text).toContain('ago');
      expect(text).toContain('The customer has not been called back.');
      expect(text).toMatch(/secondary: oncall-secondary@support\.example\.com/);
      expect(text).toMatch(/lead: support-lead@support\.example\.com/);
      expect(text).toContain('Management was told at');
      // The banner is the top of the screen, above the heading.
      const [bannerBox, headingBox] = await Promise.all([
        banner.boundingBox(),
        tab.getByRole('heading', { level: 1 }).boundingBox(),
      ]);
      expect(bannerBox!.y).toBeLessThan(headingBox!.y);
      // Not two red buttons (take over and acknowledge): one, the late acknowledgement.
      expect(await tab.getByRole('button').allTextContents()).toEqual([
        'Acknowledge late — I will call the customer',
      ]);
      expect(await overflow(tab)).toBe(0);
      expect(await screensAtBothWidths(tab, ARTIFACTS, 'page-late')).toEqual([]);

      await tab.getByRole('button').tap();
      await tab
        .getByRole('heading', { level: 1, name: `Sev-1 ${c.reference}: call the customer now` })
        .waitFor();
      expect((await late.services.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe(PRIMARY);
      expect(await tab.getByRole('link', { name: /^Call Globex Operations now/ }).getAttribute('href')).toBe(
        'tel:+48600300400'
      );
      expect(await tab.getByRole('button').allTextContents()).toEqual(['I have reached the customer']);
      // Still late (the customer is not called back yet), now in one line above the call.
      const still = await tab.getByRole('region', { name: 'Callback late' }).textContent();
      expect(still).toContain('Callback late: the callback deadline passed');
      expect(still).not.toContain('Paged since');
      expect(await overflow(tab)).toBe(0);
      expect(await screensAtBothWidths(tab, ARTIFACTS, 'page-late-acknowledged')).toEqual([]);
      await context.close();
    } finally {
      await late.cleanup();
    }
  }, 90_000);
});

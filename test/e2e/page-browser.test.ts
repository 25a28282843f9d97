import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '../support/browser';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/** The page an on-call engineer opens from a page mail, in a real browser (Debian's Chromium). */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
let browser: Browser;

beforeAll(async () => {
  cf = await startTestCaseflow();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

describe('page link in a browser', () => {
  it('opening shows the case and changes nothing; the buttons acknowledge, then confirm the callback', async () => {
    await sendMail(cf.smtpPort, {
      from: 'Globex Operations <ops@globex.example>',
      to: 'sev1@support.example.com',
      subject: 'Browser outage',
      text: 'All API calls fail.',
    });
    const page = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find(
          (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes('Browser outage')
        ),
      5000,
      'page mail'
    );
    const link = pageLinkOf(page);
    const caseId = (await cf.services.cases.listCases(10)).find((c) => c.subject === 'Browser outage')!.id;

    const context = await browser.newContext();
    const tab = await context.newPage();
    const response = await tab.goto(link.toString());
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("form-action 'self'");
    await expect.poll(() => tab.locator('h1').textContent()).toContain('Sev-1 page');
    expect(await tab.locator('dd', { hasText: '+48 600 300 400' }).count()).toBe(1);
    expect((await cf.services.cases.getCase(caseId))?.sev1?.acknowledgedAt).toBeUndefined();
    expect(await seriousViolations(tab)).toEqual([]);

    await tab.getByRole('button', { name: /Acknowledge/ }).click();
    await expect.poll(() => tab.locator('h1').textContent()).toContain('call the customer now');
    expect(await tab.locator('.state').textContent()).toContain(
      'Acknowledged by oncall-primary@support.example.com'
    );
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.screenshot({ path: join(tmpdir(), 'caseflow-page-acknowledged.png') });

    await tab.getByRole('button', { name: 'I have reached the customer' }).click();
    await expect.poll(() => tab.locator('h1').textContent()).toContain('customer called back');
    const after = await cf.services.cases.getCase(caseId);
    expect(after?.sev1?.calledBackBy).toBe('oncall-primary@support.example.com');

    // Reloading the confirmed page (a scanner, a second click) acts on nothing.
    await tab.reload();
    expect(await tab.locator('button').count()).toBe(0);
    await context.close();
  });
});

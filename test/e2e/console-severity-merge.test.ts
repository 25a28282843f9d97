/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * Changing severity and merging a duplicate from the console's triage panel, in Debian's
 * Chromium. Screenshots of the last screens at 1366 and 390 px go to test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const AGENT = { email: 'lena.wisniewska@support.example.com', displayName: 'Lena Wiśniewska' };

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
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function customerMail(subject: string): Promise<string> {
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject,
    text: 'The dashboard shows yesterday’s numbers.',
  });
  return eventually(
    async () => (await cf.services.cases.listCases(200)).find((c) => c.subject === subject)?.reference,
    10_000,
    `case for ${subject}`
  );
}

async function signedIn(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const tab = await context.newPage();
  // A busy 2-core machine can take a while to render the first case screen.
  tab.setDefaultTimeout(30_000);
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(AGENT.email);
  await tab.getByLabel('Password').fill(TEST_STAFF_PASSWORD);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL((url) => url.origin === cf.httpUrl && url.pathname === path, { timeout: 15_000 });
  return tab;
}

describe('triage panel: severity and merge', () => {
  it('raises a case to Sev-1 with a reason, then merges a duplicate into it; the merged case links there', async () => {
    const duplicate = await customerMail('Dashboard numbers stale (again)');
    const kept = await customerMail('Dashboard numbers stale');
    const tab = await signedIn(`/cases/${kept}`);

    await tab.locator('[data-testid="severity-select"] button').first().click();
    await tab.getByRole('option', { name: 'Sev-1' }).click();
    await tab.getByLabel('Reason for the severity change').fill('the whole sales team is blocked');
    await tab.getByRole('button', { name: 'Change severity' }).click();
    // Acme's STANDARD plan has no 24/7 callback: the answer says nobody is paged, and why.
    await expect
      .poll(
        () =>
          tab
            .getByText(/Severity changed\. plan STANDARD has no 24\/7 Sev-1 callback: nobody is paged/)
            .count(),
        { timeout: 10_000 }
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          (await cf.services.cases.getCase((await cf.services.cases.findCaseIdByReference(kept)) ?? ''))
            ?.severity
      )
      .toBe('SEV1');
    await expect
      .poll(() => tab.getByText(/severity changed from NON_CRITICAL to SEV1/).count())
      .toBeGreaterThan(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'severity-changed')).toEqual([]);

    await tab.goto(`${cf.httpUrl}/cases/${duplicate}`);
    // Picked from the customer's other cases in the queue (typing the reference works as well).
    const mergeTarget = tab.locator('[data-testid="merge-target"] input');
    await mergeTarget.click();
    await tab.getByRole('option', { name: new RegExp(`${kept}.*Dashboard numbers stale`) }).click();
    await expect.poll(() => mergeTarget.inputValue()).toBe(kept);
    await tab.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = tab.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent())
      .toContain(`Merge ${duplicate} into ${kept}? ${duplicate} closes as merged`);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'merge-confirm')).toEqual([]);
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    // The console goes on to the case that lives on, which now holds the duplicate's mail.
    await tab.waitForURL(new RegExp(`/cases/${kept}$`), { timeout: 10_000 });
    await expect
      .poll(() => tab.getByText(`from ${duplicate}`).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'merged-target')).toEqual([]);

    await tab.goto(`${cf.httpUrl}/cases/${duplicate}`);
    // Cloudscape repeats an alert's text in a live region for screen readers: at least one.
    const banner = tab.getByText(`This case was merged into ${kept}`);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'merged-banner')).toEqual([]);
    // The banner's link comes first; the customer panel lists the same case among the customer's others.
    await tab.getByRole('link', { name: kept, exact: true }).first().click();
    await tab.waitForURL(new RegExp(`/cases/${kept}$`));

    // A Globex Sev-1 (paging plan) lowered through the API: the case says the escalation stopped.
    await sendMail(cf.smtpPort, {
      from: 'ops@globex.example',
      to: 'support@support.example.com',
      subject: 'Reports slow (globex)',
      text: 'Reports take long to open.',
    });
    const globex = await eventually(
      async () =>
        (await cf.services.cases.listCases(200)).find((c) => c.subject === 'Reports slow (globex)')
          ?.reference,
      10_000,
      'the Globex case'
    );
    const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });
    expect(
      (
        await cf.api(
          `/api/cases/${globex}/severity`,
          post({ severity: 'SEV1', reason: 'down for all users' })
        )
      ).status
    ).toBe(200);
    expect(
      (
        await cf.api(
          `/api/cases/${globex}/severity`,
          post({ severity: 'NON_CRITICAL', reason: 'one user only' })
        )
      ).status
    ).toBe(200);
    await tab.goto(`${cf.httpUrl}/cases/${globex}`);
    await expect
      .poll(() => tab.getByText('Escalation stopped (no longer Sev-1)').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'sev1-lowered')).toEqual([]);

    const mergeMails = (await readOutbox(cf.outboxDir)).filter(
      (m) => m.to.includes('anna.nowak@acme.example') && m.text.includes(`merged them into one case: ${kept}`)
    );
    expect(mergeMails).toHaveLength(1);
    await tab.context().close();
  }, 300_000);
});

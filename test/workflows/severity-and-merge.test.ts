import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import type { TargetInstance } from '../../functions/domain/sla';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail, sendRaw } from '../support/smtp';
import { TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * Changing severity and merging cases through the HTTP API, with the real case-clock and
 * sev1-callback state machines run by the local runner at 60× (a minute passes in a second),
 * the clock started on a Tuesday morning in Warsaw.
 */
const SCALE = 60;
const MINUTE_MS = 60_000 / SCALE;

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
type CaseView = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
let cf: Caseflow;

const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: SCALE, clockStart: new Date('2026-12-15T10:00:00+01:00') });
  await cf.api(
    '/api/users',
    post({
      email: 'billing.agent@support.example.com',
      displayName: 'Billing Agent',
      roles: ['agent'],
      teams: ['L2_BILLING'],
      password: TEST_STAFF_PASSWORD,
    })
  );
}, 30_000);
afterAll(async () => {
  await cf?.cleanup();
});

async function open(from: string, subject: string, extra: { messageId?: string; to?: string } = {}) {
  await sendMail(cf.smtpPort, {
    from,
    to: extra.to ?? 'support@support.example.com',
    subject,
    text: 'How do I export the audit log as CSV?',
    messageId: extra.messageId,
  });
  return caseBySubject(subject);
}

const caseBySubject = (subject: string) =>
  eventually(
    async () => (await cf.services.cases.listCases(100)).find((c) => c.subject === subject),
    10_000,
    `case "${subject}"`
  );

const view = async (ref: string) => (await (await cf.api(`/api/cases/${ref}`)).json()) as CaseView;
const pagesFor = async (reference: string, to: string) =>
  (await readOutbox(cf.outboxDir)).filter(
    (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes(reference) && m.to.includes(to)
  );
const target = (c: CaseView, id: string): TargetInstance | undefined =>
  c.sla?.targets.find((t) => t.id === id);

describe('change severity', () => {
  it('raising to Sev-1 re-plans the running target from the receipt, keeps the met one, and pages on-call', async () => {
    const c = await open('ops@globex.example', 'Export question (raise)');
    // The acknowledgement is met before the change.
    await eventually(
      async () => !!target(await view(c.reference), 'acknowledgement')?.stoppedAt,
      5000,
      'ack'
    );
    const before = await view(c.reference);
    expect(before.severity).toBe('NON_CRITICAL');
    const ackBefore = target(before, 'acknowledgement');

    const res = await cf.api(
      `/api/cases/${c.reference}/severity`,
      post({ severity: 'SEV1', reason: 'all their API calls fail, confirmed by phone' })
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ severity: 'SEV1', paging: 'started' });
    const raised = await view(c.reference);
    expect(raised.severity).toBe('SEV1');
    expect(raised.sla?.terms).toMatchObject({ class: 'critical', guaranteed: true });
    // ENTERPRISE critical terms: first response 15 minutes, 24/7, from the original receipt.
    const response = target(raised, 'response#1');
    expect(response?.startedAt).toBe(c.receivedAt);
    expect(Date.parse(response?.dueAt ?? '') - Date.parse(c.receivedAt)).toBe(15 * 60_000);
    expect(target(raised, 'acknowledgement')).toEqual(ackBefore);
    expect(raised.timeline.find((e) => e.type === 'case.severity-changed')?.summary).toBe(
      `severity changed from NON_CRITICAL to SEV1 by ${TEST_ADMIN.email}: all their API calls fail, confirmed by phone`
    );
    // The primary is paged once, by the real sev1-callback execution.
    await eventually(
      async () => (await pagesFor(c.reference, 'oncall-primary@support.example.com')).length === 1,
      5000,
      'primary page'
    );

    // Lowering stops the chain: the secondary (due 5 minutes after the raise) is never paged.
    const lowered = await cf.api(
      `/api/cases/${c.reference}/severity`,
      post({ severity: 'NON_CRITICAL', reason: 'only their staging environment is down' })
    );
    expect(lowered.status).toBe(200);
    expect(await lowered.json()).toMatchObject({ severity: 'NON_CRITICAL', paging: 'stopped' });
    // Seven scaled minutes: past the secondary's page at +5 had the chain gone on.
    await new Promise((r) => setTimeout(r, 7 * MINUTE_MS));
    expect(await pagesFor(c.reference, 'oncall-secondary@support.example.com')).toHaveLength(0);
    expect(await pagesFor(c.reference, 'oncall-primary@support.example.com')).toHaveLength(1);
    const after = await view(c.reference);
    expect(after.sev1?.stoppedBy).toBe(TEST_ADMIN.email);
    expect(after.sla?.terms.class).toBe('nonCritical');
    expect(await cf.services.workflows.isSev1CallbackRunning(c.id, after.sev1?.attempt ?? 1)).toBe(false);
    // The same change again is a conflict, with the state.
    const again = await cf.api(
      `/api/cases/${c.reference}/severity`,
      post({ severity: 'NON_CRITICAL', reason: 'once more' })
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe(`${c.reference} is already NON_CRITICAL`);
  }, 30_000);

  it('a forged mail raised to Sev-1 pages nobody', async () => {
    const subject = 'Export question (forged)';
    await sendRaw(
      cf.smtpPort,
      { from: 'ops@globex.example', to: ['support@support.example.com'] },
      [
        'X-SES-Spam-Verdict: PASS',
        'X-SES-Virus-Verdict: PASS',
        'Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=ops@globex.example; dkim=fail header.i=@globex.example; dmarc=fail header.from=globex.example;',
        'From: ops@globex.example',
        'To: support@support.example.com',
        `Subject: ${subject}`,
        `Message-ID: <forged-${Date.now()}@globex.example>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'How do I export the audit log?',
        '',
      ].join('\r\n')
    );
    const c = await caseBySubject(subject);
    const res = await cf.api(
      `/api/cases/${c.reference}/severity`,
      post({ severity: 'SEV1', reason: 'says it is down' })
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { paging: string; pagingReason: string };
    expect(body.paging).toBe('none');
    expect(body.pagingReason).toMatch(/not proven/);
    // Two scaled minutes: long enough for a page the chain would send at once.
    await new Promise((r) => setTimeout(r, 2 * MINUTE_MS));
    expect(await pagesFor(c.reference, 'oncall-primary@support.example.com')).toHaveLength(0);
    expect((await view(c.reference)).sev1).toBeUndefined();
  }, 20_000);

  it('bad input is a 400, a resolved case a 409', async () => {
    const c = await open('anna.nowak@acme.example', 'Export question (resolved)');
    expect(
      (await cf.api(`/api/cases/${c.reference}/severity`, post({ severity: 'SEV2', reason: 'x' }))).status
    ).toBe(400);
    expect((await cf.api(`/api/cases/${c.reference}/severity`, post({ severity: 'SEV1' }))).status).toBe(400);
    await cf.api(`/api/cases/${c.reference}/resolve`, post({}));
    const res = await cf.api(
      `/api/cases/${c.reference}/severity`,
      post({ severity: 'SEV1', reason: 'too late' })
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error).toBe(`${c.reference} is resolved: reopen it to change its severity`);
  }, 20_000);
});

describe('merge a duplicate', () => {
  it('moves the thread, keeps the earliest obligation, tells the customer once, and threads later replies into the target', async () => {
    const firstId = `<merge-first-${Date.now()}@acme.example>`;
    const dup = await open('anna.nowak@acme.example', 'Login page slow (first)', { messageId: firstId });
    // A scaled minute between the two mails, so the first receipt is the earlier one.
    await new Promise((r) => setTimeout(r, 1.5 * MINUTE_MS));
    const keep = await open('anna.nowak@acme.example', 'Login page slow (second)');
    await eventually(async () => !!(await view(dup.reference)).acknowledgement, 5000, 'ack of the first');
    await eventually(async () => !!(await view(keep.reference)).acknowledgement, 5000, 'ack of the second');
    const other = await open('ops@globex.example', 'Login page slow (globex)');

    // Refused: into itself, across customers, for someone who does not see the cases.
    const self = await cf.api(`/api/cases/${dup.reference}/merge`, post({ into: dup.reference }));
    expect(self.status).toBe(400);
    const across = await cf.api(`/api/cases/${dup.reference}/merge`, post({ into: other.reference }));
    expect(across.status).toBe(400);
    expect((await across.json()).error).toBe(
      `${dup.reference} and ${other.reference} belong to different customers`
    );
    const billing = cf.as('billing.agent@support.example.com');
    expect((await billing(`/api/cases/${dup.reference}/merge`, post({ into: keep.reference }))).status).toBe(
      403
    );

    const res = await cf.api(
      `/api/cases/${dup.reference.toLowerCase()}/merge`,
      post({ into: keep.reference.toLowerCase() })
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mergedInto: keep.reference });
    const again = await cf.api(`/api/cases/${dup.reference}/merge`, post({ into: keep.reference }));
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe(`${dup.reference} was already merged into ${keep.reference}`);
    const intoMerged = await cf.api(`/api/cases/${other.reference}/merge`, post({ into: dup.reference }));
    expect(intoMerged.status).toBe(400);

    const closed = await view(dup.reference);
    expect(closed.status).toBe('CLOSED');
    expect(closed.mergedInto?.reference).toBe(keep.reference);
    expect(closed.deadlines.nextDueAt ?? null).toBeNull();
    const merged = await view(keep.reference);
    // The thread reads in time order, the first case's mail first.
    const customerMail = merged.messages.filter((m) => m.kind === 'customer');
    expect(customerMail.map((m) => m.subject)).toEqual([
      'Login page slow (first)',
      'Login page slow (second)',
    ]);
    expect(customerMail[0]?.mergedFrom).toBe(dup.reference);
    const times = merged.messages.map((m) => m.at);
    expect(times).toEqual([...times].sort());
    expect(merged.timeline.some((e) => e.summary.startsWith(`${dup.reference}: `))).toBe(true);
    // The first response runs from the earlier receipt (the duplicate's).
    expect(target(merged, 'response#1')?.startedAt).toBe(dup.receivedAt);

    // One mail to the customer about it, threaded, naming both cases.
    const mergeMails = (await readOutbox(cf.outboxDir)).filter(
      (m) =>
        m.to.includes('anna.nowak@acme.example') &&
        m.text.includes(`${dup.reference}`) &&
        /merged|połączyliśmy/.test(m.text)
    );
    expect(mergeMails).toHaveLength(1);
    expect(mergeMails[0]?.subject).toContain(`[${keep.reference}]`);
    expect(mergeMails[0]?.references).toContain(firstId);

    // The customer answers the first case's acknowledgement: the reply lands in the target.
    const ack = (await readOutbox(cf.outboxDir)).find(
      (m) => m.inReplyTo === firstId && m.headers['auto-submitted'] === 'auto-replied'
    );
    expect(ack?.messageId).toBeTruthy();
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Re: Login page slow (first)',
      text: 'It is still slow this morning.',
      headers: { 'In-Reply-To': ack?.messageId ?? '', References: `${firstId} ${ack?.messageId}` },
    });
    await eventually(
      async () =>
        (await view(keep.reference)).messages.some((m) => m.text.includes('still slow this morning')),
      5000,
      'the reply in the target'
    );
    expect((await view(dup.reference)).messages.some((m) => m.text.includes('still slow'))).toBe(false);
    expect(
      (await cf.services.cases.listCases(100)).some((c) => c.subject === 'Re: Login page slow (first)')
    ).toBe(false);
  }, 30_000);
});

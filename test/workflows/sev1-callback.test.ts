import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../functions/data/case-records/case-record-store';
import { recordCallbackBreach } from '../../functions/use-cases/record-callback-breach';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail, sendRaw } from '../support/smtp';

/**
 * The real sev1-callback ASL executed by the local runner, with the real use-cases behind it
 * (DynamoDB Local, outbox), at 300× time: 5 minutes pass in 1 s. Paths: escalation, ack, breach.
 */
const SCALE = 300;
const MINUTE_MS = 60_000 / SCALE;

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: SCALE });
  // A first Sev-1 loads the intake and workflow code (a second or so of cold start is minutes of
  // clock at 300×); the tests then time warm paths. Resolved at once, so its chain ends.
  const { case: warm } = await openSev1('warm-up');
  await primaryPageLink(warm.reference);
  await cf.as('oncall-primary@support.example.com')(`/api/cases/${warm.id}/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
}, 30_000);
afterAll(async () => {
  await cf?.cleanup();
});

async function openSev1(tag: string): Promise<CaseDetail> {
  const messageId = `<${tag}-${Date.now()}@globex.example>`;
  await sendMail(cf.smtpPort, {
    from: 'ops@globex.example',
    to: 'sev1@support.example.com',
    subject: `Outage ${tag}`,
    text: 'All API calls fail.',
    messageId,
  });
  return eventually(
    async () => {
      const cases = await cf.services.cases.listCases(100);
      const found = cases.find((c) => c.subject === `Outage ${tag}`);
      return found ? cf.services.cases.getCaseDetail(found.id) : undefined;
    },
    5000,
    `case ${tag}`
  );
}

const mailsFor = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes(reference) || m.text.includes(reference));
/** Pages of every kind: the first page, an overdue callback's and a late update's (each its own tag). */
const pagesTo = async (reference: string, to: string) =>
  (await mailsFor(reference)).filter(
    (m) => /^\[SEV1 (PAGE|CALLBACK OVERDUE|UPDATE LATE)\]/.test(m.subject) && m.to.includes(to)
  );
/** The link in the primary's page mail, once it has gone out. */
async function primaryPageLink(reference: string): Promise<URL> {
  const [page] = await eventually(
    async () => {
      const pages = await pagesTo(reference, 'oncall-primary@support.example.com');
      return pages.length ? pages : undefined;
    },
    3000,
    'primary page'
  );
  return pageLinkOf(page!);
}

const timelineTypes = async (caseId: string) =>
  ((await cf.services.cases.getCaseDetail(caseId))?.timeline ?? []).map((t) => t.type);

describe('sev1-callback workflow, executed locally', () => {
  it('escalation path: primary, secondary at 5, lead at 10, breach to management at 15 — each once', async () => {
    const started = Date.now();
    const { case: c } = await openSev1('escalation');
    await eventually(
      async () => (await pagesTo(c.reference, 'support-lead@support.example.com')).length === 1,
      15 * MINUTE_MS * 3,
      'lead page'
    );
    const leadAt = Date.now() - started;
    const breach = await eventually(
      async () => (await mailsFor(c.reference)).find((m) => m.subject.startsWith('[SLA BREACH]')),
      10 * MINUTE_MS * 3,
      'breach notice'
    );
    expect(breach.to).toEqual(['management@support.example.com']);
    expect(leadAt).toBeGreaterThanOrEqual(10 * MINUTE_MS - 100);
    // Let more clock time pass: nothing is sent twice.
    await new Promise((r) => setTimeout(r, 3 * MINUTE_MS));
    for (const who of ['oncall-primary', 'oncall-secondary', 'support-lead']) {
      expect(await pagesTo(c.reference, `${who}@support.example.com`)).toHaveLength(1);
    }
    expect((await mailsFor(c.reference)).filter((m) => m.subject.startsWith('[SLA BREACH]'))).toHaveLength(1);
    const detail = await cf.services.cases.getCaseDetail(c.id);
    const pages = detail!.timeline.filter((t) => t.type === 'page.sent');
    const offsets = pages.map((p) => (Date.parse(p.at) - Date.parse(c.receivedAt)) / 60_000);
    // At 300× a cold start's few hundred milliseconds are minutes of clock time: only the order is checked here.
    expect(offsets[0]).toBeLessThan(5);
    expect(offsets[1]).toBeGreaterThanOrEqual(5);
    expect(offsets[1]).toBeLessThan(8); // 300×: 100 ms of real jitter is half a minute of clock time
    expect(offsets[2]).toBeGreaterThanOrEqual(10);
    expect(offsets[2]).toBeLessThan(13);
    const breachEntry = detail!.timeline.find((t) => t.type === 'sla.breached');
    expect((Date.parse(breachEntry!.at) - Date.parse(c.receivedAt)) / 60_000).toBeGreaterThanOrEqual(15);
  });

  it('one missed moment, one management notice: the callback and the first response missed at 15 minutes are named in one mail (issue 11)', async () => {
    const raw = readFileSync(
      join(__dirname, '../fixtures/mail/64-gmail-globex-sev1-smtp-refused-en.eml'),
      'utf8'
    );
    await sendRaw(cf.smtpPort, { from: 'ops@globex.example', to: ['support@support.example.com'] }, raw);
    const c = await eventually(
      async () =>
        (await cf.services.cases.listCases(200)).find(
          (x) => x.subject === 'SMTP relay refuses every connection'
        ),
      5000,
      'case'
    );
    const toManagement = async () =>
      (await mailsFor(c.reference)).filter((m) => m.to.includes('management@support.example.com'));
    const [notice] = await eventually(
      async () => {
        const found = await toManagement();
        return found.length ? found : undefined;
      },
      20 * MINUTE_MS * 3,
      'management notice'
    );
    // Both workflows saw 15 minutes pass; whichever came second sent nothing.
    await new Promise((r) => setTimeout(r, 4 * MINUTE_MS));
    expect((await toManagement()).map((m) => m.subject.split(']')[0])).toEqual(['[SLA BREACH']);
    expect(notice?.text).toContain('2 targets for');
    expect(notice?.text).toContain(
      'The 15-minute Sev-1 callback for Globex S.A. (plan ENTERPRISE) was missed.'
    );
    expect(notice?.text).toContain('The first response target for');
    const timeline = (await cf.services.cases.getCaseDetail(c.id))?.timeline ?? [];
    expect(timeline.filter((t) => t.type === 'sla.breached').length).toBeGreaterThanOrEqual(2);
    expect(
      timeline.some(
        (t) =>
          t.summary.startsWith('management already told of this moment') ||
          t.summary.includes('management hears of both in the callback')
      )
    ).toBe(true);
    // The customer hears of the hand-over to L3 once.
    const handOvers = (await mailsFor(c.reference)).filter(
      (m) => m.to.includes('ops@globex.example') && m.text.includes('has been passed from')
    );
    expect(handOvers.length).toBeLessThanOrEqual(1);
  });

  it('ack path: acknowledging stops escalation; after the callback the workflow times updates until resolution, without a breach', async () => {
    const { case: c } = await openSev1('ack');
    const link = await primaryPageLink(c.reference);
    const shown = await fetch(new URL(link.pathname + link.search, cf.httpUrl));
    expect(shown.status).toBe(200);
    expect(await timelineTypes(c.id)).not.toContain('page.acknowledged'); // GET never acknowledges
    const acked = await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' });
    expect(acked.status).toBe(200);
    expect(await acked.text()).toContain('I have reached the customer');
    await new Promise((r) => setTimeout(r, 7 * MINUTE_MS));
    expect(await pagesTo(c.reference, 'oncall-secondary@support.example.com')).toHaveLength(0);
    const confirmed = await fetch(new URL(`${link.pathname}/callback${link.search}`, cf.httpUrl), {
      method: 'POST',
    });
    expect(confirmed.status).toBe(200);
    await new Promise((r) => setTimeout(r, 10 * MINUTE_MS));
    // The customer update cadence runs now (R-SEV1-4): the workflow waits for the first update.
    expect(await cf.stepFunctions.status(`sev1-${c.id}-1`)).toBe('RUNNING');
    expect((await cf.services.cases.getCase(c.id))?.sev1?.nextUpdateDueAt).toBeTruthy();
    const resolved = await cf.as('oncall-primary@support.example.com')(`/api/cases/${c.id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(resolved.status).toBe(200);
    await eventually(
      async () => (await cf.stepFunctions.status(`sev1-${c.id}-1`)) === 'SUCCEEDED',
      3000,
      'workflow end'
    );
    const types = await timelineTypes(c.id);
    expect(types).toContain('page.acknowledged');
    expect(types).toContain('callback.completed');
    expect(types).not.toContain('sla.breached');
    expect(types).not.toContain('update.late');
    expect((await mailsFor(c.reference)).filter((m) => m.subject.startsWith('[SLA BREACH]'))).toHaveLength(0);
  });

  it('late update: the owner is paged when an update is late, the next level after that; each update resets the cadence; the series becomes the incident report', async () => {
    const { case: c } = await openSev1('lateupdate');
    const link = await primaryPageLink(c.reference);
    const owner = 'oncall-primary@support.example.com';
    const at = (path: string) => new URL(path, cf.httpUrl);
    expect((await fetch(at(link.pathname + link.search), { method: 'POST' })).status).toBe(200);
    // "Customer reached; I told them they hear from us within 10 minutes."
    const confirmed = await fetch(at(`${link.pathname}/callback${link.search}`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nextUpdate=10',
    });
    expect(confirmed.status).toBe(200);
    const called = (await cf.services.cases.getCase(c.id))?.sev1;
    expect(Date.parse(called!.nextUpdateDueAt!) - Date.parse(called!.calledBackAt!)).toBe(10 * 60_000);
    // One next-update time (issue 11, point 7): the SLA's update target is the promise the page
    // records, explained from the callback that started it.
    const detail = (await (await cf.api(`/api/cases/${c.id}`)).json()) as {
      sla: { targets: { id: string; dueAt: string; explanation: string }[] };
    };
    const update = detail.sla.targets.find((t) => t.id === 'update#1');
    expect(update?.dueAt).toBe(called!.nextUpdateDueAt);
    expect(update?.explanation).toMatch(/^callback confirmed .* → \+10 minutes → due /);
    const latePagesTo = async (to: string) =>
      (await pagesTo(c.reference, to)).filter((m) => m.text.includes('CUSTOMER UPDATE LATE'));
    // No update by the due time: the owner is paged, once…
    const [ownerPage] = await eventually(
      async () => {
        const pages = await latePagesTo(owner);
        return pages.length ? pages : undefined;
      },
      10 * MINUTE_MS * 3,
      'late-update page to the owner'
    );
    expect(ownerPage?.text).toContain('update 1 to');
    // Its own tag and words: the callback happened, nobody is asked to call back (issue 11, point 6).
    expect(ownerPage?.subject.startsWith('[SEV1 UPDATE LATE]')).toBe(true);
    expect(ownerPage?.text).not.toContain('must be called back by');
    expect(ownerPage?.text).toContain(`called back by ${owner}`);
    expect(await latePagesTo('oncall-secondary@support.example.com')).toHaveLength(0);
    // …and 15 minutes later the next level.
    await eventually(
      async () => (await latePagesTo('oncall-secondary@support.example.com')).length === 1,
      15 * MINUTE_MS * 3,
      'late-update page to the next level'
    );
    expect(await latePagesTo(owner)).toHaveLength(1);
    // The owner sends the update (any reply to the customer is one), promising the next in 30 minutes.
    const reply = await cf.as(owner)(`/api/cases/${c.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Root cause found: a full disk on the API nodes. Cleaning up.',
        nextUpdateInMinutes: 30,
      }),
    });
    expect(reply.status).toBe(201);
    const updateMail = await eventually(
      async () =>
        (await mailsFor(c.reference)).find(
          (m) => m.text.includes('Root cause found') && m.to.includes('ops@globex.example')
        ),
      3000,
      'update mail to the customer'
    );
    expect(updateMail.text).toContain('Next update: by');
    const afterUpdate = (await cf.services.cases.getCase(c.id))?.sev1;
    const [first] = afterUpdate?.updates ?? [];
    expect(afterUpdate?.updates).toHaveLength(1);
    expect(first && first.at > first.dueAt).toBe(true); // it came after the pages: late
    expect(Date.parse(afterUpdate!.nextUpdateDueAt!) - Date.parse(first!.at)).toBe(30 * 60_000);
    // Twenty minutes on, update 2 is not yet due: nobody is paged for it.
    await new Promise((r) => setTimeout(r, 20 * MINUTE_MS));
    expect((await pagesTo(c.reference, owner)).filter((m) => m.text.includes('update 2'))).toHaveLength(0);
    await cf.as(owner)(`/api/cases/${c.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Disk space restored; API error rate back to normal.' }),
    });
    await eventually(
      async () => (await cf.services.cases.getCase(c.id))?.sev1?.updates?.length === 2,
      3000,
      'update 2'
    );
    const resolved = await cf.as(owner)(`/api/cases/${c.id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(resolved.status).toBe(200);
    const report = await eventually(
      async () => (await mailsFor(c.reference)).find((m) => m.subject.includes('Incident report')),
      3000,
      'incident report'
    );
    expect(report.to).toEqual(['ops@globex.example']);
    expect(report.text).toContain('Updates to the customer: 2');
    expect(report.text).toMatch(/1\. .*late, due by/);
    expect(report.text).toContain('Root cause found');
    expect(report.text).toContain('Cadence:      2 updates, 1 late');
    expect((await cf.services.cases.getCase(c.id))?.incidentReport?.text).toBe(report.text.trim());
    // Resolution ends the workflow well before update 3 would have been due (60 clock minutes).
    const ended = await eventually(
      async () => {
        const status = await cf.stepFunctions.status(`sev1-${c.id}-1`);
        return status !== 'RUNNING' && status;
      },
      40 * MINUTE_MS,
      'workflow end'
    );
    expect(ended).toBe('SUCCEEDED');
  });

  it('breach path: acknowledged but never called back breaches at 15 minutes; acknowledger and next level paged again', async () => {
    const { case: c } = await openSev1('nocallback');
    const link = await primaryPageLink(c.reference);
    expect((await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' })).status).toBe(
      200
    );
    const breach = await eventually(
      async () => (await mailsFor(c.reference)).find((m) => m.subject.startsWith('[SLA BREACH]')),
      15 * MINUTE_MS * 3,
      'breach'
    );
    expect(breach.text).toContain('acknowledged by oncall-primary@support.example.com');
    expect(breach.text).toContain(
      'Paged again: oncall-primary@support.example.com, oncall-secondary@support.example.com (callback overdue)'
    );
    // Proven callback (R-SEV1-2): the acknowledger and the next level are paged again, once each.
    await new Promise((r) => setTimeout(r, 3 * MINUTE_MS));
    const primaryPages = await pagesTo(c.reference, 'oncall-primary@support.example.com');
    expect(primaryPages).toHaveLength(2);
    expect(primaryPages[1]?.text).toContain('CALLBACK OVERDUE');
    expect(primaryPages.map((m) => m.subject.split(']')[0])).toEqual([
      '[SEV1 PAGE',
      '[SEV1 CALLBACK OVERDUE',
    ]);
    expect(primaryPages[1]?.text).toContain('the callback was due by');
    const [overdue, ...more] = await pagesTo(c.reference, 'oncall-secondary@support.example.com');
    expect(more).toHaveLength(0);
    expect(overdue?.text).toContain('CALLBACK OVERDUE');
    expect(overdue?.text).toContain('You are:  secondary (callback overdue)');
    expect(await pagesTo(c.reference, 'support-lead@support.example.com')).toHaveLength(0);
    // The next level's own link does not confirm another engineer's callback: it takes the page
    // over first, explicitly, and then confirms.
    const overdueLink = pageLinkOf(overdue!);
    const callbackOf = (l: URL) =>
      fetch(new URL(`${l.pathname}/callback${l.search}`, cf.httpUrl), { method: 'POST' });
    const notYours = await callbackOf(overdueLink);
    expect(notYours.status).toBe(409);
    const notYoursPage = await notYours.text();
    expect(notYoursPage).toContain('only they confirm the callback');
    // Its page offers the take-over, not a callback button that would be refused again.
    expect(notYoursPage).toContain(`action="${overdueLink.pathname}/take-over`);
    expect(notYoursPage).not.toContain('I have reached the customer');
    const takeOver = await fetch(
      new URL(`${overdueLink.pathname}/take-over${overdueLink.search}`, cf.httpUrl),
      {
        method: 'POST',
      }
    );
    expect(takeOver.status).toBe(200);
    const taken = await callbackOf(overdueLink);
    expect(taken.status).toBe(200);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.calledBackBy).toBe(
      'oncall-secondary@support.example.com'
    );
    // A second ack from another page is told who has it now (the engineer who took it over).
    const again = await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Already acknowledged by oncall-secondary@support.example.com');
  });

  it('a breach step run twice at once (a step retried while still running) sends one notice naming every re-page, each re-page once', async () => {
    const { case: c } = await openSev1('breach-twice');
    const link = await primaryPageLink(c.reference);
    expect((await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' })).status).toBe(
      200
    );
    await Promise.all([recordCallbackBreach(cf.services, c.id), recordCallbackBreach(cf.services, c.id)]);
    const [breach, ...moreBreaches] = await eventually(
      async () => {
        const found = (await mailsFor(c.reference)).filter((m) => m.subject.startsWith('[SLA BREACH]'));
        return found.length ? found : undefined;
      },
      3000,
      'breach'
    );
    expect(moreBreaches).toHaveLength(0);
    expect(breach!.text).toContain(
      'Paged again: oncall-primary@support.example.com, oncall-secondary@support.example.com (callback overdue)'
    );
    expect(await pagesTo(c.reference, 'oncall-primary@support.example.com')).toHaveLength(2);
    expect(await pagesTo(c.reference, 'oncall-secondary@support.example.com')).toHaveLength(1);
    await cf.as('oncall-primary@support.example.com')(`/api/cases/${c.id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
  });

  it('ack with an ETA tells the customer, in their own thread, who is on it and when they hear next', async () => {
    const { case: c } = await openSev1('eta');
    const link = await primaryPageLink(c.reference);
    const form = await (await fetch(new URL(link.pathname + link.search, cf.httpUrl))).text();
    expect(form).toContain('name="eta"');
    const acked = await fetch(new URL(link.pathname + link.search, cf.httpUrl), {
      method: 'POST',
      body: new URLSearchParams({ eta: '10' }),
    });
    expect(acked.status).toBe(200);
    const notice = await eventually(
      async () =>
        (await mailsFor(c.reference)).find(
          (m) => m.to.includes('ops@globex.example') && m.text.includes('within 10 minutes')
        ),
      3000,
      'customer notice'
    );
    const ack = (await mailsFor(c.reference)).find(
      (m) => m.to.includes('ops@globex.example') && m.headers['auto-submitted'] && m !== notice
    );
    expect(notice.inReplyTo).toBe(ack?.inReplyTo);
    expect(notice.subject).toContain(`[${c.reference}]`);
    expect(notice.text).toContain('Our on-call engineer is working on your Severity 1 issue');
    expect(notice.text).toContain('You will hear from us next by');
    const entry = ((await cf.services.cases.getCaseDetail(c.id))?.timeline ?? []).find((t) =>
      t.summary.startsWith('customer told oncall-primary@support.example.com is on it')
    );
    expect(entry?.data).toMatchObject({ etaMinutes: 10 });
    // A second POST with an ETA (the link is spent) tells nobody again.
    await fetch(new URL(link.pathname + link.search, cf.httpUrl), {
      method: 'POST',
      body: new URLSearchParams({ eta: '5' }),
    });
    expect(
      (await mailsFor(c.reference)).filter((m) => m.text.includes('is working on your Severity 1'))
    ).toHaveLength(1);
  });

  it('late ack after escalation: told the page moved on, offered "acknowledge late", which acknowledges', async () => {
    const { case: c } = await openSev1('late');
    const [primaryPage] = await pagesTo(c.reference, 'oncall-primary@support.example.com').then(async (p) =>
      p.length
        ? p
        : eventually(
            async () => {
              const again = await pagesTo(c.reference, 'oncall-primary@support.example.com');
              return again.length ? again : undefined;
            },
            3000,
            'primary page'
          )
    );
    await eventually(
      async () => (await pagesTo(c.reference, 'oncall-secondary@support.example.com')).length === 1,
      10 * MINUTE_MS * 3,
      'secondary page'
    );
    const link = pageLinkOf(primaryPage!);
    const late = await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' });
    expect(late.status).toBe(409);
    const body = await late.text();
    expect(body).toContain('This page moved on: oncall-secondary@support.example.com was paged at');
    // One button: the same POST, marked late.
    expect(body.match(/<button/g)).toHaveLength(1);
    expect(body).toContain('<input type="hidden" name="late" value="1">');
    expect(await timelineTypes(c.id)).not.toContain('page.acknowledged');
    const lateAck = (l: URL) =>
      fetch(new URL(l.pathname + l.search, cf.httpUrl), {
        method: 'POST',
        body: new URLSearchParams({ late: '1' }),
      });
    const taken = await lateAck(link);
    expect(taken.status).toBe(200);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe(
      'oncall-primary@support.example.com'
    );
    // Someone else who acknowledges now, even late, is told who has it, and may take it over in turn.
    const secondaryLink = pageLinkOf(
      (await pagesTo(c.reference, 'oncall-secondary@support.example.com'))[0]!
    );
    const second = await lateAck(secondaryLink);
    expect(second.status).toBe(409);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe(
      'oncall-primary@support.example.com'
    );
    expect(await second.text()).toContain('Take over');
    const over = await fetch(
      new URL(`${secondaryLink.pathname}/take-over${secondaryLink.search}`, cf.httpUrl),
      {
        method: 'POST',
      }
    );
    expect(over.status).toBe(200);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedBy).toBe(
      'oncall-secondary@support.example.com'
    );
    expect(await timelineTypes(c.id)).toContain('page.taken-over');
    await new Promise((r) => setTimeout(r, 7 * MINUTE_MS));
    expect(await pagesTo(c.reference, 'support-lead@support.example.com')).toHaveLength(0);
  });

  it('mail reply "ack 20" from the paged engineer acknowledges; forged, unauthenticated and repeated replies act on nothing', async () => {
    const { case: c } = await openSev1('mailack');
    const [page] = await eventually(
      async () => {
        const pages = await pagesTo(c.reference, 'oncall-primary@support.example.com');
        return pages.length ? pages : undefined;
      },
      3000,
      'primary page'
    );
    const reply = (from: string, text: string, extraTop = '') =>
      [
        extraTop,
        `From: ${from}`,
        'To: sev1@support.example.com',
        `Subject: Re: ${page!.subject}`,
        `Message-ID: <reply-${Math.random().toString(36).slice(2)}@support.example.com>`,
        `In-Reply-To: ${page!.messageId}`,
        `References: ${page!.messageId}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        text,
        '',
      ]
        .filter((l, i) => i > 0 || l)
        .join('\r\n');
    const refused = async (n: number) =>
      eventually(
        async () =>
          ((await cf.services.cases.getCaseDetail(c.id))?.timeline ?? []).filter(
            (t) => t.type === 'page.reply-refused'
          ).length === n,
        3000,
        `${n} refusals`
      );
    // A customer replying with the page's Message-ID (forged From would fail DMARC; this is their own address).
    await sendRaw(
      cf.smtpPort,
      { from: 'ops@globex.example', to: ['sev1@support.example.com'] },
      reply('ops@globex.example', 'ack')
    );
    await refused(1);
    // The engineer's address, but SES says the mail is not authenticated.
    const failing = [
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      'Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=x; dkim=fail header.i=@support.example.com; dmarc=fail header.from=support.example.com;',
    ].join('\r\n');
    await sendRaw(
      cf.smtpPort,
      { from: 'oncall-primary@support.example.com', to: ['sev1@support.example.com'] },
      reply('oncall-primary@support.example.com', 'ack', failing)
    );
    await refused(2);
    expect((await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedAt).toBeUndefined();
    const casesBefore = (await cf.services.cases.listCases(500)).length;
    const good = reply('oncall-primary@support.example.com', 'ack 20\r\n\r\n> [SEV1 PAGE] quoted text');
    await sendRaw(
      cf.smtpPort,
      { from: 'oncall-primary@support.example.com', to: ['sev1@support.example.com'] },
      good
    );
    await eventually(
      async () =>
        (await cf.services.cases.getCase(c.id))?.sev1?.acknowledgedBy ===
        'oncall-primary@support.example.com',
      3000,
      'mail ack'
    );
    const notice = await eventually(
      async () =>
        (await mailsFor(c.reference)).find(
          (m) => m.to.includes('ops@globex.example') && m.text.includes('within 20 minutes')
        ),
      3000,
      'customer notice'
    );
    expect(notice.subject).toContain(c.reference);
    // The same reply delivered again: nothing new.
    await sendRaw(
      cf.smtpPort,
      { from: 'oncall-primary@support.example.com', to: ['sev1@support.example.com'] },
      good
    );
    await new Promise((r) => setTimeout(r, 500));
    const mails = await mailsFor(c.reference);
    expect(
      mails.filter((m) => m.to.includes('ops@globex.example') && m.text.includes('within 20 minutes'))
    ).toHaveLength(1);
    expect(
      mails.filter(
        (m) => m.to.includes('oncall-primary@support.example.com') && m.text.startsWith('Acknowledged')
      )
    ).toHaveLength(1);
    expect((await cf.services.cases.listCases(500)).length).toBe(casesBefore); // replies never open cases
    const entry = ((await cf.services.cases.getCaseDetail(c.id))?.timeline ?? []).find(
      (t) => t.type === 'page.acknowledged'
    );
    expect(entry?.summary).toContain('by mail reply');
  });
});

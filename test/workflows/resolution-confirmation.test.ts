import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail, sendRaw } from '../support/smtp';

/**
 * Resolution confirmation (R-SEV1-5) with the real case-clock workflow in the local runner: the
 * clock starts Tue 15 Dec 2026 09:00 in Warsaw and runs 3600× (one day = 24 s). The
 * confirmation period is configured to 1 day here (7 by default).
 */
const SCALE = 3600;
const START = new Date('2026-12-15T09:00:00+01:00');
const STAFF = 'piotr@support.example.com';
const CUSTOMER = 'anna.nowak@acme.example';

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
beforeAll(async () => {
  const config = parseConfig(
    {
      ...demoConfig,
      oncall: {
        ...demoConfig.oncall,
        people: { ...demoConfig.oncall.people, piotr: { name: 'Piotr Zieliński', email: STAFF } },
      },
      resolution: { autoCloseDays: 1 },
    },
    'test'
  );
  cf = await startTestCaseflow({ config, timeScale: SCALE, clockStart: START });
});
afterAll(async () => {
  await cf?.cleanup();
});

type Detail = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
const detail = async (id: string) => (await (await cf.api(`/api/cases/${id}`)).json()) as Detail;
const post = (path: string, body: Record<string, unknown>) => cf.post(path, body);
const mailsToCustomer = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.to.includes(CUSTOMER) && m.subject.includes(reference));

async function openCase(subject: string, messageId: string): Promise<CaseRecord> {
  await sendMail(cf.smtpPort, {
    from: CUSTOMER,
    to: 'support@support.example.com',
    subject,
    text: `Serwer nie wysyła poczty (${subject}).`,
    messageId,
  });
  return eventually(
    async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === subject),
    5000,
    subject
  );
}

const customerAnswers = (c: CaseRecord, text: string, messageId: string) =>
  sendMail(cf.smtpPort, {
    from: CUSTOMER,
    to: c.replyAddress as string,
    subject: `Re: [${c.reference}] ${c.subject}`,
    text,
    messageId,
  });

describe('resolution confirmation', () => {
  it('proposed by API, confirmed by the customer ("Tak, działa"): the case closes', async () => {
    const c = await openCase('Mail relay stopped', '<rc-1@acme.example>');
    const res = await post(`/api/cases/${c.reference}/propose-resolution`, {
      by: STAFF,
      text: 'Odblokowaliśmy port 587 na zaporze.',
    });
    expect(res.status).toBe(201);
    const proposal = (await mailsToCustomer(c.reference)).find((m) => m.text.includes('port 587'));
    expect(proposal?.text).toMatch(/potwierdzam/);
    expect(proposal?.inReplyTo).toBe('<rc-1@acme.example>');
    const waiting = await detail(c.id);
    expect(waiting.status).toBe('WAITING_ON_CUSTOMER');
    expect(waiting.resolutionProposedAt).toBeTruthy();
    expect(
      Date.parse(waiting.resolutionClosesAt ?? '') - Date.parse(waiting.resolutionProposedAt ?? '')
    ).toBe(24 * 3600_000);

    await customerAnswers(
      c,
      'Tak, działa. Dziękuję!\n\nW dniu 15.12.2026 Support pisze:\n> Odblokowaliśmy',
      '<rc-2@acme.example>'
    );
    const closed = await eventually(
      async () => {
        const d = await detail(c.id);
        return d.timeline.some((t) => t.type === 'case.closed') && d;
      },
      5000,
      'the case closed on confirmation'
    );
    expect(closed.timeline.map((t) => t.type)).toEqual(
      expect.arrayContaining(['resolution.proposed', 'resolution.confirmed', 'case.closed'])
    );
    expect(closed.status).toBe('CLOSED');
    expect(closed.resolutionProposedAt).toBeNull();
  });

  it('proposed by staff mail (#resolve), answered "nie, nadal nie działa": work goes on', async () => {
    const c = await openCase('Mail relay slow', '<rc-3@acme.example>');
    await sendMail(cf.smtpPort, {
      from: STAFF,
      to: c.replyAddress as string,
      subject: `Re: [${c.reference}] ${c.subject}`,
      text: '#resolve\nZwiększyliśmy limit połączeń.',
      messageId: '<rc-4@support.example.com>',
    });
    await eventually(async () => (await detail(c.id)).resolutionProposedAt, 5000, 'the proposal by mail');
    const proposal = (await mailsToCustomer(c.reference)).find((m) => m.text.includes('limit połączeń'));
    expect(proposal?.text).not.toContain('#resolve');

    await customerAnswers(c, 'Nie, nadal nie działa.', '<rc-5@acme.example>');
    const reopened = await eventually(
      async () => {
        const d = await detail(c.id);
        return d.timeline.some((t) => t.type === 'resolution.rejected') && d;
      },
      5000,
      'the rejection'
    );
    expect(reopened.status).toBe('OPEN');
    expect(reopened.resolutionProposedAt).toBeNull();
    expect(reopened.resolutionClosesAt).toBeNull();
  });

  it('a "tak" that fails DMARC does not close the case', async () => {
    const c = await openCase('Mail relay forged confirmation', '<rc-8@acme.example>');
    expect((await post(`/api/cases/${c.id}/propose-resolution`, { by: STAFF, text: 'Gotowe.' })).status).toBe(
      201
    );
    const forged = [
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      `Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=${CUSTOMER}; dkim=fail header.i=@acme.example; dmarc=fail header.from=acme.example;`,
      `From: ${CUSTOMER}`,
      `To: ${c.replyAddress}`,
      `Subject: Re: [${c.reference}] ${c.subject}`,
      'Message-ID: <rc-9@forger.example>',
      '',
      'Tak, potwierdzam.',
      '',
    ].join('\r\n');
    await sendRaw(cf.smtpPort, { from: CUSTOMER, to: [c.replyAddress as string] }, forged);
    // Unproven, it may not even join the case: it opens one of its own, linked, and closes nothing.
    const own = await eventually(
      async () => (await cf.services.cases.listCases(200)).find((x) => x.unprovenThread?.caseId === c.id),
      5000,
      'the unproven confirmation as a case of its own'
    );
    expect(own.unprovenThread?.reason).toMatch(/DMARC failed/);
    const d = await eventually(
      async () => {
        const x = await detail(c.id);
        return x.timeline.some((t) => t.type === 'mail.unproven-names-case') && x;
      },
      5000,
      'the unproven confirmation on the timeline'
    );
    expect(d.messages.some((m) => m.direction === 'INBOUND' && m.text.includes('Tak, potwierdzam'))).toBe(
      false
    );
    expect(d.status).not.toBe('CLOSED');
    expect(d.resolutionProposedAt).not.toBeNull();
  });

  it('no answer (an out-of-office reply is none) within the confirmation period: the case clock closes the case and tells the customer; a case staff resolved meanwhile only drops the proposal', async () => {
    const c = await openCase('Mail relay question', '<rc-6@acme.example>');
    const resolvedMeanwhile = await openCase('Mail relay resolved by staff', '<rc-10@acme.example>');
    const res = await post(`/api/cases/${c.id}/propose-resolution`, {
      by: STAFF,
      text: 'Konfiguracja jest poprawna.',
    });
    const { closesAt } = (await res.json()) as { closesAt: string };
    await post(`/api/cases/${resolvedMeanwhile.id}/propose-resolution`, { by: STAFF, text: 'Gotowe.' });
    expect((await post(`/api/cases/${resolvedMeanwhile.id}/resolve`, { by: STAFF })).status).toBe(200);
    // An out-of-office answer is no answer: the proposal stands and still closes the case.
    await sendMail(cf.smtpPort, {
      from: CUSTOMER,
      to: c.replyAddress as string,
      subject: `Automatic reply: [${c.reference}] ${c.subject}`,
      text: 'Jestem na urlopie do poniedziałku.',
      messageId: '<rc-7@acme.example>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await eventually(
      async () => (await detail(c.id)).messages.some((m) => m.messageId === '<rc-7@acme.example>'),
      5000,
      'the out-of-office mail on the case'
    ).catch(async (error) => {
      const elsewhere = (await cf.services.cases.listCases(200)).filter((x) =>
        x.subject.includes('Automatic reply')
      );
      throw new Error(
        `${(error as Error).message}; opened instead: ${JSON.stringify(elsewhere.map((x) => [x.reference, x.unprovenThread, x.acknowledgementWithheld]))}`
      );
    });
    expect((await detail(c.id)).resolutionClosesAt).toBe(closesAt);
    const closed = await eventually(
      async () => {
        const d = await detail(c.id);
        return d.timeline.some((t) => t.type === 'case.closed') && d;
      },
      45_000,
      'the automatic close'
    );
    expect(closed.status).toBe('CLOSED');
    const entry = closed.timeline.find((t) => t.type === 'case.closed');
    expect(entry?.summary).toMatch(/no answer to the proposed resolution within 1 days/);
    expect(Date.parse(entry?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(closesAt));
    const notice = await eventually(
      async () => (await mailsToCustomer(c.reference)).find((m) => m.text.includes('zostało zamknięte')),
      5000,
      'the closing notice'
    );
    expect(notice.headers['auto-submitted']).toBe('auto-replied');
    await eventually(
      async () =>
        (await detail(c.id)).messages.filter(
          (m) => m.kind === 'notice' && m.text.includes('zostało zamknięte')
        ).length === 1,
      5000,
      'the closing notice on the case'
    );

    const lapsed = await eventually(
      async () => {
        const d = await detail(resolvedMeanwhile.id);
        return d.resolutionClosesAt === null && d;
      },
      10_000,
      'the lapsed proposal dropped'
    );
    expect(lapsed.status).toBe('RESOLVED');
    expect(lapsed.timeline.some((t) => t.type === 'case.closed')).toBe(false);
    expect(
      (await mailsToCustomer(resolvedMeanwhile.reference)).some((m) => m.text.includes('zostało zamknięte'))
    ).toBe(false);
  }, 90_000);
});

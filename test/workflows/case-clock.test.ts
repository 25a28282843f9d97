import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * The real case-clock ASL executed by the local runner, with the real use-cases behind it, on a
 * clock that starts Tue 15 Dec 2026 10:00 in Warsaw and runs 1200× (4 business hours = 12 s).
 * STANDARD: first response within 4 business hours (07:00–17:00), warnings at 75% and 90%.
 */
const SCALE = 1200;
const START = new Date('2026-12-15T10:00:00+01:00');
const at = (local: string) => new Date(`${local}+01:00`).getTime();

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: SCALE, clockStart: START });
});
afterAll(async () => {
  await cf?.cleanup();
});

async function open(subject: string, messageId: string): Promise<CaseRecord> {
  await sendMail(cf.smtpPort, {
    from: 'Anna Nowak <anna.nowak@acme.example>',
    to: 'support@support.example.com',
    subject,
    text: 'Jak skonfigurować SPF?',
    messageId,
  });
  return eventually(
    async () => (await cf.services.cases.listCases(100)).find((c) => c.subject === subject),
    5000,
    subject
  );
}
const api = (path: string, init?: RequestInit) => cf.api(path, init);
const post = (path: string, body: Record<string, unknown>) => cf.post(path, body);
const timeline = async (id: string) => (await cf.services.cases.getCaseDetail(id))?.timeline ?? [];
const mailsAbout = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes(reference));

describe('case clock, executed locally', () => {
  it('unanswered STANDARD case: warnings at 75% and 90%, breach, L1 → L3 hand-over, management and customer told — each once, on time', async () => {
    const unanswered = await open('Nobody answers this', '<nobody@acme.example>');
    const answered = await open('This one gets an answer', '<answered@acme.example>');
    const waiting = await open('We ask the customer something', '<waiting@acme.example>');
    // Received some clock minutes after 10:00 (each real second is 20 of them), well inside 07:00–17:00.
    const received = Date.parse(unanswered.receivedAt);
    const H = 3600_000;
    expect(received).toBeLessThan(at('2026-12-15T12:00:00'));
    expect(unanswered.deadlines.nextDueAt).toBe(new Date(received + 4 * H).toISOString());
    // The acknowledgement carries the clock's view in its own write: the target is met at once, and
    // the clock's first wake-up is the first response warning (75%), with nothing re-read before.
    const acked = await eventually(async () => {
      const c = await cf.services.cases.getCase(unanswered.id);
      return c?.acknowledgement ? c : undefined;
    });
    expect(acked.sla?.targets.find((t) => t.kind === 'acknowledgement')?.stoppedAt).toBe(
      acked.acknowledgement?.sentAt
    );
    expect(acked.sla?.clockWakeAt).toBe(new Date(received + 3 * H).toISOString());

    // The queue (R-SLA-3): earliest deadline first, from the index.
    const queue = (await (await api('/api/queue?team=L1')).json()) as {
      cases: { id: string; nextDueAt: string }[];
    };
    expect(queue.cases.map((c) => c.id).slice(0, 3)).toEqual([unanswered.id, answered.id, waiting.id]);

    // An agent reply stops the clock; "waiting on customer" then a customer reply starts it again.
    expect(
      (
        await post(`/api/cases/${answered.reference}/replies`, {
          from: 'jan@support.example.com',
          text: 'Here is how.',
        })
      ).status
    ).toBe(201);
    const asked = await post(`/api/cases/${waiting.id}/replies`, {
      from: 'jan@support.example.com',
      text: 'Which domain?',
      waitingOnCustomer: true,
      workMinutes: 10,
    });
    const { messageId: question } = (await asked.json()) as { messageId: string };
    expect((await cf.services.cases.getCase(waiting.id))?.status).toBe('WAITING_ON_CUSTOMER');
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: `Re: [${waiting.reference}] We ask the customer something`,
      text: 'acme.example',
      inReplyTo: question,
      references: [question],
    } as never);
    const resumedAt = await eventually(
      async () => (await timeline(waiting.id)).find((t) => t.type === 'sla.resumed')?.at,
      5000,
      'resumed'
    );
    const afterReply = await eventually(
      async () => {
        const c = await cf.services.cases.getCase(waiting.id);
        return c?.sla?.targets.some((t) => t.id === 'response#2') ? c : undefined;
      },
      5000,
      'second response target'
    );
    expect(afterReply?.status).toBe('OPEN');
    expect(
      (await cf.services.cases.getCaseDetail(waiting.id))?.messages.filter((m) => m.direction === 'INBOUND')
    ).toHaveLength(2);
    const second = afterReply?.sla?.targets.find((t) => t.id === 'response#2');
    expect(second?.startedAt).toBe(afterReply?.sla?.facts.at(-1)?.at);
    expect(Date.parse(resumedAt)).toBeGreaterThan(at('2026-12-15T10:00:00'));

    // Wait for the unanswered case's breach and hand-over (4 business hours ≈ 12 s).
    const notice = await eventually(
      async () =>
        (await mailsAbout(unanswered.reference)).find(
          (m) => m.to.includes('anna.nowak@acme.example') && m.text.includes('has been passed')
        ),
      25_000,
      'customer hand-over notice'
    );
    expect(notice.inReplyTo).toBe('<nobody@acme.example>');
    expect(notice.text).toContain('from our L1 support engineers to our L3 system administrators');
    expect(notice.text).toContain('Mon–Fri 08:00–22:00 CET');
    await new Promise((r) => setTimeout(r, 1500)); // more clock time passes: nothing repeats

    // The first response target's notices. (At 1200× the 2-minute acknowledgement target is 100 ms
    // of real time: on a loaded machine the acknowledgement itself can be late, and is then rightly
    // warned about and breached. That is not what this test is about.)
    const mails = (await mailsAbout(unanswered.reference)).filter(
      (m) => !m.subject.startsWith('[SLA') || m.text.includes('first response')
    );
    const to = (prefix: string) =>
      mails.filter((m) => m.subject.startsWith(prefix)).map((m) => m.to.join(','));
    expect(to('[SLA 75%]')).toEqual(['l1@support.example.com']);
    expect(to('[SLA 90%]')).toEqual(['l1@support.example.com']);
    expect(to('[SLA MISSED]')).toEqual(['management@support.example.com']);
    expect(to('[ESCALATED]')).toEqual(['sysadmins@support.example.com']);
    expect(mails.filter((m) => m.text.includes('has been passed'))).toHaveLength(1);

    const events = (await timeline(unanswered.id)).filter(
      (e) => !e.type.startsWith('sla.') || e.data?.target === undefined || e.data.target === 'response#1'
    );
    const when = (type: string) => events.filter((e) => e.type === type).map((e) => Date.parse(e.at));
    const [w75, w90] = when('sla.warning');
    const [breach] = when('sla.breached');
    // At 1200× one real second is 20 clock minutes: each lands within a clock minute or two of its instant.
    const onTime: [number, number][] = [
      [w75!, received + 3 * H],
      [w90!, received + 3.6 * H],
      [breach!, received + 4 * H],
    ];
    for (const [happened, due] of onTime) {
      expect(happened - due).toBeGreaterThanOrEqual(0);
      expect(happened - due).toBeLessThan(3 * 60_000);
    }
    expect(when('sla.warning')).toHaveLength(2);
    expect(when('sla.breached')).toHaveLength(1);
    expect(when('case.escalated')).toHaveLength(1);
    const escalated = await cf.services.cases.getCase(unanswered.id);
    expect(escalated?.team).toBe('L3_SYSADMIN');
    const l3 = (await (await api('/api/queue?team=L3_SYSADMIN')).json()) as { cases: { id: string }[] };
    expect(l3.cases.map((c) => c.id)).toContain(unanswered.id);

    // The answered case stayed quiet: met, no warnings.
    const quiet = await timeline(answered.id);
    expect(quiet.filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached')).toEqual([]);
    expect(quiet.find((e) => e.type === 'sla.stopped')?.summary).toContain('first response met');
    // Resolving ends the clock and leaves the queue.
    expect((await post(`/api/cases/${answered.id}/resolve`, { by: 'jan@support.example.com' })).status).toBe(
      200
    );
    const l1 = (await (await api('/api/queue?team=L1')).json()) as { cases: { id: string }[] };
    expect(l1.cases.map((c) => c.id)).not.toContain(answered.id);
  });
});

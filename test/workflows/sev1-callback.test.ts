import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../functions/ports';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

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
});
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
      const cases = await cf.services.store.listCases(100);
      const found = cases.find((c) => c.subject === `Outage ${tag}`);
      return found ? cf.services.store.getCaseDetail(found.id) : undefined;
    },
    5000,
    `case ${tag}`
  );
}

const mailsFor = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes(reference) || m.text.includes(reference));
const pagesTo = async (reference: string, to: string) =>
  (await mailsFor(reference)).filter((m) => m.subject.startsWith('[SEV1 PAGE]') && m.to.includes(to));
const timelineTypes = async (caseId: string) =>
  ((await cf.services.store.getCaseDetail(caseId))?.timeline ?? []).map((t) => t.type);

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
    const detail = await cf.services.store.getCaseDetail(c.id);
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

  it('ack path: acknowledging stops escalation; the callback ends the workflow without a breach', async () => {
    const { case: c } = await openSev1('ack');
    const [primaryPage] = await eventually(
      async () => {
        const pages = await pagesTo(c.reference, 'oncall-primary@support.example.com');
        return pages.length ? pages : undefined;
      },
      3000,
      'primary page'
    );
    const link = pageLinkOf(primaryPage!);
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
    await eventually(
      async () => (await cf.stepFunctions.status(`sev1-${c.id}-1`)) === 'SUCCEEDED',
      3000,
      'workflow end'
    );
    await new Promise((r) => setTimeout(r, 10 * MINUTE_MS));
    const types = await timelineTypes(c.id);
    expect(types).toContain('page.acknowledged');
    expect(types).toContain('callback.completed');
    expect(types).not.toContain('sla.breached');
    expect((await mailsFor(c.reference)).filter((m) => m.subject.startsWith('[SLA BREACH]'))).toHaveLength(0);
  });

  it('breach path: acknowledged but never called back breaches at 15 minutes', async () => {
    const { case: c } = await openSev1('nocallback');
    const [primaryPage] = await eventually(
      async () => {
        const pages = await pagesTo(c.reference, 'oncall-primary@support.example.com');
        return pages.length ? pages : undefined;
      },
      3000,
      'primary page'
    );
    const link = pageLinkOf(primaryPage!);
    expect((await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' })).status).toBe(
      200
    );
    const breach = await eventually(
      async () => (await mailsFor(c.reference)).find((m) => m.subject.startsWith('[SLA BREACH]')),
      15 * MINUTE_MS * 3,
      'breach'
    );
    expect(breach.text).toContain('acknowledged by oncall-primary@support.example.com');
    expect(await pagesTo(c.reference, 'oncall-secondary@support.example.com')).toHaveLength(0);
    // A second ack from another page is told who was first.
    const again = await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Already acknowledged by oncall-primary@support.example.com');
  });
});

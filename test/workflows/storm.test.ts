import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { CaseRecord } from '../../functions/domain/case';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Storm correlation with the real sev1-callback ASL at 120× (15 clock minutes in 7.5 s): Sev-1
 * reports of the same symptom from many customers within the window make one incident with one
 * page chain, each customer acknowledged in their own thread and each callback timed on its own.
 */
const SCALE = 60;
const MINUTE_MS = 60_000 / SCALE;
const CUSTOMERS = 8;
const PER_CUSTOMER = 2;

const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
  id: `storm-${i}`,
  name: `Storm Customer ${i}`,
  domains: [`storm${i}.example`],
  plan: 'ENTERPRISE',
  contacts: [{ email: `ops@storm${i}.example`, name: `Ops ${i}`, phone: `+48 600 000 ${100 + i}` }],
}));
const config = parseConfig(
  {
    ...demoConfig,
    customers: [...demoConfig.customers, ...customers],
    oncall: { ...demoConfig.oncall, storm: { windowMinutes: 10 } },
  },
  'storm test'
);

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: SCALE, config });
});
afterAll(async () => {
  await cf?.cleanup();
});

describe('storm correlation', () => {
  it('one incident, one page chain, every customer acknowledged on their thread, each callback tracked', async () => {
    const sent = customers.flatMap((c, i) =>
      Array.from({ length: PER_CUSTOMER }, (_, n) => ({
        from: c.contacts[0]!.email,
        messageId: `<storm-${i}-${n}-${Date.now()}@storm${i}.example>`,
        subject: `Storm ${i}/${n}: API is down`,
      }))
    );
    await Promise.all(
      sent.map((m) =>
        sendMail(cf.smtpPort, {
          from: m.from,
          to: 'sev1@support.example.com',
          subject: m.subject,
          text: 'Everything is down since a minute ago. All requests fail.',
          messageId: m.messageId,
        })
      )
    );
    const cases = await eventually(
      async () => {
        const all = (await cf.services.cases.listCases(200)).filter((c) => c.subject.startsWith('Storm '));
        return all.length === sent.length ? all : undefined;
      },
      20_000,
      'all storm cases'
    );
    const full = (await Promise.all(cases.map((c) => cf.services.cases.getCase(c.id)))) as CaseRecord[];
    const incidents = new Set(full.map((c) => c.incident?.id));
    expect(incidents.size).toBe(1);
    const leader = full.find((c) => c.incident?.leaderCaseId === c.id)!;
    expect(leader).toBeDefined();
    // Every customer acknowledged in their own thread.
    const outbox = await eventually(
      async () => {
        const mails = await readOutbox(cf.outboxDir);
        const acks = mails.filter((m) => sent.some((s) => s.messageId === m.inReplyTo));
        return acks.length >= sent.length ? mails : undefined;
      },
      20_000,
      'acknowledgements'
    );
    for (const s of sent) {
      const acks = outbox.filter((m) => m.inReplyTo === s.messageId);
      expect(acks.map((a) => a.to)).toEqual([[s.from]]);
    }
    // One page chain: the leader's.
    await new Promise((r) => setTimeout(r, MINUTE_MS));
    const pages = (await readOutbox(cf.outboxDir)).filter((m) => m.subject.startsWith('[SEV1 PAGE]'));
    expect(pages.map((p) => p.to[0])).toEqual(['oncall-primary@support.example.com']);
    expect(pages[0]?.subject).toContain(leader.reference);
    // The leader's ack (with an ETA) acknowledges every member and tells every customer.
    const link = pageLinkOf(pages[0]!);
    const acked = await fetch(new URL(link.pathname + link.search, cf.httpUrl), {
      method: 'POST',
      body: new URLSearchParams({ eta: '10' }),
    });
    expect(acked.status).toBe(200);
    await eventually(
      async () => {
        const now = await Promise.all(full.map((c) => cf.services.cases.getCase(c.id)));
        return now.every((c) => c?.sev1?.acknowledgedBy === 'oncall-primary@support.example.com');
      },
      5000,
      'members acknowledged'
    );
    const etaNotices = (await readOutbox(cf.outboxDir)).filter((m) =>
      m.text.includes('within 10 minutes, by')
    );
    expect(etaNotices).toHaveLength(sent.length);
    // Half the customers are called back (staff API); the others breach at their own 15 minutes.
    const reached = full.filter((_, i) => i % 2 === 0);
    for (const c of reached) {
      const res = await cf.as('oncall-primary@support.example.com')(`/api/cases/${c.id}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      expect(res.status).toBe(200);
    }
    const unreached = full.filter((_, i) => i % 2 === 1);
    await eventually(
      async () => {
        const details = await Promise.all(unreached.map((c) => cf.services.cases.getCaseDetail(c.id)));
        return details.every((d) =>
          d?.timeline.some((t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback'))
        );
      },
      25 * MINUTE_MS,
      'each unreached customer breaches'
    );
    for (const c of reached) {
      const d = await cf.services.cases.getCaseDetail(c.id);
      expect(
        d?.timeline.some((t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback'))
      ).toBe(false);
      expect(d?.case.sev1?.calledBackBy).toBe('oncall-primary@support.example.com');
    }
    for (const c of unreached) {
      const d = await cf.services.cases.getCaseDetail(c.id);
      const breach = d!.timeline.find(
        (t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback')
      )!;
      // Each customer's own deadline: 15 minutes after their own mail.
      expect((Date.parse(breach.at) - Date.parse(c.receivedAt)) / 60_000).toBeGreaterThanOrEqual(15);
    }
    // One update for the incident reaches every customer on their own thread (R-SEV1-4); for the
    // customers already called back it is their case's next update in the cadence.
    const update = await cf.as('oncall-primary@support.example.com')(`/api/cases/${leader.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Incident update: the failing load balancer is replaced; API traffic is recovering.',
        incident: true,
      }),
    });
    expect(update.status).toBe(201);
    expect(((await update.json()) as { sent: unknown[] }).sent).toHaveLength(sent.length);
    const updates = (await readOutbox(cf.outboxDir)).filter((m) =>
      m.text.includes('the failing load balancer is replaced')
    );
    for (const s of sent) {
      const own = updates.filter((m) => m.inReplyTo === s.messageId);
      expect(own.map((m) => m.to)).toEqual([[s.from]]);
    }
    for (const c of reached) {
      const now = await cf.services.cases.getCase(c.id);
      expect(now?.sev1?.updates).toHaveLength(1);
    }
    // Only the leader speaks for the incident.
    const member = full.find((c) => c.id !== leader.id)!;
    const refused = await cf.as('oncall-primary@support.example.com')(`/api/cases/${member.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x', incident: true }),
    });
    expect(refused.status).toBe(409);
  });
});

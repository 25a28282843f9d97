import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/** Assigning and moving cases through the API, as the console does it. */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let reference: string;
const ids: Record<string, string> = {};

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  cf = await startTestCaseflow();
  for (const [email, teams] of [
    ['first.line@support.example.com', ['L1']],
    ['billing.only@support.example.com', ['L2_BILLING']],
    ['both@support.example.com', ['L1', 'L2_BILLING']],
  ] as const) {
    const res = await cf.api(
      '/api/users',
      json({
        email,
        displayName: email.split('@')[0],
        roles: ['agent'],
        teams,
        password: TEST_STAFF_PASSWORD,
      })
    );
    ids[email] = ((await res.json()) as { id: string }).id;
  }
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Report takes a minute to load',
    text: 'The monthly report takes a minute to load.',
  });
  reference = await eventually(
    async () =>
      (await cf.services.cases.listCases(10)).find((c) => c.subject.startsWith('Report takes'))?.reference,
    10_000,
    'the case'
  );
});
afterAll(async () => {
  await cf?.cleanup();
});

const queue = async (who: ReturnType<typeof cf.as>, team: string, assignee?: string) => {
  const res = await who(`/api/queue?team=${team}${assignee ? `&assignee=${assignee}` : ''}`);
  return ((await res.json()) as { cases: { reference: string; assignee: { name: string } | null }[] }).cases;
};

describe('triage actions', () => {
  it('assign to me, to a colleague who works the team, and the queue filters by assignee', async () => {
    const both = cf.as('both@support.example.com');
    const colleagues = (await (await both('/api/colleagues?team=L1')).json()) as {
      colleagues: { email: string }[];
    };
    expect(colleagues.colleagues.map((u) => u.email)).toEqual(
      expect.arrayContaining(['first.line@support.example.com', 'both@support.example.com'])
    );
    expect(colleagues.colleagues.map((u) => u.email)).not.toContain('billing.only@support.example.com');

    const mine = await both(`/api/cases/${reference}/assign`, json({ to: 'me' }));
    expect(mine.status).toBe(200);
    expect((await queue(both, 'L1', 'me')).map((c) => c.reference)).toContain(reference);
    expect((await queue(both, 'L1', 'none')).map((c) => c.reference)).not.toContain(reference);
    // Someone who does not work L1 cannot be given an L1 case.
    const wrong = await both(
      `/api/cases/${reference}/assign`,
      json({ to: ids['billing.only@support.example.com'] })
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe("billing.only does not work team L1's cases");
    const first = await both(
      `/api/cases/${reference}/assign`,
      json({ to: ids['first.line@support.example.com'] })
    );
    expect(first.status).toBe(200);
    const row = (await queue(both, 'L1')).find((c) => c.reference === reference);
    expect(row?.assignee?.name).toBe('first.line');
    expect((await both('/api/queue?team=L1&assignee=someone')).status).toBe(400);
  });

  it('moving to another team re-queues the case, keeps the reason, and unassigns who does not work there', async () => {
    const both = cf.as('both@support.example.com');
    const moved = await both(
      `/api/cases/${reference}/team`,
      json({ team: 'L2_BILLING', reason: 'it is about invoices' })
    );
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ team: 'L2_BILLING', assignee: null });
    expect((await queue(both, 'L2_BILLING')).map((c) => c.reference)).toContain(reference);
    expect((await queue(both, 'L1')).map((c) => c.reference)).not.toContain(reference);
    // The L1-only agent no longer sees it; billing does.
    expect((await cf.as('first.line@support.example.com')(`/api/cases/${reference}`)).status).toBe(403);
    const detail = (await (
      await cf.as('billing.only@support.example.com')(`/api/cases/${reference}`)
    ).json()) as {
      timeline: { type: string; summary: string }[];
    };
    expect(detail.timeline.find((e) => e.type === 'case.moved')?.summary).toBe(
      'moved from L1 to L2_BILLING by both@support.example.com: it is about invoices'
    );
    expect(detail.timeline.filter((e) => e.type === 'case.assigned').map((e) => e.summary)).toEqual([
      'assigned to both by both@support.example.com',
      'assigned to first.line by both@support.example.com',
    ]);
  });
});

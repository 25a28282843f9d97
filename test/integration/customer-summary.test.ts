import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * The customer beside a case (`GET /api/customers/:id/summary`): account, plan terms, contacts,
 * TAM, this month's guaranteed time and hour package, and the customer's other open and recent
 * cases — only those of the reader's teams, never another customer's.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const refs = { backup: '', vpn: '', settled: '', globex: '' };

const config = parseConfig(
  {
    ...demoConfig,
    accounts: [
      {
        id: 'acme-mail',
        name: 'Acme mail',
        customerId: 'acme',
        tam: { name: 'Tina Tam', email: 'tina.tam@support.example.com', phone: '+48 600 900 900' },
      },
    ],
  },
  'test'
);

async function openCase(from: string, subject: string, text: string): Promise<string> {
  await sendMail(cf.smtpPort, { from, to: 'support@support.example.com', subject, text });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    15_000,
    `the case "${subject}"`
  );
}
const post = (path: string, body: unknown, who = cf.api) =>
  who(path, { method: 'POST', body: JSON.stringify(body) });

interface Summary {
  customer: { id: string; name: string };
  plan: {
    name: string;
    serviceHours: string;
    critical: { clock: string; hours: string; responseMinutes: number | null };
    nonCritical: { clock: string; hours: string; responseMinutes: number | null };
    sev1CallbackMinutes: number | null;
    monthlyGuaranteedMinutes: number | null;
  };
  contacts: { email: string; designated: boolean }[];
  tams: { name: string; email: string; phone: string | null }[];
  guaranteedTime: { usedMinutes: number; limitMinutes: number | null; exhausted: boolean };
  hourPackage: { packageMinutes: number; usedMinutes: number } | null;
  openCases: { cases: { reference: string; customerId: string }[]; total: number };
  recentCases: { cases: { reference: string }[]; total: number };
}
const summaryOf = async (path: string, who = cf.api) => {
  const res = await who(path);
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
};

beforeAll(async () => {
  cf = await startTestCaseflow({ config });
  refs.settled = await openCase('anna.nowak@acme.example', 'Password reset question', 'How do I reset it?');
  refs.backup = await openCase('anna.nowak@acme.example', 'Backup job failed twice', 'Monday and Tuesday.');
  refs.vpn = await openCase('anna.nowak@acme.example', 'VPN profile for a new laptop', 'Please send one.');
  refs.globex = await openCase('ops@globex.example', 'Globex report question', 'Where is the report?');
  expect((await post(`/api/cases/${refs.settled}/resolve`, {})).status).toBe(200);
  // 90 minutes of e-mail support on a question: it counts against the monthly guaranteed time.
  const reply = await post(`/api/cases/${refs.backup}/replies`, {
    text: 'We are looking at the backup logs.',
    workMinutes: 90,
  });
  expect(reply.status).toBe(201);
  // 20 minutes by phone + 5 of write-up, in started 15-minute steps: 30 minutes of the package.
  expect((await post(`/api/cases/${refs.backup}/work`, { kind: 'phone', minutes: 20 })).status).toBe(201);
}, 90_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('customer summary', () => {
  it("shows the account, the plan's terms, contacts, TAM, guaranteed time and package of this month", async () => {
    const s = await summaryOf(`/api/customers/acme/summary?except=${refs.backup}`);
    expect(s.customer).toMatchObject({ id: 'acme', name: 'Acme Sp. z o.o.' });
    // STANDARD (004): 4-hour reaction in Mon–Fri 07–17 business time, critical also on days off, 15 h limit.
    expect(s.plan).toMatchObject({ name: 'STANDARD', monthlyGuaranteedMinutes: 900 });
    expect(s.plan.nonCritical).toMatchObject({ clock: 'business', responseMinutes: 240 });
    expect(s.plan.nonCritical.hours).toMatch(/^Mon–Fri 07:00–17:00 \(Europe\/Warsaw\), closed on Polish/);
    expect(s.plan.critical.hours).toMatch(/^Mon–Sun /);
    expect(s.contacts).toEqual([
      expect.objectContaining({ email: 'anna.nowak@acme.example', designated: true }),
    ]);
    expect(s.tams).toEqual([
      {
        name: 'Tina Tam',
        email: 'tina.tam@support.example.com',
        phone: '+48 600 900 900',
        hours: expect.any(String),
      },
    ]);
    expect(s.guaranteedTime).toMatchObject({ usedMinutes: 90, limitMinutes: 900, exhausted: false });
    expect(s.hourPackage).toMatchObject({ packageMinutes: 7 * 60, usedMinutes: 30 });
  });

  it("lists the customer's other open and recent cases, never another customer's, with totals and a limit", async () => {
    const s = await summaryOf(`/api/customers/acme/summary?except=${refs.backup.toLowerCase()}`);
    expect(s.openCases.cases.map((c) => c.reference)).toEqual([refs.vpn]);
    expect(s.openCases.total).toBe(1);
    expect(s.recentCases.cases.map((c) => c.reference)).toEqual([refs.settled]);
    expect(s.recentCases.total).toBe(1);

    const all = await summaryOf('/api/customers/acme/summary');
    // Newest first.
    expect(all.openCases.cases.map((c) => c.reference)).toEqual([refs.vpn, refs.backup]);
    expect(all.openCases.total).toBe(2);
    const one = await summaryOf('/api/customers/acme/summary?limit=1');
    expect(one.openCases.cases.map((c) => c.reference)).toEqual([refs.vpn]);
    expect(one.openCases.total).toBe(2);

    const globex = await summaryOf('/api/customers/globex/summary');
    expect(globex.openCases.cases.map((c) => c.reference)).toEqual([refs.globex]);
    expect(globex.plan.sev1CallbackMinutes).toBe(15);
    expect(globex.tams).toEqual([]);
  });

  it("shows an agent only their teams' cases; bad input is a 400, an unknown customer a 404", async () => {
    const billing = cf.as('billing.only@support.example.com');
    const me = (await (await billing('/api/me')).json()) as { id: string };
    expect((await post(`/api/users/${me.id}`, { teams: ['L2_BILLING'] })).status).toBe(200);
    const s = await summaryOf('/api/customers/acme/summary', billing);
    // The plan and the contacts are the customer's; the L1 cases are not this agent's to see.
    expect(s.plan.name).toBe('STANDARD');
    expect(s.openCases).toEqual({ cases: [], total: 0 });
    expect(s.recentCases).toEqual({ cases: [], total: 0 });

    expect((await cf.api('/api/customers/nobody/summary')).status).toBe(404);
    expect((await cf.api('/api/customers/acme/summary?limit=0')).status).toBe(400);
    expect((await cf.api('/api/customers/acme/summary?limit=51')).status).toBe(400);
    const unknown = await cf.api('/api/customers/acme/summary?team=L1');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown query parameter "team"/);
    expect((await fetch(`${cf.httpUrl}/api/customers/acme/summary`)).status).toBe(401);
  });
});

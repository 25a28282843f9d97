import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { AgentReport } from '../../functions/domain/reports/agent-report';
import type { SlaReport, TargetFigures } from '../../functions/domain/reports/sla-report';
import { rebuildReports } from '../../functions/use-cases/reports/rebuild-reports';
import { sendMonthlySummaries } from '../../functions/use-cases/reports-time/monthly-summary';
import { silentLog } from '../../local/console-log';
import { readOutbox, startTestCaseflow } from '../support/harness';
import { ReportCases } from '../support/report-cases';
import { cliAdmin } from '../support/staff';

/**
 * SLA compliance and agent statistics over one seeded November 2026, every figure worked out by
 * hand below. November matters twice for business time: Wednesday 11 November is Independence
 * Day (a Polish holiday: no business hours), and a case opened on Friday 23 October, before the
 * clocks went back on Sunday 25 October (CEST, UTC+2 → CET, UTC+1), has its resolution counted in
 * November. Times are UTC; Warsaw is UTC+1 in November.
 *
 * Plans (functions/config/plan-presets.ts):
 *   STANDARD   non-critical: Mon–Fri 07–17 working days (PL holidays), response 4 h = 240 min;
 *              acknowledgement 2 min; guaranteed time 15 h = 900 min a month.
 *   ENTERPRISE critical: 24/7, response 15 min, update every 60 min, Sev-1 callback 15 min;
 *              acknowledgement 2 min; no guaranteed-time limit.
 *   SAAS-SLA   non-critical: Mon–Fri 09–17 working days, response 4 h, resolution 5 × 8 h = 2,400 min.
 *
 * Medians and p90 are the nearest rank: the value at rank ⌈p × n⌉ of the sorted minutes.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
let openCase = '';
const run = promisify(execFile);
const caseflow = (...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args, '--api', cf.httpUrl], {
    env: { ...process.env, CASEFLOW_CONFIG: '', ...cliAdmin(cf) },
  });

const ALA = 'ala@support.example.com';
const BOB = 'bob@support.example.com';
const CEM = 'cem@support.example.com';

const config = parseConfig(
  {
    ...demoConfig,
    // Globex and Umbrella name no TAM: the monthly summary goes to their designated contacts;
    // Umbrella reads Polish.
    customers: [
      ...demoConfig.customers.map((c) =>
        c.id === 'globex' ? { ...c, contacts: c.contacts.map((x) => ({ ...x, designated: true })) } : c
      ),
      {
        id: 'umbrella',
        name: 'Umbrella',
        domains: ['umbrella.example'],
        plan: 'SAAS-SLA',
        language: 'pl',
        contacts: [{ email: 'it@umbrella.example', name: 'Umbrella IT', designated: true }],
      },
    ],
    accounts: [
      {
        id: 'acme-mail',
        name: 'Acme mail',
        customerId: 'acme',
        tam: { name: 'Tina Tam', email: 'tina.tam@support.example.com' },
      },
    ],
  },
  'test'
);

beforeAll(async () => {
  // December: November is a whole past month, so the agents' series run to 30 November.
  cf = await startTestCaseflow({ config, clockStart: new Date('2026-12-02T10:00:00Z') });
  const cases = new ReportCases(cf.services);

  // A — Umbrella, SAAS-SLA: opened Fri 23 Oct 14:00Z = 16:00 CEST. First response Mon 26 Oct
  // (October: not in November's figures). Resolved Mon 2 Nov 09:00Z = 10:00 CET:
  //   Fri 23 Oct 16:00–17:00 = 60 + Mon 26–Fri 30 Oct 5 × 480 = 2,400 + Mon 2 Nov 09:00–10:00 = 60
  //   = 2,520 business minutes > 2,400: the resolution target is missed (the breach).
  //   (Were the DST change ignored, Friday would count 15:00–17:00 = 120.)
  const a = await cases.open({ at: '2026-10-23T14:00:00Z', customerId: 'umbrella', plan: 'SAAS-SLA' });
  await cases.reply(a, CEM, '2026-10-26T08:30:00Z');
  await cases.resolve(a, CEM, '2026-11-02T09:00:00Z');

  // D — Globex, ENTERPRISE Sev-1 #1: received Sat 7 Nov 02:00Z.
  //   acknowledgement 02:01 → 1 min, met (≤ 2); first response (Cem) 02:10 → 10 min, met (≤ 15);
  //   callback 02:12 → 12 min, met (due 02:15); update#1 02:10 → 03:00 reply = 50 min, met;
  //   update#2 03:00 → resolved 04:30 = 90 min, missed.
  const d = await cases.open({
    at: '2026-11-07T02:00:00Z',
    customerId: 'globex',
    plan: 'ENTERPRISE',
    severity: 'SEV1',
  });
  await cases.read(d, CEM, '2026-11-07T02:05:00Z');
  await cases.reply(d, CEM, '2026-11-07T02:10:00Z');
  await cases.calledBack(d, CEM, '2026-11-07T02:12:00Z', 15);
  await cases.reply(d, CEM, '2026-11-07T03:00:00Z');
  await cases.resolve(d, CEM, '2026-11-07T04:30:00Z');

  // B — Acme, STANDARD: received Tue 10 Nov 15:00Z = 16:00 CET; acknowledged after 2 min (met).
  //   First response (Ala) Thu 12 Nov 07:30Z = 08:30 CET:
  //   Tue 16:00–17:00 = 60 + Wed 11 Nov (holiday) 0 + Thu 07:00–08:30 = 90 → 150 min, met (≤ 240).
  //   (Without the holiday: 60 + 600 + 90 = 750, missed.) The reply waits on the customer (a
  //   pause) and logs 30 min of guaranteed time; the customer answers at 12:00Z; Bob resolves.
  const b = await cases.open({
    at: '2026-11-10T15:00:00Z',
    customerId: 'acme',
    plan: 'STANDARD',
    ackAfterMinutes: 2,
  });
  await cases.read(b, ALA, '2026-11-10T15:30:00Z');
  await cases.reply(b, ALA, '2026-11-12T07:30:00Z', { waiting: true, workMinutes: 30 });
  await cases.customerMessage(b, '2026-11-12T12:00:00Z');
  await cases.read(b, BOB, '2026-11-13T09:00:00Z');
  await cases.resolve(b, BOB, '2026-11-13T10:00:00Z');

  // C — Acme, STANDARD: received Mon 16 Nov 08:00Z = 09:00 CET; acknowledged after 1 min.
  //   First response (Bob) 13:30Z = 14:30 CET → 330 min, missed (> 240), 600 min of work; a
  //   second reply Tue 17 Nov with 300 min. Guaranteed time: 30 + 600 = 630 on the 16th, + 300 =
  //   930 ≥ 900 on the 17th. Left open.
  const c = await cases.open({ at: '2026-11-16T08:00:00Z', customerId: 'acme', plan: 'STANDARD' });
  await cases.read(c, BOB, '2026-11-16T08:30:00Z');
  await cases.reply(c, BOB, '2026-11-16T13:30:00Z', { workMinutes: 600 });
  await cases.reply(c, BOB, '2026-11-17T09:00:00Z', { workMinutes: 300 });
  openCase = c;

  // E — Globex, ENTERPRISE Sev-1 #2: received Sun 22 Nov 20:00Z.
  //   acknowledgement after 3 min, missed; first response (Cem) 20:14 → 14 min, met;
  //   callback 20:20 → 20 min, missed (due 20:15); update#1 20:14 → resolved 20:40 = 26 min, met.
  const e = await cases.open({
    at: '2026-11-22T20:00:00Z',
    customerId: 'globex',
    plan: 'ENTERPRISE',
    severity: 'SEV1',
    ackAfterMinutes: 3,
  });
  await cases.reply(e, CEM, '2026-11-22T20:14:00Z');
  await cases.calledBack(e, CEM, '2026-11-22T20:20:00Z', 15);
  await cases.resolve(e, CEM, '2026-11-22T20:40:00Z');

  // The records were written straight to the table: the rebuild counts them (October too, where A opened).
  await rebuildReports({ ...cf.services, log: silentLog }, '2026-10-01', '2026-11-30');
}, 120_000);
afterAll(async () => {
  await cf?.cleanup();
});

const none = (target: TargetFigures['target']): TargetFigures => ({
  target,
  count: 0,
  met: 0,
  missed: 0,
  percentMet: null,
  medianMinutes: null,
  p90Minutes: null,
});

const acmeTargets: TargetFigures[] = [
  // B 2 min, C 1 min: both met. Sorted [1, 2]: median rank ⌈1⌉ = 1 → 1; p90 rank ⌈1.8⌉ = 2 → 2.
  {
    target: 'acknowledgement',
    count: 2,
    met: 2,
    missed: 0,
    percentMet: 100,
    medianMinutes: 1,
    p90Minutes: 2,
  },
  // B 150 met, C 330 missed: 1 / 2 = 50 %; median 150, p90 330.
  {
    target: 'firstResponse',
    count: 2,
    met: 1,
    missed: 1,
    percentMet: 50,
    medianMinutes: 150,
    p90Minutes: 330,
  },
  none('update'),
  none('resolution'),
  none('sev1Callback'),
];
const globexTargets: TargetFigures[] = [
  // D 1 met, E 3 missed: 50 %; sorted [1, 3] → median 1, p90 3.
  {
    target: 'acknowledgement',
    count: 2,
    met: 1,
    missed: 1,
    percentMet: 50,
    medianMinutes: 1,
    p90Minutes: 3,
  },
  // D 10, E 14: both met; median 10, p90 14.
  {
    target: 'firstResponse',
    count: 2,
    met: 2,
    missed: 0,
    percentMet: 100,
    medianMinutes: 10,
    p90Minutes: 14,
  },
  // D 50 met, D 90 missed, E 26 met: 2 / 3 = 66.67 %; sorted [26, 50, 90]: median rank ⌈1.5⌉ = 2
  // → 50; p90 rank ⌈2.7⌉ = 3 → 90.
  {
    target: 'update',
    count: 3,
    met: 2,
    missed: 1,
    percentMet: 66.67,
    medianMinutes: 50,
    p90Minutes: 90,
  },
  none('resolution'),
  // D 12 met, E 20 missed: 50 %; median 12, p90 20.
  {
    target: 'sev1Callback',
    count: 2,
    met: 1,
    missed: 1,
    percentMet: 50,
    medianMinutes: 12,
    p90Minutes: 20,
  },
];
// Only A's resolution stops in November: 2,520 minutes, missed.
const umbrellaTargets: TargetFigures[] = [
  none('acknowledgement'),
  none('firstResponse'),
  none('update'),
  {
    target: 'resolution',
    count: 1,
    met: 0,
    missed: 1,
    percentMet: 0,
    medianMinutes: 2520,
    p90Minutes: 2520,
  },
  none('sev1Callback'),
];

const expectedSla: SlaReport = {
  month: '2026-11',
  // Sorted by name: Acme Sp. z o.o., Globex S.A., Umbrella.
  customers: [
    {
      kind: 'customer',
      id: 'acme',
      name: 'Acme Sp. z o.o.',
      plan: 'STANDARD',
      targets: acmeTargets,
      // 30 (12 Nov) + 600 (16 Nov) + 300 (17 Nov) = 930 ≥ 900 first on 17 Nov (630 on the 16th).
      guaranteed: { usedMinutes: 930, limitMinutes: 900, limitReachedOn: '2026-11-17' },
    },
    {
      kind: 'customer',
      id: 'globex',
      name: 'Globex S.A.',
      plan: 'ENTERPRISE',
      targets: globexTargets,
      guaranteed: { usedMinutes: 0, limitMinutes: null, limitReachedOn: null },
    },
    {
      kind: 'customer',
      id: 'umbrella',
      name: 'Umbrella',
      plan: 'SAAS-SLA',
      targets: umbrellaTargets,
      guaranteed: { usedMinutes: 0, limitMinutes: null, limitReachedOn: null },
    },
  ],
  // One customer per plan here: each plan's figures are its customer's.
  plans: [
    { kind: 'plan', id: 'ENTERPRISE', name: 'ENTERPRISE', plan: 'ENTERPRISE', targets: globexTargets },
    { kind: 'plan', id: 'SAAS-SLA', name: 'SAAS-SLA', plan: 'SAAS-SLA', targets: umbrellaTargets },
    { kind: 'plan', id: 'STANDARD', name: 'STANDARD', plan: 'STANDARD', targets: acmeTargets },
  ],
};

describe('SLA compliance for November 2026 (R-REP-3, R-SLA-4)', () => {
  it('the API shows the hand-worked figures per customer and plan', async () => {
    const res = await cf.api('/api/reports/sla?month=2026-11');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expectedSla);
  });

  it('the CSV and the command line show the same figures', async () => {
    const res = await cf.api('/api/reports/sla?month=2026-11&format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    const lines = csv.trim().split('\r\n');
    // A header, then 5 target kinds × (3 customers + 3 plans).
    expect(lines).toHaveLength(1 + 5 * 6);
    expect(lines).toContain(
      '2026-11,customer,acme,Acme Sp. z o.o.,STANDARD,firstResponse,2,1,1,50,150,330,930,900,2026-11-17'
    );
    expect(lines).toContain('2026-11,customer,globex,Globex S.A.,ENTERPRISE,update,3,2,1,66.67,50,90,0,,');
    expect(lines).toContain('2026-11,customer,umbrella,Umbrella,SAAS-SLA,resolution,1,0,1,0,2520,2520,0,,');
    expect(lines).toContain('2026-11,plan,ENTERPRISE,ENTERPRISE,ENTERPRISE,sev1Callback,2,1,1,50,12,20,,,');
    const cli = await caseflow('report', 'sla', '--month', '2026-11', '--csv');
    expect(cli.stdout).toBe(csv);
    const json = await caseflow('report', 'sla', '--month', '2026-11', '--json');
    expect(JSON.parse(json.stdout)).toEqual(expectedSla);
  });

  it("a customer's TAM reads that customer's figures only; other staff need reports:read", async () => {
    const tam = cf.as('tina.tam@support.example.com');
    const own = await tam('/api/reports/sla?month=2026-11&customer=acme');
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ month: '2026-11', customers: [expectedSla.customers[0]], plans: [] });
    expect((await tam('/api/reports/sla?month=2026-11&customer=globex')).status).toBe(403);
    expect((await tam('/api/reports/sla?month=2026-11')).status).toBe(403);
    expect((await tam('/api/reports/agents?month=2026-11')).status).toBe(403);
    expect((await cf.api('/api/reports/sla?month=2026-11&customer=nobody')).status).toBe(404);
  });
});

describe('the monthly summary mail carries the SLA figures (R-REP-3, R-SLA-4, part 6)', () => {
  it("each customer's TAM or designated contacts read the month's figures above, in the customer's language", async () => {
    // 2 December 2026 is within the catch-up days of December's first working day (Tue 1 Dec).
    const run = await sendMonthlySummaries(cf.services, { month: '2026-11' });
    expect(run.sent).toEqual([
      { customerId: 'acme', to: ['tina.tam@support.example.com'] },
      { customerId: 'globex', to: ['ops@globex.example'] },
      { customerId: 'umbrella', to: ['it@umbrella.example'] },
    ]);
    const mails = await readOutbox(cf.outboxDir);
    const textTo = (to: string) => mails.find((m) => m.to.includes(to))?.text ?? '';
    const slaPart = (text: string) =>
      text.slice(text.search(/^(SLA compliance|Zgodność z SLA)/m)).split('\n\n')[0];

    // Acme (STANDARD): acknowledgements B 2 and C 1 min, both met; first responses B 150 met and
    // C 330 missed; guaranteed time 30 + 600 + 300 = 930 of 900, reached on 17 Nov. No update,
    // resolution or callback target stopped: no line for them.
    expect(slaPart(textTo('tina.tam@support.example.com'))).toBe(
      [
        'SLA compliance (targets that stopped in the month; business minutes)',
        '- Acknowledgement: 2 of 2 met (100 %), 0 missed; median 1 min, p90 2 min.',
        '- First response: 1 of 2 met (50 %), 1 missed; median 150 min, p90 330 min.',
        '- Guaranteed time used: 930 min of the 900 min monthly limit; the limit was reached on 2026-11-17.',
      ].join('\n')
    );
    // Globex (ENTERPRISE): acknowledgements D 1 met, E 3 missed; first responses 10 and 14, met;
    // updates [26, 50, 90], 90 missed: 2 of 3 = 66.67 %, median rank 2 → 50, p90 rank 3 → 90;
    // callbacks D 12 met, E 20 missed. No guaranteed-time limit.
    expect(slaPart(textTo('ops@globex.example'))).toBe(
      [
        'SLA compliance (targets that stopped in the month; business minutes)',
        '- Acknowledgement: 1 of 2 met (50 %), 1 missed; median 1 min, p90 3 min.',
        '- First response: 2 of 2 met (100 %), 0 missed; median 10 min, p90 14 min.',
        '- Update cadence: 2 of 3 met (66.67 %), 1 missed; median 50 min, p90 90 min.',
        '- Sev-1 callback: 1 of 2 met (50 %), 1 missed; median 12 min, p90 20 min.',
        '- Guaranteed time used: 0 min (the plan has no monthly limit).',
      ].join('\n')
    );
    // Umbrella (SAAS-SLA, Polish): only A's resolution, 2,520 business minutes against 2,400: missed.
    expect(slaPart(textTo('it@umbrella.example'))).toBe(
      [
        'Zgodność z SLA (cele zakończone w miesiącu; minuty robocze)',
        '- Rozwiązanie: dotrzymane 0 z 1 (0 %), przekroczone 1; mediana 2520 min, p90 2520 min.',
        '- Wykorzystany czas gwarantowany: 0 min (plan nie ma miesięcznego limitu).',
      ].join('\n')
    );
  });
});

describe('agent and team statistics for November 2026 (R-REP-1, R-REP-2, R-BOX-9)', () => {
  const expectedAgents: AgentReport['agents'] = [
    // Cem: replies D 02:10, D 03:00, E 20:14 = 3 (A's reply was in October); read D once (its
    // one message); first responses D 10, E 14 → median rank 1 → 10; resolved A, D, E = 3.
    {
      agent: CEM,
      messagesRead: 1,
      repliesSent: 3,
      firstResponses: 2,
      medianFirstResponseMinutes: 10,
      casesResolved: 3,
    },
    // Bob: replies C × 2; read C's message, and B's two (its first and the customer's answer,
    // both there at his open on 13 Nov) = 3; first response C 330; resolved B.
    {
      agent: BOB,
      messagesRead: 3,
      repliesSent: 2,
      firstResponses: 1,
      medianFirstResponseMinutes: 330,
      casesResolved: 1,
    },
    // Ala: reply B = 1; read B's first message = 1; first response B 150; resolved none.
    {
      agent: ALA,
      messagesRead: 1,
      repliesSent: 1,
      firstResponses: 1,
      medianFirstResponseMinutes: 150,
      casesResolved: 0,
    },
  ];

  it('per agent: messages read, replies, median first response, cases resolved; the backlog per day', async () => {
    const res = await cf.api('/api/reports/agents?month=2026-11');
    expect(res.status).toBe(200);
    const report = (await res.json()) as AgentReport;
    expect(report.asOf).toBe('2026-11-30');
    expect(report.agents).toEqual(expectedAgents);
    const all = report.series.find((s) => s.dim === 'all');
    const open = Object.fromEntries((all?.days ?? []).map((d) => [d.day.slice(8), d.open]));
    // A was open when November began (opened in October): 1. Resolved 2 Nov: 0. D opened and
    // resolved 7 Nov: 0. B opened 10 Nov: 1; resolved 13 Nov: 0. C opened 16 Nov: 1 to the end
    // (E opened and resolved on 22 Nov).
    expect([
      open['01'],
      open['02'],
      open['07'],
      open['10'],
      open['13'],
      open['16'],
      open['22'],
      open['30'],
    ]).toEqual([1, 0, 0, 1, 0, 1, 1, 1]);
    // Opened in November: D, B, C, E = 4, none in 24–30 Nov.
    expect([all?.openedLast30, all?.openedLast7]).toEqual([4, 0]);
    const sev1 = report.series.find((s) => s.dim === 'severity' && s.value === 'SEV1');
    expect([sev1?.openedLast30, sev1?.days.at(-1)?.open]).toEqual([2, 0]);
    const l1 = report.series.find((s) => s.dim === 'team' && s.value === 'L1');
    expect([l1?.openedLast30, l1?.days.at(-1)?.open]).toEqual([4, 1]);

    const csv = await (await cf.api('/api/reports/agents?month=2026-11&format=csv')).text();
    expect(csv.split('\r\n')).toContain(`2026-11,${BOB},3,2,1,330,1`);
    const cli = await caseflow('report', 'agents', '--month', '2026-11', '--csv');
    expect(cli.stdout).toBe(csv);
  });
});

describe('opens a report counts (R-BOX-9)', () => {
  it('an open is audited when it shows the staff member a message new to them, not at every refetch', async () => {
    const reads = async () =>
      (
        (await (await cf.api(`/api/audit?case=${openCase}`)).json()) as {
          records: { action: string; actor: string }[];
        }
      ).records.filter((r) => r.action === 'case.read' && r.actor === 'admin@support.example.com').length;
    expect(await reads()).toBe(0);
    expect((await cf.api(`/api/cases/${openCase}`)).status).toBe(200);
    expect((await cf.api(`/api/cases/${openCase}`)).status).toBe(200);
    expect(await reads()).toBe(1);
    // The clock started at 10:00 on 2 December: this message is newer than the opens above.
    await new ReportCases(cf.services).customerMessage(openCase, '2026-12-02T11:00:00Z');
    expect((await cf.api(`/api/cases/${openCase}`)).status).toBe(200);
    expect((await cf.api(`/api/cases/${openCase}`)).status).toBe(200);
    expect(await reads()).toBe(2);
  });
});

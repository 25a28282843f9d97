import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { sendMonthlySummaries } from '../../functions/use-cases/reports-time/monthly-summary';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { cliAdmin } from '../support/staff';

/**
 * The availability and billable-time reports over one seeded November 2026 (30 days, UTC): two
 * Sev-1 incidents with staff-confirmed intervals, monitoring intervals overlapping them and each
 * other (one sent twice), an interval across the month's end, and work of every kind on two plans
 * (STANDARD: 7 h package, 140 PLN/h; START: 3 h, 165 PLN/h). Every expected figure below is worked
 * out by hand in its comment; the API, the CSV and the command line must all show them.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const refs: Record<'globex' | 'acme' | 'initech', string> = { globex: '', acme: '', initech: '' };
const run = promisify(execFile);
const caseflow = (...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args, '--api', cf.httpUrl], {
    env: { ...process.env, CASEFLOW_CONFIG: '', ...cliAdmin(cf) },
  });
const post = (path: string, body: unknown) => cf.api(path, { method: 'POST', body: JSON.stringify(body) });

/** Acme reads Polish and has a TAM; Initech wants its designated contacts told; Globex has no TAM. */
const config = parseConfig(
  {
    ...demoConfig,
    customers: [
      ...demoConfig.customers.map((c) => (c.id === 'acme' ? { ...c, language: 'pl' } : c)),
      {
        id: 'initech',
        name: 'Initech',
        domains: ['initech.example'],
        plan: 'START',
        contacts: [{ email: 'peter@initech.example', name: 'Peter Gibbons' }],
        monthlySummaryTo: 'designated-contacts',
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

async function openCase(from: string, to: string, subject: string, text: string): Promise<string> {
  await sendMail(cf.smtpPort, { from, to, subject, text });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    15_000,
    `the case "${subject}"`
  );
}

beforeAll(async () => {
  // The cases open in November, the month the reports below are of.
  cf = await startTestCaseflow({ config, clockStart: new Date('2026-11-25T10:00:00Z') });
  refs.globex = await openCase(
    'ops@globex.example',
    'sev1@support.example.com',
    'API down for everyone',
    'Our production API is down: every call fails with 503 since 10:00.'
  );
  refs.acme = await openCase(
    'anna.nowak@acme.example',
    'sev1@support.example.com',
    'API unavailable at midnight',
    'The API is down, all calls fail with a timeout.'
  );
  refs.initech = await openCase(
    'peter@initech.example',
    'support@support.example.com',
    'Help with the export configuration',
    'Please help us set up the nightly export.'
  );
}, 60_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('availability (R-SLA-7, R-REP-4)', () => {
  it('staff confirm intervals when they resolve a Sev-1, and correct them later with every version kept', async () => {
    const refused = await post(`/api/cases/${refs.initech}/resolve`, {
      outageIntervals: [{ start: '2026-11-02T10:00:00Z', end: '2026-11-02T10:01:00Z', services: ['api'] }],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/not critical/);

    const globex = await post(`/api/cases/${refs.globex}/resolve`, {
      outageIntervals: [
        { start: '2026-11-10T10:00:00Z', end: '2026-11-10T10:05:00Z', services: ['api', 'smtp'] },
      ],
    });
    expect(globex.status).toBe(200);
    expect(await globex.json()).toMatchObject({ status: 'RESOLVED', outages: { revision: 1 } });

    // Acme's outage crosses the month's end; first confirmed from 23:58, corrected to 23:57.
    const acme = await post(`/api/cases/${refs.acme}/resolve`, {
      outageIntervals: [{ start: '2026-11-30T23:58:00Z', end: '2026-12-01T00:03:00Z', services: ['api'] }],
    });
    expect(acme.status).toBe(200);
    const corrected = await post(`/api/cases/${refs.acme}/outages`, {
      intervals: [{ start: '2026-11-30T23:57:00Z', end: '2026-12-01T00:03:00Z', services: ['api'] }],
    });
    expect(corrected.status).toBe(200);
    const history = (await (await cf.api(`/api/cases/${refs.acme}/outages`)).json()) as {
      current: { revision: number; intervals: { start: string }[]; updatedBy: string };
      history: { revision: number; intervals: { start: string }[] }[];
    };
    expect(history.current).toMatchObject({ revision: 2, updatedBy: 'admin@support.example.com' });
    expect(history.history.map((h) => [h.revision, h.intervals[0]?.start])).toEqual([
      [1, '2026-11-30T23:58:00.000Z'],
      [2, '2026-11-30T23:57:00.000Z'],
    ]);
    const audit = (await (await cf.api(`/api/audit?case=${refs.acme}`)).json()) as {
      records: { action: string; detail?: string }[];
    };
    expect(audit.records.filter((r) => r.action === 'case.outages').map((r) => r.detail)).toEqual(
      expect.arrayContaining(['revision 1: 1 interval(s)', 'revision 2: 1 interval(s)'])
    );
  });

  it('monitoring intervals are recorded once per id, and a changed repeat is refused', async () => {
    const intervals = [
      // Globex API: overlaps the confirmed 10:00–10:05 and runs on to 10:09.
      {
        id: 'mon-1',
        service: 'api',
        customerId: 'globex',
        start: '2026-11-10T10:03:00Z',
        end: '2026-11-10T10:09:00Z',
      },
      // Inside mon-1: adds nothing.
      {
        id: 'mon-2',
        service: 'api',
        customerId: 'globex',
        start: '2026-11-10T10:06:00Z',
        end: '2026-11-10T10:07:00Z',
      },
      // SMTP injection down for every customer for one minute.
      { id: 'mon-3', service: 'smtp', start: '2026-11-20T12:00:00Z', end: '2026-11-20T12:01:00Z' },
    ];
    const first = await post('/api/outages', { intervals });
    expect(first.status).toBe(201);
    expect(
      ((await first.json()) as { results: { outcome: string }[] }).results.map((r) => r.outcome)
    ).toEqual(['recorded', 'recorded', 'recorded']);
    const again = await post('/api/outages', { intervals: [intervals[0]] });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ results: [{ id: 'mon-1', outcome: 'repeated' }] });
    const changed = await post('/api/outages', {
      intervals: [{ ...intervals[0], end: '2026-11-10T11:00:00Z' }],
    });
    expect(changed.status).toBe(409);
    expect(
      (await post('/api/outages', { intervals: [{ ...intervals[0], id: 'x', service: 'ftp' }] })).status
    ).toBe(400);
    // Longer than 31 days: reported as several intervals instead.
    const long = { ...intervals[0], id: 'long', start: '2026-10-01T00:00:00Z', end: '2026-11-02T00:00:00Z' };
    expect((await post('/api/outages', { intervals: [long] })).status).toBe(400);
  });

  /**
   * November 2026: 30 × 86,400 = 2,592,000 s. At 99.98 % (every plan here names none, so R-SLA-7's
   * promise applies): allowed = 2,592,000 × 0.0002 = 518.4 s = 8.64 min.
   */
  const expectedNovember = {
    globex: {
      // confirmed 10:00–10:05 ∪ mon-1 10:03–10:09 ∪ mon-2 10:06–10:07 = 10:00–10:09 = 540 s = 9 min;
      // remaining 518.4 − 540 = −21.6 s = −0.36 min: broken; 1 − 540/2,592,000 = 99.979167 %.
      api: { used: 9, remaining: -0.36, held: false, availability: 99.979167, intervals: 3 },
      // confirmed 10:00–10:05 = 300 s, + mon-3 (everyone) 60 s = 360 s = 6 min; 518.4 − 360 = 158.4 s
      // = 2.64 min; 1 − 360/2,592,000 = 99.986111 %.
      smtp: { used: 6, remaining: 2.64, held: true, availability: 99.986111, intervals: 2 },
    },
    acme: {
      // corrected 23:57 – 00:03: November's part 23:57–24:00 = 180 s = 3 min (revision 1's 23:58 no
      // longer counts); 518.4 − 180 = 338.4 s = 5.64 min; 1 − 180/2,592,000 = 99.993056 %.
      api: { used: 3, remaining: 5.64, held: true, availability: 99.993056, intervals: 1 },
      // mon-3 only: 60 s = 1 min; 518.4 − 60 = 458.4 s = 7.64 min; 1 − 60/2,592,000 = 99.997685 %.
      smtp: { used: 1, remaining: 7.64, held: true, availability: 99.997685, intervals: 1 },
    },
    initech: {
      api: { used: 0, remaining: 8.64, held: true, availability: 100, intervals: 0 },
      smtp: { used: 1, remaining: 7.64, held: true, availability: 99.997685, intervals: 1 },
    },
  } as const;

  it('the monthly report counts every unavailable second once, per customer and service', async () => {
    const res = await cf.api('/api/reports/availability?month=2026-11');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      total: number;
      customers: {
        customerId: string;
        services: {
          service: 'api' | 'smtp';
          allowedMinutes: number;
          usedMinutes: number;
          remainingMinutes: number;
          held: boolean;
          availabilityPercent: number;
          intervals: { source: { kind: string; reference?: string } }[];
        }[];
      }[];
    };
    expect(body.total).toBe(3);
    for (const [customerId, services] of Object.entries(expectedNovember)) {
      const row = body.customers.find((c) => c.customerId === customerId);
      for (const [service, want] of Object.entries(services)) {
        const got = row?.services.find((s) => s.service === service);
        expect({ customerId, service, ...got }).toMatchObject({
          customerId,
          service,
          allowedMinutes: 8.64,
          usedMinutes: want.used,
          remainingMinutes: want.remaining,
          held: want.held,
          availabilityPercent: want.availability,
        });
        expect(got?.intervals).toHaveLength(want.intervals);
      }
    }
    // The confirmed intervals link to their cases.
    const globexApi = body.customers.find((c) => c.customerId === 'globex')?.services[0];
    expect(globexApi?.intervals.map((i) => i.source.reference ?? i.source.kind)).toEqual([
      refs.globex,
      'monitoring',
      'monitoring',
    ]);
  });

  it('December has the rest of the interval across the month end, and a 31-day allowance', async () => {
    // December: 31 × 86,400 = 2,678,400 s × 0.0002 = 535.68 s = 8.928 min; acme's API 00:00–00:03 = 3 min.
    const body = (await (await cf.api('/api/reports/availability?month=2026-12&customer=acme')).json()) as {
      customers: { services: { service: string; allowedMinutes: number; usedMinutes: number }[] }[];
    };
    expect(body.customers[0]?.services[0]).toMatchObject({
      service: 'api',
      allowedMinutes: 8.928,
      usedMinutes: 3,
    });
  });

  it('the CSV and the command line show the same figures', async () => {
    const csv = await (await cf.api('/api/reports/availability?month=2026-11&format=csv')).text();
    const lines = csv.trim().split('\n');
    // customer,month,plan,service,target,allowed,used,remaining,availability,held,intervals
    expect(lines).toContain('globex,2026-11,ENTERPRISE,api,99.98,8.64,9,-0.36,99.979167,no,3');
    expect(lines).toContain('acme,2026-11,STANDARD,api,99.98,8.64,3,5.64,99.993056,yes,1');
    expect(lines).toContain('initech,2026-11,START,smtp,99.98,8.64,1,7.64,99.997685,yes,1');
    const cli = await caseflow('report', 'availability', '--month', '2026-11', '--csv');
    expect(cli.stdout.trim()).toBe(csv.trim());
    const human = await caseflow('report', 'availability', '--month', '2026-11');
    expect(human.stdout).toMatch(/globex\s+ENTERPRISE\s+api\s+99\.98\s+8\.64\s+9\s+-0\.36\s+99\.979167\s+NO/);
  }, 30_000);
});

describe('billable time (R-SLA-6)', () => {
  // [case, kind, minutes, performedAt]
  const work: [keyof typeof refs, string, number, string][] = [
    ['acme', 'remote', 50, '2026-11-03T09:00:00Z'],
    ['acme', 'phone', 10, '2026-11-04T09:00:00Z'],
    ['acme', 'on-site', 200, '2026-11-05T09:00:00Z'],
    ['acme', 'email', 45, '2026-11-05T15:00:00Z'],
    ['acme', 'remote', 140, '2026-11-06T09:00:00Z'],
    ['acme', 'phone', 21, '2026-11-07T09:00:00Z'],
    // December's statement, not November's.
    ['acme', 'remote', 20, '2026-12-01T00:10:00Z'],
    ['initech', 'phone', 40, '2026-11-02T09:00:00Z'],
    ['initech', 'remote', 100, '2026-11-09T09:00:00Z'],
    ['initech', 'email', 30, '2026-11-10T09:00:00Z'],
    ['initech', 'remote', 25, '2026-11-16T09:00:00Z'],
    ['initech', 'on-site', 55, '2026-11-23T09:00:00Z'],
  ];

  it('staff log work on a case; the author is the signed-in user', async () => {
    for (const [customer, kind, minutes, performedAt] of work) {
      const res = await post(`/api/cases/${refs[customer]}/work`, { kind, minutes, performedAt });
      expect(res.status).toBe(201);
    }
    const listed = (await (await cf.api(`/api/cases/${refs.initech}/work`)).json()) as {
      total: number;
      entries: { loggedBy: string }[];
    };
    expect(listed.total).toBe(5);
    expect(listed.entries.every((e) => e.loggedBy === 'admin@support.example.com')).toBe(true);
    // Each is on the bus for whoever counts work (the daily aggregates).
    const events = (await readFile(join(cf.dataDir, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; detail?: { type: string; kind: string } });
    const logged = events.filter((e) => (e.detail ?? e).type === 'work.logged');
    expect(logged).toHaveLength(work.length);
    const authored = await post(`/api/cases/${refs.acme}/work`, { kind: 'phone', minutes: 5, by: 'someone' });
    expect(authored.status).toBe(400);
    expect((await post(`/api/cases/${refs.acme}/work`, { kind: 'fax', minutes: 5 })).status).toBe(400);
  });

  /*
   * Acme, STANDARD: package 7 h = 420 min, 140 PLN/h, write-up 5 min counted into each job.
   *   remote 50 + 5 = 55 → 60 (2 × 30)     package 420 → 360
   *   phone 10 + 5 = 15 → 15 (1 × 15)      package 360 → 345
   *   on-site 200 + 5 = 205 → 210 (7 × 30) package 345 → 135
   *   email 45 → 0 (never the package)
   *   remote 140 + 5 = 145 → 150 (5 × 30)  135 from the package, 15 billed: 15 × 140 / 60 = 35.00
   *   phone 21 + 5 = 26 → 30 (2 × 15)      30 billed: 30 × 140 / 60 = 70.00
   *   billed 45 min, 105.00 PLN; package used 420, left 0.
   * Initech, START: package 3 h = 180 min, 165 PLN/h.
   *   phone 40 + 5 = 45 → 45 (3 × 15)      package 180 → 135
   *   remote 100 + 5 = 105 → 120 (4 × 30)  package 135 → 15
   *   email 30 → 0
   *   remote 25 + 5 = 30 → 30              15 from the package, 15 billed: 15 × 165 / 60 = 41.25
   *   on-site 55 + 5 = 60 → 60             60 billed: 60 × 165 / 60 = 165.00
   *   billed 75 min, 206.25 PLN; package used 180, left 0.
   * Globex (ENTERPRISE, individually agreed rate, no package): nothing logged, 0 min, no price.
   */
  const expected = {
    acme: {
      packageMinutes: 420,
      packageUsedMinutes: 420,
      packageRemainingMinutes: 0,
      billedMinutes: 45,
      amountPln: '105.00',
    },
    initech: {
      packageMinutes: 180,
      packageUsedMinutes: 180,
      packageRemainingMinutes: 0,
      billedMinutes: 75,
      amountPln: '206.25',
    },
    globex: {
      packageMinutes: 0,
      packageUsedMinutes: 0,
      packageRemainingMinutes: 0,
      billedMinutes: 0,
      amountPln: null,
    },
  };

  it('the November statements: rounding, write-up, package drawdown, rate, e-mail outside the package', async () => {
    const body = (await (await cf.api('/api/reports/billing?month=2026-11')).json()) as {
      total: number;
      statements: {
        customerId: string;
        countedMinutes: Record<string, number>;
        loggedMinutes: Record<string, number>;
        lines: {
          kind: string;
          countedMinutes: number;
          fromPackageMinutes: number;
          amountPln: string | null;
        }[];
      }[];
    };
    expect(body.total).toBe(3);
    for (const [customerId, want] of Object.entries(expected))
      expect(body.statements.find((s) => s.customerId === customerId)).toMatchObject(want);
    const acme = body.statements.find((s) => s.customerId === 'acme');
    // remote 60 + 150; phone 15 + 30; on-site 210; e-mail 0 (45 logged).
    expect(acme?.countedMinutes).toEqual({ remote: 210, phone: 45, 'on-site': 210, email: 0 });
    expect(acme?.loggedMinutes.email).toBe(45);
    expect(acme?.lines.map((l) => [l.kind, l.countedMinutes, l.fromPackageMinutes, l.amountPln])).toEqual([
      ['remote', 60, 60, '0.00'],
      ['phone', 15, 15, '0.00'],
      ['on-site', 210, 210, '0.00'],
      ['email', 0, 0, '0.00'],
      ['remote', 150, 135, '35.00'],
      ['phone', 30, 0, '70.00'],
    ]);
    // December: remote 20 + 5 = 25 → 30, all from a fresh 420-minute package.
    const december = (await (await cf.api('/api/reports/billing?month=2026-12&customer=acme')).json()) as {
      statements: { packageUsedMinutes: number; billedMinutes: number }[];
    };
    expect(december.statements[0]).toMatchObject({ packageUsedMinutes: 30, billedMinutes: 0 });
  });

  it('the CSV export and the command line match the statement', async () => {
    const csv = await (await cf.api('/api/reports/billing?month=2026-11&format=csv')).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'customer,month,plan,case,performed_at,kind,logged_by,minutes,write_up_minutes,counted_minutes,from_package_minutes,billed_minutes,rate_pln_per_hour,amount_pln'
    );
    expect(lines).toContain(
      `acme,2026-11,STANDARD,${refs.acme},2026-11-06T09:00:00.000Z,remote,admin@support.example.com,140,5,150,135,15,140,35.00`
    );
    // Totals: logged 50+10+200+45+140+21 = 466; counted 60+15+210+0+150+30 = 465.
    expect(lines).toContain('acme,2026-11,STANDARD,TOTAL,,,,466,,465,420,45,140,105.00');
    // Initech: logged 40+100+30+25+55 = 250; counted 45+120+0+30+60 = 255.
    expect(lines).toContain('initech,2026-11,START,TOTAL,,,,250,,255,180,75,165,206.25');
    expect(lines).toContain('globex,2026-11,ENTERPRISE,TOTAL,,,,0,,0,0,0,,');
    const cli = await caseflow('report', 'billing', '--month', '2026-11', '--csv');
    expect(cli.stdout.trim()).toBe(csv.trim());
    const human = await caseflow('report', 'billing', '--month', '2026-11');
    expect(human.stdout).toMatch(/acme\s+STANDARD\s+420\s+420\s+0\s+45\s+140\s+105\.00\s+45/);
    expect(human.stdout).toMatch(/initech\s+START\s+180\s+180\s+0\s+75\s+165\s+206\.25\s+30/);
  }, 30_000);

  it('reports are for supervisors and admins, and a TAM for their customer; a month is required', async () => {
    expect((await cf.api('/api/reports/billing')).status).toBe(400);
    expect((await cf.api('/api/reports/billing?month=2026-13')).status).toBe(400);
    expect((await cf.api('/api/reports/billing?month=2026-11&sort=x')).status).toBe(400);
    expect((await cf.api('/api/reports/billing?month=2026-11&customer=nobody')).status).toBe(404);
    // An agent of every team (the harness creates them): cases yes, reports no.
    const agent = cf.as('ala.agent@support.example.com');
    expect((await agent('/api/reports/availability?month=2026-11')).status).toBe(403);
    expect((await agent('/api/reports/billing?month=2026-11')).status).toBe(403);
    expect((await agent(`/api/cases/${refs.initech}/work`)).status).toBe(200);
    // Acme's TAM, an agent: Acme's reports, nobody else's.
    const tam = cf.as('tina.tam@support.example.com');
    expect((await tam('/api/reports/billing?month=2026-11&customer=acme')).status).toBe(200);
    expect((await tam('/api/reports/availability?month=2026-11&customer=acme')).status).toBe(200);
    expect((await tam('/api/reports/billing?month=2026-11&customer=globex')).status).toBe(403);
    expect((await tam('/api/reports/billing?month=2026-11')).status).toBe(403);
  });
});

describe('the monthly summary', () => {
  it("tells each customer's TAM or designated contacts once, in their language", async () => {
    const run = await sendMonthlySummaries(cf.services, { month: '2026-11' });
    expect(run.sent).toEqual([
      { customerId: 'acme', to: ['tina.tam@support.example.com'] },
      // No account names Globex: its designated contacts.
      { customerId: 'globex', to: ['ops@globex.example'] },
      { customerId: 'initech', to: ['peter@initech.example'] },
    ]);
    const mails = (await readOutbox(cf.outboxDir)).filter((m) =>
      /^(Service report|Raport usług)/.test(m.subject)
    );
    const acme = mails.find((m) => m.to.includes('tina.tam@support.example.com'));
    expect(acme?.subject).toBe('Raport usług za listopad 2026: Acme Sp. z o.o.');
    // The same figures as the report: 180 s = 3 min of 8.64 min; 60 s = 1 min.
    expect(acme?.text).toContain(
      '- API: 99,993056 % (cel 99,98 %); niedostępność 3 min z dopuszczalnych 8,64 min; zobowiązanie dotrzymane.'
    );
    expect(acme?.text).toContain(`(180 s, ${refs.acme})`);
    expect(acme?.text).toContain('Zgłoszenia otwarte w miesiącu: 1; w tym rozwiązane: 1.');
    const globex = mails.find((m) => m.to.includes('ops@globex.example'));
    expect(globex?.subject).toBe('Service report for November 2026: Globex S.A.');
    expect(globex?.text).toContain(
      '- API: 99.979167 % (target 99.98 %); unavailable 9 min of 8.64 min allowed; the promise was NOT kept.'
    );
    const initech = mails.find((m) => m.to.includes('peter@initech.example'));
    // Opened in November and still open.
    expect(initech?.text).toContain('Cases opened in the month: 1; of them resolved: 0.');
    const again = await sendMonthlySummaries(cf.services, { month: '2026-11' });
    expect(again.sent).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^already sent/),
      expect.stringMatching(/^already sent/),
      expect.stringMatching(/^already sent/),
    ]);
    expect(
      (await readOutbox(cf.outboxDir)).filter((m) => /^(Service report|Raport usług)/.test(m.subject))
    ).toHaveLength(3);
  });

  it('reads nothing once everyone was told, and gives a claim back when the mail could not go', async () => {
    const noReads = {
      ...cf.services,
      monthlyCaseCounts: {
        countsFor: () => Promise.reject(new Error('a month everyone was told of is not read again')),
      },
    };
    expect((await sendMonthlySummaries(noReads, { month: '2026-11' })).sent).toEqual([]);
    const failing = {
      ...cf.services,
      mailer: { send: () => Promise.reject(new Error('SES throttled')) },
    };
    await expect(sendMonthlySummaries(failing, { month: '2026-10' })).rejects.toThrow('SES throttled');
    // The next run sends all three: no claim was kept for a mail that did not go.
    const retry = await sendMonthlySummaries(cf.services, { month: '2026-10' });
    expect(retry.sent.map((x) => x.customerId)).toEqual(['acme', 'globex', 'initech']);
  });
});

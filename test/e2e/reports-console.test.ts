/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReports } from '../../functions/use-cases/reports/rebuild-reports';
import { launchChromium, screensAtBothWidths } from '../support/browser';
import { eventually, startTestCaseflow } from '../support/harness';
import { ReportCases } from '../support/report-cases';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * The console's SLA and agent reports, in Chromium: cases opened by mail, read, answered and
 * resolved through the API; a supervisor reads both reports for this month and sees the API's
 * figures; the CSV buttons download what the API writes as CSV; an agent has no Reports entry.
 * Screenshots at 1366 and 390 px go to test-artifacts/console/.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const SUPERVISOR = 'sam.supervisor@support.example.com';
const AGENT = 'ala.agent@support.example.com';
const ANSWERER = 'bob.l1@support.example.com';
const POLISH_SUPERVISOR = 'ola.kierownik@support.example.com';
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
let month = '';
/** Last month (UTC), the month SLA compliance opens on, seeded with a month of records below. */
const now = new Date();
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  .toISOString()
  .slice(0, 7);
/** The second Tuesday of last month at a time of day (UTC): a working day, clear of any holiday. */
function secondTuesday(time: string): string {
  const first = new Date(`${lastMonth}-01T00:00:00Z`);
  const day = 1 + ((9 - first.getUTCDay()) % 7) + 7;
  return `${lastMonth}-${String(day).padStart(2, '0')}T${time}Z`;
}

interface TargetFigures {
  target: string;
  count: number;
  met: number;
  missed: number;
  percentMet: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}
interface SlaJson {
  customers: {
    name: string;
    plan: string | null;
    targets: TargetFigures[];
    guaranteed?: { usedMinutes: number; limitMinutes: number | null; limitReachedOn: string | null };
  }[];
  plans: { name: string; targets: TargetFigures[] }[];
}
interface AgentJson {
  asOf: string;
  agents: {
    agent: string;
    messagesRead: number;
    repliesSent: number;
    firstResponses: number;
    medianFirstResponseMinutes: number | null;
    casesResolved: number;
  }[];
  series: { dim: string; value: string; days: { day: string; opened: number; open: number }[] }[];
}

async function openCase(from: string, to: string, subject: string): Promise<string> {
  await sendMail(cf.smtpPort, { from, to, subject, text: `${subject}: please help.` });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    15_000,
    `the case "${subject}"`
  );
}

async function createStaff(email: string, roles: string[], language = 'en'): Promise<void> {
  const res = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({
      email,
      language,
      displayName: email.split('@')[0],
      roles,
      teams: ['L1'],
      password: TEST_STAFF_PASSWORD,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

const json = async <T>(path: string): Promise<T> => {
  const res = await cf.api(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  cf = await startTestCaseflow();
  browser = await launchChromium();
  await createStaff(SUPERVISOR, ['supervisor']);
  await createStaff(AGENT, ['agent']);
  await createStaff(POLISH_SUPERVISOR, ['supervisor'], 'pl');
  const acme1 = await openCase('anna.nowak@acme.example', 'support@support.example.com', 'Import fails');
  const acme2 = await openCase('anna.nowak@acme.example', 'support@support.example.com', 'Invoice question');
  const globex = await openCase('ops@globex.example', 'sev1@support.example.com', 'Gateway down');
  month = new Date().toISOString().slice(0, 7);
  // Two staff read and answer: each GET is a read (the console's open), each reply a reply.
  const bob = cf.as(ANSWERER);
  for (const reference of [acme1, acme2, globex])
    expect((await bob(`/api/cases/${reference}`)).status).toBe(200);
  expect((await cf.api(`/api/cases/${acme1}`)).status).toBe(200);
  for (const reference of [acme1, globex])
    expect(
      (
        await bob(`/api/cases/${reference}/replies`, {
          method: 'POST',
          body: JSON.stringify({ text: 'Looking into it now.' }),
        })
      ).status
    ).toBe(201);
  expect((await bob(`/api/cases/${acme1}/resolve`, { method: 'POST', body: '{}' })).status).toBe(200);
  // Last month, written as intake and the case API leave records, then counted by a rebuild (the
  // `caseflow reports rebuild` use-case): a late acknowledgement, and Acme's 900 guaranteed minutes
  // used up by two replies of 500 minutes' work on one day.
  const records = new ReportCases(cf.services);
  const onTime = await records.open({ at: secondTuesday('08:00:00'), customerId: 'acme', plan: 'STANDARD' });
  await records.read(onTime, ANSWERER, secondTuesday('08:10:00'));
  await records.reply(onTime, ANSWERER, secondTuesday('08:30:00'), { workMinutes: 500 });
  await records.resolve(onTime, ANSWERER, secondTuesday('09:00:00'));
  const late = await records.open({
    at: secondTuesday('08:05:00'),
    customerId: 'acme',
    plan: 'STANDARD',
    ackAfterMinutes: 300,
  });
  await records.read(late, ANSWERER, secondTuesday('13:10:00'));
  await records.reply(late, ANSWERER, secondTuesday('13:30:00'), { workMinutes: 500 });
  const sev1 = await records.open({
    at: secondTuesday('09:00:00'),
    customerId: 'globex',
    plan: 'ENTERPRISE',
    severity: 'SEV1',
  });
  await records.calledBack(sev1, ANSWERER, secondTuesday('09:20:00'), 30);
  await records.reply(sev1, ANSWERER, secondTuesday('09:25:00'));
  await rebuildReports(cf.services, `${lastMonth}-01`, `${lastMonth}-01`);
  // The aggregator runs behind the event log: wait until it has taken every event so far.
  await cf.reports.settled();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

async function signedIn(email: string, password: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const tab = await context.newPage();
  await tab.goto(`${cf.httpUrl}${path}`);
  await tab.getByLabel('Email').fill(email);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(
    (url) =>
      url.origin === cf.httpUrl && !url.pathname.startsWith('/oidc') && !url.pathname.includes('callback'),
    { timeout: 15_000 }
  );
  return tab;
}

/** A table row's cells as shown, found by the table's heading and the row's first cells. */
async function cellsOf(tab: Page, table: string, row: RegExp): Promise<string[]> {
  // The smallest box holding both the table's heading and the row: that table.
  const box = tab
    .locator('div')
    .filter({ has: tab.getByRole('heading', { name: table, exact: true }) })
    .filter({ has: tab.getByRole('row', { name: row }) })
    .last();
  const found = box.getByRole('row', { name: row }).first();
  await found.waitFor({ timeout: 10_000 });
  return (await found.locator('td, th').allTextContents()).map((c) => c.replace(/\u00a0/g, ' ').trim());
}

const shown = (n: number | null) =>
  n === null ? '—' : n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TARGET_NAMES: Record<string, string> = {
  acknowledgement: 'Acknowledgement',
  firstResponse: 'First response',
  update: 'Update cadence',
  resolution: 'Resolution',
  sev1Callback: 'Sev-1 callback',
};

/** The cells a target's figures show: the plan's name (per plan), the target and its numbers. */
const figures = (plan: string | null, t: TargetFigures) => [
  ...(plan ? [plan] : []),
  TARGET_NAMES[t.target] ?? t.target,
  shown(t.count),
  shown(t.met),
  shown(t.missed),
  t.percentMet === null ? '—' : `${shown(t.percentMet)} %`,
  shown(t.medianMinutes),
  shown(t.p90Minutes),
];

async function downloaded(tab: Page): Promise<string> {
  const [download] = await Promise.all([
    tab.waitForEvent('download'),
    tab.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const path = await download.path();
  return readFile(path, 'utf8');
}

/** The SLA page shows the API's month: every customer's and plan's targets, guaranteed time, the chart's figures. */
async function slaMatchesApi(tab: Page, api: SlaJson): Promise<void> {
  let rows = 0;
  for (const c of api.customers)
    for (const t of c.targets.filter((x) => x.count > 0)) {
      rows++;
      const name = TARGET_NAMES[t.target] ?? t.target;
      expect(await cellsOf(tab, 'Per customer', new RegExp(`^${literal(c.name)}.*${name}`))).toEqual([
        c.name,
        c.plan ?? '—',
        ...figures(null, t),
      ]);
    }
  expect(rows).toBeGreaterThan(0);
  for (const p of api.plans)
    for (const t of p.targets.filter((x) => x.count > 0))
      expect(
        await cellsOf(tab, 'Per plan', new RegExp(`^${literal(p.name)}.*${TARGET_NAMES[t.target]}`))
      ).toEqual(figures(p.name, t));
  // Guaranteed time against the plan's limit (the bar between is the same figure drawn).
  for (const c of api.customers) {
    const g = c.guaranteed;
    if (!g) continue;
    const cells = await cellsOf(tab, 'Guaranteed time', new RegExp(`^${literal(c.name)}`));
    expect([...cells.slice(0, 4), cells[5]]).toEqual([
      c.name,
      c.plan ?? '—',
      shown(g.usedMinutes),
      g.limitMinutes === null ? 'no limit' : shown(g.limitMinutes),
      g.limitReachedOn ?? (g.limitMinutes === null ? '—' : 'not reached'),
    ]);
  }
  // The chart is named and its figures are in a table: acknowledgements over every plan.
  const ack = api.plans.flatMap((p) => p.targets.filter((t) => t.target === 'acknowledgement'));
  const met = ack.reduce((s, t) => s + t.met, 0);
  const count = ack.reduce((s, t) => s + t.count, 0);
  // Every case's acknowledgement went out: three at least.
  expect(count).toBeGreaterThanOrEqual(3);
  await tab.getByRole('img', { name: /Targets met, % — every plan/ }).waitFor();
  expect(await cellsOf(tab, 'Figures shown in the chart', /^Acknowledgement/)).toEqual([
    'Acknowledgement',
    String(met),
    String(count),
    `${shown(Math.round((met / count) * 10_000) / 100)} %`,
  ]);
}

describe('SLA and agent reports in the console', () => {
  it('agents and teams: each agent’s figures, the backlog per day and the CSV are the API’s', async () => {
    const api = await json<AgentJson>(`/api/reports/agents?month=${month}`);
    // The seeded work is there: the answerer read 3 cases, replied twice and resolved one.
    const bob = api.agents.find((a) => a.agent.includes('bob.l1'));
    expect(bob).toMatchObject({ messagesRead: 3, repliesSent: 2, casesResolved: 1 });

    const tab = await signedIn(SUPERVISOR, TEST_STAFF_PASSWORD, `/reports/agents?month=${month}`);
    await tab.getByRole('heading', { name: 'Agents and teams', level: 1 }).waitFor();
    for (const a of api.agents)
      expect(await cellsOf(tab, 'Agents', new RegExp(literal(a.agent)))).toEqual([
        a.agent,
        shown(a.messagesRead),
        shown(a.repliesSent),
        shown(a.firstResponses),
        shown(a.medianFirstResponseMinutes),
        shown(a.casesResolved),
      ]);
    // The charts have accessible names; the figures beside them are the API's, day by day.
    expect(await tab.getByRole('img', { name: /Open cases at the end of each day/ }).count()).toBe(1);
    expect(await tab.getByRole('img', { name: /Cases opened per day/ }).count()).toBe(1);
    const all = api.series.find((s) => s.dim === 'all');
    const today = all?.days.at(-1);
    if (!today) throw new Error('no day in the series');
    expect(await cellsOf(tab, 'Figures shown in the chart', new RegExp(`^${today.day}`))).toEqual([
      today.day,
      String(today.opened),
      String(today.open),
    ]);
    expect(today.opened).toBeGreaterThanOrEqual(3);
    // Per severity: the Sev-1 has its own line and columns.
    await tab.getByRole('button', { name: 'Severity' }).click();
    const sev1 = api.series.find((s) => s.dim === 'severity' && s.value === 'SEV1')?.days.at(-1);
    expect(await tab.getByRole('columnheader', { name: 'Sev-1: opened' }).count()).toBe(1);
    const sev1Cells = await cellsOf(tab, 'Figures shown in the chart', new RegExp(`^${today.day}`));
    expect(sev1Cells).toContain(String(sev1?.opened));
    await tab.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => tab.getByRole('row', { name: /^\d{4}-\d{2}-\d{2}/ }).count()).toBe(7);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reports-agents')).toEqual([]);

    const csv = await downloaded(tab);
    const apiCsv = await (await cf.api(`/api/reports/agents?month=${month}&format=csv`)).text();
    expect(csv).toBe(apiCsv);
    expect(csv).toContain('bob.l1');
    await tab.context().close();
  }, 90_000);

  it('SLA compliance: last month and this, per customer and plan the API’s figures, % met charted with its table, the CSV', async () => {
    // Last month as seeded: one acknowledgement of three missed; Acme's limit reached that day.
    const seeded = await json<SlaJson>(`/api/reports/sla?month=${lastMonth}`);
    const acme = seeded.customers.find((c) => c.name.startsWith('Acme'));
    expect(acme?.targets.find((t) => t.target === 'acknowledgement')).toMatchObject({
      count: 2,
      met: 1,
      missed: 1,
    });
    expect(acme?.guaranteed).toMatchObject({
      usedMinutes: 1000,
      limitMinutes: 900,
      limitReachedOn: secondTuesday('').slice(0, 10),
    });

    // From the time reports to SLA compliance through the rail's Reports section: last month first.
    const tab = await signedIn(SUPERVISOR, TEST_STAFF_PASSWORD, '/reports/time');
    await tab.getByRole('heading', { name: 'Time reports', level: 1 }).waitFor();
    await tab.getByRole('link', { name: 'SLA compliance' }).click();
    await tab.getByRole('heading', { name: 'SLA compliance', level: 1 }).waitFor();
    await slaMatchesApi(tab, seeded);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reports-sla')).toEqual([]);
    // Per customer: one bar per customer for the chosen kind, its figures beside it.
    await tab.getByRole('button', { name: 'By customer' }).click();
    await tab.getByRole('img', { name: /Targets met, % — First response/ }).waitFor();
    const first = acme?.targets.find((t) => t.target === 'firstResponse');
    if (!acme || !first) throw new Error('no first response counted for Acme');
    expect(await cellsOf(tab, 'Figures shown in the chart', /^Acme/)).toEqual([
      acme.name,
      shown(first.met),
      shown(first.count),
      `${shown(first.percentMet)} %`,
    ]);
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reports-sla-by-customer')).toEqual([]);
    expect(await downloaded(tab)).toBe(
      await (await cf.api(`/api/reports/sla?month=${lastMonth}&format=csv`)).text()
    );

    // This month, picked in the month picker: the address follows.
    await tab.getByRole('button', { name: /^Month/ }).click();
    await tab.getByRole('option', { name: month }).click();
    await tab.waitForURL((url) => url.pathname === '/reports/sla' && url.searchParams.get('month') === month);
    await tab.getByRole('button', { name: 'By target kind' }).click();
    await slaMatchesApi(tab, await json<SlaJson>(`/api/reports/sla?month=${month}`));
    expect(await downloaded(tab)).toBe(
      await (await cf.api(`/api/reports/sla?month=${month}&format=csv`)).text()
    );
    await tab.context().close();
  }, 120_000);

  it('in Polish: the rail’s Reports section and both pages speak Polish', async () => {
    const tab = await signedIn(POLISH_SUPERVISOR, TEST_STAFF_PASSWORD, `/reports/agents?month=${month}`);
    await tab.getByRole('heading', { name: 'Agenci i zespoły', level: 1 }).waitFor();
    await tab.getByRole('img', { name: /Otwarte zgłoszenia na koniec dnia/ }).waitFor();
    await tab.getByRole('link', { name: 'Zgodność z SLA' }).click();
    await tab.getByRole('heading', { name: 'Zgodność z SLA', level: 1 }).waitFor();
    await tab.getByRole('heading', { name: 'Według klienta' }).waitFor();
    expect(await screensAtBothWidths(tab, ARTIFACTS, 'reports-sla-pl')).toEqual([]);
    await tab.context().close();
  }, 60_000);

  it('an agent has no Reports entry in the rail, and the API refuses them the reports', async () => {
    const tab = await signedIn(AGENT, TEST_STAFF_PASSWORD, '/');
    await tab.getByRole('link', { name: 'All cases' }).waitFor();
    expect(await tab.getByText('Reports', { exact: true }).count()).toBe(0);
    expect(await tab.getByRole('link', { name: 'SLA compliance' }).count()).toBe(0);
    expect((await cf.as(AGENT)(`/api/reports/sla?month=${month}`)).status).toBe(403);
    await tab.context().close();
  }, 60_000);
});

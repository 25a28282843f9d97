import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from '../functions/config/demo-config';
import { parseConfig } from '../functions/config/load';
import { DynamoReportAggregateStore } from '../functions/data/report-aggregates/dynamo-report-aggregate-store';
import { SingleTable } from '../functions/data/single-table';
import { aggregate } from '../functions/domain/reports/aggregate';
import type { CaseDimensions, ReportFact, ReportTargetKind } from '../functions/domain/reports/facts';
import { daysOfMonth } from '../functions/domain/reports/report-day';
import { slaReport } from '../functions/use-cases/reports/read-reports';
import { silentLog } from '../local/console-log';
import { ensureCaseTable, startDynamoDbLocal } from '../local/dynamodb';
import { startCaseflow } from '../local/runtime';
import { staffClients, TEST_ADMIN } from '../test/support/staff';
import { mulberry32 } from './seeded-random';

/**
 * `npm run bench:reports` (docs/reports.md): a month's SLA report for BENCH_REPORT_CUSTOMERS (100)
 * customers with BENCH_REPORT_CASES (50,000) cases in the month answers in ≤ 500 ms (p95 of
 * BENCH_REPORT_RUNS, 20) through GET /api/reports/sla against DynamoDB Local as `npm start` runs
 * it, and how many DynamoDB requests one report makes; the use-case alone is timed beside it. The month's aggregate items are
 * seeded as the rebuild writes them (the store's batch writes), from facts made up in memory with
 * a seeded generator: every case opened, acknowledged and answered, a third resolved under a
 * resolution target, every 50th a Sev-1 with callback and updates, replies with logged minutes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100);
const CASES = Number(process.env.BENCH_REPORT_CASES ?? 50_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 20);
const MONTH = '2026-11';
const GOAL_MS = 500;
const PLANS = ['STANDARD', 'ENTERPRISE', 'START', 'SAAS-SLA'];
const AGENTS = Array.from({ length: 40 }, (_, i) => `agent${i}@support.example.com`);
const TEAMS = ['L1', 'L2_BILLING', 'L3_SYSADMIN'];
const SUPERVISOR = 'supervisor@support.example.com';

function monthOfFacts(): ReportFact[] {
  const random = mulberry32(2026_11); // the same month every run
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const days = daysOfMonth(MONTH);
  const facts: ReportFact[] = [];
  for (let n = 0; n < CASES; n++) {
    const customer = n % CUSTOMERS;
    const dims: CaseDimensions = {
      team: pick(TEAMS),
      severity: n % 50 === 0 ? 'SEV1' : 'NON_CRITICAL',
      customerId: `customer-${customer}`,
      plan: PLANS[customer % PLANS.length] as string,
    };
    const day = pick(days);
    const agent = pick(AGENTS);
    const id = `bench-${n}`;
    const target = (kind: ReportTargetKind, minutes: number, due: number, by: string | null) =>
      facts.push({
        id: `${id}:target:${kind}`,
        kind: 'target',
        day,
        target: kind,
        met: minutes <= due,
        minutes,
        agent: by,
        ...dims,
      });
    facts.push({ id: `${id}:opened`, kind: 'opened', day, ...dims });
    target('acknowledgement', 1 + Math.floor(random() * 3), 2, null);
    target('firstResponse', Math.floor(random() * 300), 240, agent);
    facts.push({
      id: `${id}:reply`,
      kind: 'reply',
      day,
      agent,
      guaranteedMinutes: pick([0, 0, 15, 30]),
      ...dims,
    });
    if (n % 3 === 0) {
      target('resolution', Math.floor(random() * 2600), 2400, null);
      facts.push({ id: `${id}:resolved`, kind: 'resolved', day, agent, ...dims });
    }
    if (dims.severity === 'SEV1') {
      target('sev1Callback', Math.floor(random() * 25), 15, agent);
      target('update', Math.floor(random() * 90), 60, null);
    }
  }
  return facts;
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] as number;
const p95 = (sorted: number[]) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] as number;
const ms = (t: number) => `${t.toFixed(0)} ms`;

/** Times `run` RUNS times after one warm-up, counting the DynamoDB requests of each. */
async function timed(run: () => Promise<void>, counter: { n: number }) {
  await run();
  const times: number[] = [];
  const requests: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    counter.n = 0;
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
    requests.push(counter.n);
  }
  times.sort((a, b) => a - b);
  return { times, requests: Math.max(...requests) };
}

async function main(): Promise<void> {
  // DynamoDB Local as `npm start` runs it (the quick-starting JVM, in memory).
  const db = await startDynamoDbLocal();
  const dataDir = await mkdtemp(join(tmpdir(), 'caseflow-bench-reports-'));
  // The month sums' reads (REPORTMONTH#… keys): a report's own requests, whatever else runs meanwhile.
  const reportReads = { n: 0 };
  const allRequests = { n: 0 };
  db.client.middlewareStack.add(
    (next) => async (args) => {
      allRequests.n++;
      if (
        JSON.stringify(
          (args.input as { ExpressionAttributeValues?: unknown }).ExpressionAttributeValues ?? {}
        ).includes('REPORT')
      )
        reportReads.n++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' }
  );
  let cf: Awaited<ReturnType<typeof startCaseflow>> | undefined;
  try {
    await ensureCaseTable(db.client, 'reports');
    const table = new SingleTable(db.client, 'reports');
    const reports = new DynamoReportAggregateStore(table);
    const config = parseConfig(
      {
        ...demoConfig,
        customers: Array.from({ length: CUSTOMERS }, (_, i) => ({
          id: `customer-${i}`,
          name: `Customer ${String(i).padStart(3, '0')}`,
          domains: [`customer-${i}.example`],
          plan: PLANS[i % PLANS.length] as string,
          contacts: [{ email: `it@customer-${i}.example`, name: 'IT' }],
        })),
      },
      'bench'
    );

    const seedStarted = performance.now();
    const facts = monthOfFacts();
    const items = [...aggregate(facts).values()];
    await reports.replace({ days: daysOfMonth(MONTH), months: [MONTH] }, items, []);
    const seedMs = performance.now() - seedStarted;
    console.log(
      `seed: ${CASES.toLocaleString('en-US')} cases (${facts.length.toLocaleString('en-US')} facts) of ${CUSTOMERS} customers as ${items.length.toLocaleString('en-US')} aggregate items (the rebuild's batch writes) in ${(seedMs / 1000).toFixed(1)} s`
    );

    const deps = { config, clock: { now: () => new Date('2026-12-02T10:00:00Z') }, reports };
    const first = await slaReport(deps, MONTH);
    if (first.customers.length !== CUSTOMERS) throw new Error('bench: a customer is missing');
    const acknowledged = first.customers.reduce((s, c) => s + (c.targets[0]?.count ?? 0), 0);
    if (acknowledged !== CASES)
      throw new Error(`bench: ${acknowledged} acknowledgements counted, ${CASES} seeded`);
    const useCase = await timed(async () => {
      await slaReport(deps, MONTH);
    }, reportReads);

    // The real path: GET /api/reports/sla through the local API (token verified, permission
    // checked, JSON written) as a supervisor signed in at the local issuer.
    cf = await startCaseflow({
      dataDir,
      smtpPort: 0,
      httpPort: 0,
      timeScale: 1,
      clockStart: new Date('2026-12-02T10:00:00Z'),
      config,
      dynamodbClient: db.client,
      tableName: 'reports',
      log: silentLog,
      admin: TEST_ADMIN,
    });
    const staff = staffClients(cf.httpUrl, TEST_ADMIN);
    const made = await staff.api('/api/users', {
      method: 'POST',
      body: JSON.stringify({
        email: SUPERVISOR,
        displayName: 'Supervisor',
        roles: ['supervisor'],
        teams: TEAMS,
      }),
    });
    if (!made.ok) throw new Error(`bench: the supervisor was not made: ${made.status} ${await made.text()}`);
    const supervisor = staff.as(SUPERVISOR);
    let bytes = 0;
    const http = await timed(async () => {
      const res = await supervisor(`/api/reports/sla?month=${MONTH}`);
      const body = await res.text();
      if (!res.ok) throw new Error(`bench: the report answered ${res.status}: ${body}`);
      bytes = body.length;
    }, reportReads);
    // Every request during the HTTP runs, the token's and permission's reads included.
    const perRequest = await timed(async () => {
      const res = await supervisor(`/api/reports/sla?month=${MONTH}`);
      await res.text();
    }, allRequests);

    const row = (name: string, r: { times: number[] }) =>
      console.log(
        `${name}: median ${ms(median(r.times))}, p95 ${ms(p95(r.times))}  (runs: ${r.times.map((t) => t.toFixed(0)).join(', ')})`
      );
    row(`use-case slaReport (${RUNS} runs)`, useCase);
    row(
      `GET /api/reports/sla?month=${MONTH} as a supervisor (${RUNS} runs, ${(bytes / 1024).toFixed(0)} KB JSON)`,
      http
    );
    console.log(
      `DynamoDB requests per report: ${http.requests} reading the month's sums (one query per partition of them), ${perRequest.requests} in all per HTTP request`
    );
    const held = p95(http.times) <= GOAL_MS;
    console.log(
      `goal: month's SLA report, ${CUSTOMERS} customers, ${CASES.toLocaleString('en-US')} cases, through the API ≤ ${GOAL_MS} ms  median ${ms(median(http.times))}, p95 ${ms(p95(http.times))}, ${http.requests} requests  ${held ? 'holds' : 'MISSED'}`
    );
    if (!held) process.exitCode = 1;
  } finally {
    await cf?.stop();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

import { demoConfig } from '../functions/config/demo-config';
import { parseConfig } from '../functions/config/load';
import { DynamoReportAggregateStore } from '../functions/data/report-aggregates/dynamo-report-aggregate-store';
import { SingleTable } from '../functions/data/single-table';
import { aggregate } from '../functions/domain/reports/aggregate';
import type { CaseDimensions, ReportFact, ReportTargetKind } from '../functions/domain/reports/facts';
import { daysOfMonth } from '../functions/domain/reports/report-day';
import { slaReport } from '../functions/use-cases/reports/read-reports';
import { ensureCaseTable, startDynamoDbLocal } from '../local/dynamodb';

/**
 * `npm run bench:reports` (docs/reports.md): a month's SLA report for BENCH_REPORT_CUSTOMERS (100)
 * customers with BENCH_REPORT_CASES (50,000) cases in the month answers in ≤ 500 ms against
 * DynamoDB Local, and how many DynamoDB requests one report makes. The month's aggregate items are
 * seeded as the rebuild writes them (the store's batch writes), from facts made up in memory with
 * a seeded generator: every case opened, acknowledged and answered, a third resolved under a
 * resolution target, every 50th a Sev-1 with callback and updates, replies with logged minutes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100);
const CASES = Number(process.env.BENCH_REPORT_CASES ?? 50_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 7);
const MONTH = '2026-11';
const GOAL_MS = 500;
const PLANS = ['STANDARD', 'ENTERPRISE', 'START', 'SAAS-SLA'];
const AGENTS = Array.from({ length: 40 }, (_, i) => `agent${i}@support.example.com`);
const TEAMS = ['L1', 'L2_BILLING', 'L3_SYSADMIN'];

/** mulberry32: the same month every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function monthOfFacts(): ReportFact[] {
  const random = prng(2026_11);
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

async function main(): Promise<void> {
  const db = await startDynamoDbLocal();
  let requests = 0;
  // Every request the client sends, whichever store method sends it.
  db.client.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' }
  );
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

    let started = performance.now();
    const facts = monthOfFacts();
    const items = [...aggregate(facts).values()];
    await reports.replace({ days: daysOfMonth(MONTH), months: [MONTH] }, items, []);
    const seedMs = performance.now() - started;
    console.log(
      `seeded ${CASES.toLocaleString('en-US')} cases (${facts.length.toLocaleString('en-US')} facts) of ${CUSTOMERS} customers as ${items.length.toLocaleString('en-US')} aggregate items in ${(seedMs / 1000).toFixed(1)} s`
    );

    const deps = { config, clock: { now: () => new Date('2026-12-02T10:00:00Z') }, reports };
    // The first report warms the connection pool; the goal is on the runs after it.
    const first = await slaReport(deps, MONTH);
    const times: number[] = [];
    let perReport = 0;
    for (let run = 0; run < RUNS; run++) {
      requests = 0;
      started = performance.now();
      const report = await slaReport(deps, MONTH);
      times.push(performance.now() - started);
      perReport = requests;
      if (report.customers.length !== CUSTOMERS) throw new Error('bench: a customer is missing');
    }
    const opened = first.customers.reduce((s, c) => s + (c.targets[0]?.count ?? 0), 0);
    if (opened !== CASES) throw new Error(`bench: ${opened} acknowledgements counted, ${CASES} seeded`);
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    const worst = times[times.length - 1] as number;
    console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
    console.log(
      `DynamoDB requests per report: ${perReport} (the month sums of customers and of plans, with their pages)`
    );
    console.log(
      `goal: month's SLA report, ${CUSTOMERS} customers, ${CASES.toLocaleString('en-US')} cases ≤ ${GOAL_MS} ms  median ${median.toFixed(0)} ms, slowest ${worst.toFixed(0)} ms, ${perReport} requests  ${median <= GOAL_MS ? 'holds' : 'MISSED'}`
    );
    if (median > GOAL_MS) process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

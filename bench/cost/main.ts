import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CASE_CLOCK_MACHINE, SEV1_CALLBACK_MACHINE } from '../../functions/adapters/local/local-workflows';
import { localDynamoClient, startDynamoDbLocal } from '../../local/dynamodb';
import { startCaseflow } from '../../local/runtime';
import { staffClients, TEST_ADMIN } from '../../test/support/staff';
import { itemSize } from '../write-recorder';
import { CostMeter, OUTSIDE } from './meter';
import { costConfig, MIX, MixDriver, mixOf } from './mix';
import { addUsage, emptyUsage, GB, type LineItem, priceUsage, scaleUsage, topItems, total } from './model';
import { PRICES } from './prices';
import { adviceFor, breakdownTable, count, usd } from './report';
import {
  CLOCK_END_TRANSITIONS,
  memoryOf,
  mixUsage,
  PER_CASE_FUNCTIONS,
  repeatedRequests,
  type Tallies,
  tallyOf,
} from './usage';

/**
 * `npm run cost`: replays the documented mix (bench/cost/mix.ts) through the local runtime,
 * counts what each AWS service would bill, prices it from bench/cost/prices.ts and prints the
 * cost per 1,000 cases with its three biggest lines (docs/cost.md).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CASES = Number(process.env.COST_CASES ?? 100);
const CONCURRENCY = Number(process.env.COST_CONCURRENCY ?? 4);
/** Fast enough that a Sev-1 is acknowledged and called back within its deadlines in seconds. */
const TIME_SCALE = Number(process.env.COST_TIME_SCALE ?? 60);
/** How long the console has a case open per agent action (reply, update, resolve), in seconds. */
const CONSOLE_SECONDS = Number(process.env.COST_CONSOLE_SECONDS ?? 120);
/** A Tuesday morning in Warsaw: every calendar is open, so no notice waits for opening hours. */
const CLOCK_START = new Date('2026-12-15T09:00:00+01:00');
/** The console's polling (console/src/screens/CaseScreen.tsx, console/src/lib/presence.ts, QueueScreen.tsx). */
const CASE_POLL_SECONDS = 2;
const PRESENCE_POLL_SECONDS = 1.5;
const QUEUE_POLL_SECONDS = 1.5;
const WATCHDOG_RUNS_PER_MONTH = (30 * 24 * 60) / 5;
const AGENT = 'agent@support.example.com';
const PER = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (values: Record<string, number> | undefined) =>
  Object.values(values ?? {}).reduce((n, v) => n + v, 0);
const pct = (part: number, whole: number) => `${whole ? Math.round((part / whole) * 100) : 0} %`;

async function main(): Promise<void> {
  if (!(CASES >= 20)) throw new Error('COST_CASES must be at least 20 (the mix needs room for every kind)');
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-cost-'));
  const db = await startDynamoDbLocal({ dbPath: join(dir, 'dynamodb') });
  const meter = new CostMeter();
  const client = localDynamoClient(db.endpoint);
  meter.attach(client);
  const tableName = 'cost';
  let run: Run | undefined;
  try {
    const cf = await startCaseflow({
      dataDir: join(dir, 'data'),
      smtpPort: 0,
      httpPort: 0,
      timeScale: TIME_SCALE,
      clockStart: CLOCK_START,
      config: costConfig(CASES),
      dynamodbClient: client,
      tableName,
      log: meter.log(),
      admin: TEST_ADMIN,
      meter,
    });
    const agent = staffClients(cf.httpUrl, TEST_ADMIN).as(AGENT);
    const driver = new MixDriver(cf, meter, agent);
    try {
      // Signing in and the start-up's own work are not part of any case.
      const warm = await agent('/api/queue?team=L1');
      if (!warm.ok) throw new Error(`signing the agent in failed: ${warm.status}`);
      await sleep(1000);
      meter.reset();
      const before = await cf.stepFunctions.stats();
      const began = performance.now();
      const kinds = mixOf(CASES);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < kinds.length) {
            const i = next++;
            await driver.run(kinds[i] as (typeof kinds)[number], i);
          }
        })
      );
      // Workflows and listeners finish what the last steps started.
      for (let still = 0, seen = -1; still < 4; await sleep(500)) {
        still = meter.inFlight === 0 && meter.begun === seen ? still + 1 : 0;
        seen = meter.begun;
      }
      const seconds = (performance.now() - began) / 1000;
      const after = await cf.stepFunctions.stats();
      const tallies = meter.snapshot();
      const delta = (k: 'transitions' | 'started') => sum(after[k]) - sum(before[k]);
      const outbox = await outboxMails(cf.outboxDir);
      const replayed = mixUsage({
        tallies,
        transitions: delta('transitions'),
        executionsStarted: delta('started'),
        waitingClocks: after.running[CASE_CLOCK_MACHINE] ?? 0,
        inbound: driver.replay.inbound,
        outboundBytesPerMail: outbox.count ? outbox.bytes / outbox.count : 0,
      });
      const kept = await keptData(client, tableName, driver.replay.inbound.bytes);
      run = {
        seconds,
        kinds,
        tallies,
        replayed,
        problems: [
          ...driver.replay.problems,
          ...((after.running[SEV1_CALLBACK_MACHINE] ?? 0)
            ? [`${after.running[SEV1_CALLBACK_MACHINE]} Sev-1 workflows still running at the end`]
            : []),
        ],
        waitingClocks: after.running[CASE_CLOCK_MACHINE] ?? 0,
        transitionsBy: Object.fromEntries(
          Object.entries(after.transitions).map(([machine, n]) => [
            machine,
            n -
              (before.transitions[machine] ?? 0) +
              (machine === CASE_CLOCK_MACHINE ? (after.running[machine] ?? 0) * CLOCK_END_TRANSITIONS : 0),
          ])
        ),
        kept,
        pages: driver.pageCount,
      };
    } finally {
      driver.close();
      await cf.stop();
    }
  } finally {
    client.destroy();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (run) report(run);
}

async function outboxMails(outboxDir: string): Promise<{ count: number; bytes: number }> {
  const files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml'));
  const sizes = await Promise.all(files.map(async (f) => (await stat(join(outboxDir, f))).size));
  return { count: files.length, bytes: sizes.reduce((n, s) => n + s, 0) };
}

/** Bytes the replay left in the table (items + 100 bytes each, as DynamoDB counts) and in the raw-mail bucket. */
async function keptData(
  client: ReturnType<typeof localDynamoClient>,
  tableName: string,
  inbound: number[]
): Promise<{ tableBytes: number; rawMailBytes: number }> {
  const doc = DynamoDBDocumentClient.from(client);
  let tableBytes = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    for (const item of page.Items ?? []) tableBytes += itemSize(item) + 100;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { tableBytes, rawMailBytes: inbound.reduce((n, b) => n + b, 0) };
}

interface Run {
  seconds: number;
  kinds: string[];
  tallies: Tallies;
  replayed: ReturnType<typeof mixUsage>;
  problems: string[];
  waitingClocks: number;
  /** Per state machine, with the waiting clocks' last wake-ups. */
  transitionsBy: Record<string, number>;
  kept: { tableBytes: number; rawMailBytes: number };
  pages: number;
}

function report(run: Run): void {
  const { tallies } = run;
  const scale = PER / CASES;
  const route = (label: string) => tallyOf(tallies, 'api', label);
  const caseRoute = route('GET /api/cases/:id');
  const presenceRoute = route('POST /api/cases/:id/presence');
  const staffActions =
    route('POST /api/cases/:id/replies').invocations + route('POST /api/cases/:id/resolve').invocations;
  // The replay made each open's first requests; the console repeats them while the case stays open.
  const casePolls = Math.max(0, CONSOLE_SECONDS / CASE_POLL_SECONDS - 1) * staffActions;
  const presencePolls = Math.max(0, CONSOLE_SECONDS / PRESENCE_POLL_SECONDS - 1) * staffActions;
  const polling = scaleUsage(
    addUsage(repeatedRequests(caseRoute, casePolls), repeatedRequests(presenceRoute, presencePolls)),
    scale
  );
  const replayLines = priceUsage(scaleUsage(run.replayed, scale), PRICES);
  const pollingLines = new Map(priceUsage(polling, PRICES).map((l) => [l.key, l]));
  const combined: LineItem[] = replayLines.map((r) => ({
    ...r,
    quantity: r.quantity + (pollingLines.get(r.key)?.quantity ?? 0),
    dollars: r.dollars + (pollingLines.get(r.key)?.dollars ?? 0),
  }));
  const all = total(combined);
  const replayTotal = total(replayLines);

  const counts = new Map<string, number>();
  for (const k of run.kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const out: string[] = [];
  out.push(
    `caseflow cost per 1,000 cases — ${PRICES.region} list prices reviewed ${PRICES.reviewed} (bench/cost/prices.ts)`
  );
  out.push(
    `Replayed ${CASES} cases (${MIX.map((m) => `${counts.get(m.kind) ?? 0} ${m.kind}`).join(', ')}) through the local runtime in ${run.seconds.toFixed(0)} s at ${TIME_SCALE}× clock; counts × ${count(scale, 2)} for 1,000.`
  );
  out.push(
    `Console polling is modeled: ${CONSOLE_SECONDS} s open per agent action (${count(staffActions * scale)} actions per 1,000 cases), the case every ${CASE_POLL_SECONDS} s and presence every ${PRESENCE_POLL_SECONDS} s, each like the measured average request.`
  );
  if (run.waitingClocks)
    out.push(
      `${run.waitingClocks} case clocks were still waiting at the end; each one's last wake-up (3 transitions, 1 step) is added.`
    );
  for (const p of run.problems) out.push(`PROBLEM: ${p}`);
  if (process.env.COST_DETAIL) out.push('', detail(tallies, scale));
  out.push('', breakdownTable(replayLines, pollingLines), '');
  const ses = total(replayLines.filter((l) => l.service === 'SES'));
  out.push(
    `Goal ≤ $0.50 per 1,000 cases: ${all <= 0.5 ? 'met' : 'NOT met'} (${usd(all)}; the replay alone ${usd(replayTotal)}, console polling ${usd(all - replayTotal)}).`,
    `SES alone charges ${usd(ses)} for this mix (${count((run.replayed.ses.inboundMessages * scale) / PER, 2)} mails in and ${count((run.replayed.ses.outboundMessages * scale) / PER, 2)} out per case).`
  );

  const biggest = (title: string, items: LineItem[], whole: number, polled: boolean) => {
    out.push('', title);
    for (const [n, item] of topItems(items, 3).entries()) {
      out.push(
        `  ${n + 1}. ${item.service} ${item.item}: ${usd(item.dollars)} per 1,000 cases (${pct(item.dollars, whole)})`
      );
      const where =
        item.key === 'stepFunctions.transitions'
          ? Object.entries(run.transitionsBy)
              .sort((a, b) => b[1] - a[1])
              .map(([machine, n]) => `${machine} ${pct(n, sum(run.transitionsBy))}`)
              .join(', ')
          : contributors(item.key, tallies, polled ? casePolls : 0, polled ? presencePolls : 0);
      if (where) out.push(`     where: ${where}`);
      out.push(`     shrink: ${adviceFor(item.key)}`);
    }
  };
  biggest('Biggest three lines, and what would shrink them:', combined, all, true);
  biggest('Without the console polling, the biggest three:', replayLines, replayTotal, false);

  // Not per case: the watchdog runs every 5 minutes whatever the cases; the queue screen polls per agent.
  const watchdog = tallyOf(tallies, 'watchdog');
  if (watchdog.invocations) {
    const perRun = scaleUsage(
      {
        ...emptyUsage(),
        lambda: {
          watchdog: {
            memoryMb: memoryOf('watchdog'),
            invocations: 1,
            billedMs: watchdog.billedMs / watchdog.invocations,
          },
        },
        dynamodb: {
          readUnits: watchdog.readUnits / watchdog.invocations,
          writeUnits: watchdog.writeUnits / watchdog.invocations,
        },
      },
      WATCHDOG_RUNS_PER_MONTH
    );
    out.push(
      '',
      `Not per case: the watchdog (every 5 min) ${usd(total(priceUsage(perRun, PRICES)))} per month with this run's open cases; the queue screen ${usd(total(priceUsage(repeatedRequests(route('GET /api/queue'), 3600 / QUEUE_POLL_SECONDS), PRICES)))} per agent-hour it stays open. Fixed monthly charges (KMS key, WAF ACL and rules, alarms, metrics) are in docs/cost.md.`
    );
  }
  const outside = tallyOf(tallies, OUTSIDE);
  out.push(
    `Left out as local scaffolding: ${count(outside.dynamoRequests)} DynamoDB requests outside any function (the desk's local schedules, start-up).`
  );
  const tableGb = (run.kept.tableBytes * scale) / GB;
  const rawGb = (run.kept.rawMailBytes * scale) / GB;
  out.push(
    `Kept data (not in the total): ${count(tableGb * 1024, 1)} MB in DynamoDB per 1,000 cases (${usd(tableGb * (PRICES.dynamodb.storageGbMonth + PRICES.dynamodb.pitrGbMonth))} a month with PITR), ${count(rawGb * 1024, 1)} MB of raw mail in S3 (${usd(rawGb * PRICES.s3.storageGbMonth)} a month).`
  );
  const smsPages = run.pages * scale;
  out.push(
    `If every page also went by SMS (the demo on-call chain has no phone numbers): +${usd(smsPages * PRICES.sms.partToPoland)} per 1,000 cases (${count(smsPages)} one-part SMS to Poland).`
  );
  process.stdout.write(`${out.join('\n')}\n`);
  if (run.problems.length) process.exitCode = 1;
}

/** COST_DETAIL=1: what each function and route did per 1,000 cases, and per invocation. */
function detail(tallies: Tallies, scale: number): string {
  const rows = [...tallies].flatMap(([fn, labels]) =>
    [...labels].map(([label, t]) => {
      const n = t.invocations || 1;
      return `  ${`${fn} ${label}`.padEnd(44)} ${count(t.invocations * scale).padStart(7)} calls  ${count(t.billedMs / n, 1).padStart(6)} ms  ${count(t.readUnits / n, 1).padStart(5)} RRU  ${count(t.writeUnits / n, 1).padStart(5)} WRU  ${count(t.dynamoRequests / n, 1).padStart(5)} requests  ${count(t.responseBytes / n).padStart(6)} B out (each)`;
    })
  );
  return ['Measured, per 1,000 cases and per invocation:', ...rows].join('\n');
}

/** Which functions, routes or actions a line comes from, largest first. */
function contributors(key: string, tallies: Tallies, casePolls: number, presencePolls: number): string {
  const metric: Record<string, (t: ReturnType<typeof tallyOf>) => number> = {
    'dynamodb.read': (t) => t.readUnits,
    'dynamodb.write': (t) => t.writeUnits,
    'apiGateway.requests': (t) => t.invocations,
    'cloudFront.requests': (t) => t.invocations,
    'waf.requests': (t) => t.invocations,
    'xray.traces': (t) => t.invocations,
    'cloudFront.dataOut': (t) => t.responseBytes,
    'lambda.requests': (t) => t.invocations,
    'ses.outbound': (t) => t.mails,
    'kms.requests': (t) => t.kmsRequests,
    'eventBridge.events': (t) => t.events,
  };
  const fnOf = key.startsWith('lambda.duration.') ? key.slice('lambda.duration.'.length) : undefined;
  const measure = fnOf ? (t: ReturnType<typeof tallyOf>) => t.billedMs : metric[key];
  if (!measure) return '';
  const rows: [string, number][] = [];
  for (const fn of PER_CASE_FUNCTIONS) {
    if (fnOf && fn !== fnOf) continue;
    if (key.startsWith('apiGateway') || key.startsWith('cloudFront') || key.startsWith('waf')) {
      if (fn !== 'api') continue;
    }
    for (const [label] of tallies.get(fn) ?? []) {
      const t = tallyOf(tallies, fn, label);
      rows.push([`${fn}${label ? ` ${label}` : ''}`, measure(t)]);
    }
  }
  if (!fnOf || fnOf === 'api') {
    const polled = (label: string, n: number) => {
      const t = tallyOf(tallies, 'api', label);
      return t.invocations ? (measure(t) / t.invocations) * n : 0;
    };
    rows.push(['console polling GET /api/cases/:id', polled('GET /api/cases/:id', casePolls)]);
    rows.push([
      'console polling POST /api/cases/:id/presence',
      polled('POST /api/cases/:id/presence', presencePolls),
    ]);
  }
  const whole = rows.reduce((n, [, v]) => n + v, 0);
  return rows
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([what, v]) => `${what} ${pct(v, whole)}`)
    .join(', ');
}

main().catch((error) => {
  process.stderr.write(`npm run cost failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});

import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../functions/domain/case';
import type { Team } from '../functions/domain/team';
import { silentLog } from '../local/console-log';
import { CONSOLE_DIST } from '../local/console-site';
import { ensureCaseTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb';
import { startCaseflow } from '../local/runtime';
import { CHROMIUM } from '../test/support/browser';
import { caseRecord } from '../test/support/case-record';

/**
 * `npm run bench:console`: what the agent console costs, against a baseline from the same run.
 * 1. JS shipped: the built console's scripts, gzip -9 (budget 400 KB).
 * 2. Time to the first row: a queue of BENCH_CONSOLE_CASES (10,000) open cases against one of 10,
 *    each opened RUNS times in Chromium (navigation → first row visible), medians; the goal is
 *    ≤ 1 s and the big queue as fast as the small one (ratio ≤ 1.25).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BIG = Number(process.env.BENCH_CONSOLE_CASES ?? 10_000);
const SMALL = 10;
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 7);
const ADMIN = { email: 'admin@support.example.com', password: 'Bench-admin-Passw0rd!' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    })
  );
}

/**
 * The scripts a first load of the console fetches (the entry and what index.html preloads), gzip
 * -9, and every script there is (the case screen and the folders load when first opened).
 */
function jsShipped(): { firstLoadGzip: number; firstLoadFiles: number; allGzip: number } {
  const gz = (file: string) => gzipSync(readFileSync(join(CONSOLE_DIST, file)), { level: 9 }).length;
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const all = readdirSync(join(CONSOLE_DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    firstLoadGzip: firstLoad.reduce((sum, f) => sum + gz(f), 0),
    firstLoadFiles: firstLoad.length,
    allGzip: all.reduce((sum, f) => sum + gz(f), 0),
  };
}

async function main(): Promise<void> {
  const shipped = jsShipped();
  console.log(
    `JS shipped on first load: ${(shipped.firstLoadGzip / 1024).toFixed(1)} KB gzip in ${shipped.firstLoadFiles} file(s) ` +
      `(budget 400 KB): ${shipped.firstLoadGzip <= 400 * 1024 ? 'holds' : 'MISSED'}; ` +
      `all scripts ${(shipped.allGzip / 1024).toFixed(1)} KB`
  );

  const dir = await mkdtemp(join(tmpdir(), 'caseflow-bench-console-'));
  const db = await startDynamoDbLocal({ dbPath: join(dir, 'db') });
  const client = localDynamoClient(db.endpoint);
  await ensureCaseTable(client, 'console');
  const cf = await startCaseflow({
    dataDir: join(dir, 'data'),
    smtpPort: 0,
    httpPort: 0,
    timeScale: 1,
    dynamodbClient: client,
    tableName: 'console',
    log: silentLog,
    admin: ADMIN,
  });
  try {
    const seedStarted = Date.now();
    const seeds = [
      ...Array.from({ length: BIG }, (_, i) => ['L1', i] as [Team, number]),
      ...Array.from({ length: SMALL }, (_, i) => ['L2_BILLING', BIG + i] as [Team, number]),
    ];
    await pool(seeds, 24, async ([team, i]) => seedCase(cf.services, team, i));
    console.log(`seeded ${BIG} + ${SMALL} open cases in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    if (!CHROMIUM)
      throw new Error('the console bench needs Chromium (apt-get install chromium, or CHROMIUM_PATH)');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const tab = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await tab.goto(`${cf.httpUrl}/queues/L2_BILLING`);
    await tab.getByLabel('Email').fill(ADMIN.email);
    await tab.getByLabel('Password').fill(ADMIN.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('row', { name: /CF-/ }).first().waitFor({ timeout: 30_000 });
    const firstRow = async (queue: string) => {
      const started = Date.now();
      await tab.goto(`${cf.httpUrl}/queues/${queue}`);
      await tab.getByRole('row', { name: /CF-/ }).first().waitFor({ timeout: 30_000 });
      return Date.now() - started;
    };
    const big: number[] = [];
    const small: number[] = [];
    // Paired and alternated, so both see the same machine.
    for (let run = 0; run < RUNS; run++) {
      small.push(await firstRow('L2_BILLING'));
      big.push(await firstRow('L1'));
    }
    await browser.close();
    const ratio = median(big) / median(small);
    console.log(
      `first row, median of ${RUNS}: ${SMALL} cases ${median(small)} ms (baseline), ${BIG} cases ${median(big)} ms; ` +
        `ratio ${ratio.toFixed(2)} (goal ≤ 1.25) ${ratio <= 1.25 ? 'holds' : 'MISSED'}; ` +
        `≤ 1 s ${median(big) <= 1000 ? 'holds' : 'MISSED'}`
    );
    console.log('search p95: not measured (server-side search is not built yet)');
  } finally {
    await cf.stop();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One open case with its first message, in its team's queue, due in a few hours. */
async function seedCase(
  stores: Awaited<ReturnType<typeof startCaseflow>>['services'],
  team: Team,
  i: number
) {
  const id = `bench-${i}`;
  const createdAt = new Date(Date.UTC(2026, 11, 1, 8, 0, i % 60)).toISOString();
  const due = new Date(Date.UTC(2026, 11, 1, 12, 0) + i * 1000).toISOString();
  const c: CaseRecord = caseRecord({
    id,
    reference: `CF-${200_000 + i}`,
    subject: `Export fails for report ${i}`,
    team,
    createdAt,
    receivedAt: createdAt,
    deadlines: { nextDueAt: due },
  });
  const message = {
    id: `${id}-0`,
    caseId: id,
    direction: 'INBOUND',
    messageId: `<${id}@acme.example>`,
    from: 'a@acme.example',
    to: [],
    subject: c.subject,
    text: 'The export stops at 99 %.',
    at: createdAt,
    kind: 'customer',
  } as unknown as MessageRecord;
  const entry = { at: createdAt, type: 'case.opened', summary: 'opened', actor: 'caseflow' } as TimelineEntry;
  await stores.caseTransactions.createCase({
    case: c,
    message,
    timeline: [entry],
    inboundId: `ses-${id}`,
    ackClaimedAt: createdAt,
    queue: { team, sortKey: `${due}#${id}` },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { dynamoStores } from '../functions/data/dynamo-stores';
import { SingleTable } from '../functions/data/single-table';
import { DEFAULT_QUEUE_SHARDS, keys } from '../functions/data/table-keys';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../functions/domain/case';
import { newSev1State } from '../functions/domain/sev1';
import type { Team } from '../functions/domain/team';
import type { Stores } from '../functions/use-cases/deps';
import { silentLog } from '../local/console-log';
import { ensureCaseTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb';
import { startCaseflow } from '../local/runtime';
import { type StaffFetch, staffClients, TEST_ADMIN } from '../test/support/staff';
import { itemSize, type Tally, WriteRecorder } from './write-recorder';

/**
 * `npm run bench:scale` (docs/scale.md):
 * 1. Write units per lifecycle: one ordinary case (new mail → acknowledgement → staff reply →
 *    resolve) and one Sev-1 case (… → callback confirmed → resolve) through the whole local
 *    runtime, with the capacity DynamoDB Local reports for the table and each index, and the size
 *    of the case item at the end.
 * 2. Hot keys: BENCH_SCALE_CASES (50,000) cases over 200 customers and 5 teams, created across
 *    BENCH_SCALE_DAYS (90) days, each through the store calls of that lifecycle; the partition key
 *    of every write (table and index) recorded; the largest share any one key takes, now and as
 *    the constant keys with projection ALL would have placed the same writes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CASES = Number(process.env.BENCH_SCALE_CASES ?? 50_000);
const DAYS = Number(process.env.BENCH_SCALE_DAYS ?? 90);
const CUSTOMERS = 200;
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 24);
const QUEUE_SHARDS = Number(process.env.BENCH_SCALE_QUEUE_SHARDS ?? DEFAULT_QUEUE_SHARDS);
/** Where cases go: most to first line, the rest to the specialist tiers. */
const TEAMS: [Team, number][] = [
  ['L1', 0.6],
  ['L2_BILLING', 0.12],
  ['L2_DATACENTER', 0.12],
  ['L3_SYSADMIN', 0.12],
  ['MANAGEMENT', 0.04],
];
const SEV1_EVERY = 50;
const AGENT = 'agent@support.example.com';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (share: number) => `${(share * 100).toFixed(2)} %`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: gave up waiting for ${what}`);
    await sleep(50);
  }
}

type Units = Map<string, number>;
const unitsRow = (label: string, units: Units) =>
  `  ${label.padEnd(34)} table ${fmt(units.get('table') ?? 0, 1).padStart(6)}   ` +
  ['gsi1', 'gsi2', 'gsi3'].map((g) => `${g} ${fmt(units.get(g) ?? 0, 1).padStart(5)}`).join('   ') +
  (units.has('executions') ? `   executions started ${units.get('executions')}` : '');
const sum = (all: Units[]) => {
  const total: Units = new Map();
  for (const u of all) for (const [k, v] of u) total.set(k, (total.get(k) ?? 0) + v);
  return total;
};

/** Part 1: lifecycles through the whole local runtime, capacity per step. */
async function lifecycles(endpoint: string): Promise<{ template: CaseRecord }> {
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-scale-'));
  const recorder = new WriteRecorder();
  const client = localDynamoClient(endpoint);
  recorder.attach(client);
  const cf = await startCaseflow({
    dataDir: join(dir, 'data'),
    smtpPort: 0,
    httpPort: 0,
    timeScale: 1,
    dynamodbClient: client,
    tableName: 'lifecycle',
    log: silentLog,
    admin: TEST_ADMIN,
  });
  // Staff act through the API as themselves (a token each), as the console does.
  const staff = staffClients(cf.httpUrl, TEST_ADMIN);
  const agent = staff.as(AGENT);
  const oncall = staff.as('oncall-primary@support.example.com');
  const table = new SingleTable(client, 'lifecycle');
  const smtp = createTransport({ host: '127.0.0.1', port: cf.smtpPort, secure: false, ignoreTLS: true });
  const api = async (path: string, body: unknown, as: StaffFetch = agent) => {
    const res = await as(path, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`bench: ${path} answered ${res.status}: ${await res.text()}`);
  };
  // Workflow executions started, per step: the Step Functions StartExecution calls on AWS.
  let starts = 0;
  const workflows = cf.services.workflows;
  for (const name of ['startCaseClock', 'startSev1Callback'] as const) {
    const start = workflows[name].bind(workflows) as (...args: unknown[]) => Promise<void>;
    (workflows as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      starts++;
      return start(...args);
    };
  }
  // Each step's writes include what its workflows do right after; a short settle closes the step.
  const step = async (act: () => Promise<unknown>) => {
    await act();
    await sleep(1500);
    const units = recorder.takeUnits();
    units.set('executions', starts);
    starts = 0;
    return units;
  };
  const open = async (from: string, to: string, subject: string) => {
    await smtp.sendMail({
      from,
      to,
      subject,
      text: 'Since this morning every API call fails with 503. '.repeat(8),
    });
    return until(`the acknowledged case "${subject}"`, async () => {
      const c = (await cf.services.cases.listCases(20)).find((x) => x.subject === subject);
      return c?.acknowledgement ? c : undefined;
    });
  };
  try {
    // Signing in (and making the staff users) is not part of any lifecycle.
    for (const who of [agent, oncall])
      if (!(await who('/api/me')).ok) throw new Error('bench: signing in failed');
    await sleep(1000);
    recorder.takeUnits();
    let ordinary: CaseRecord | undefined;
    const o1 = await step(async () => {
      ordinary = await open(
        'Anna Nowak <anna.nowak@acme.example>',
        'support@support.example.com',
        'Bench question'
      );
    });
    const ref = (ordinary as CaseRecord).reference;
    const o2 = await step(() => api(`/api/cases/${ref}/replies`, { text: 'Here is how.' }));
    const o3 = await step(() => api(`/api/cases/${ref}/resolve`, {}));
    const ordinaryItem = (await table.get(keys.case((ordinary as CaseRecord).id))) ?? {};

    let sev1: CaseRecord | undefined;
    const s1 = await step(async () => {
      sev1 = await open('ops@globex.example', 'sev1@support.example.com', 'Bench outage');
    });
    const sref = (sev1 as CaseRecord).reference;
    const s2 = await step(() => api(`/api/cases/${sref}/replies`, { text: 'We are on it.' }));
    const sa = await step(async () => {
      const link = await until('the page mail', () => pageLink(cf.outboxDir, sref));
      const res = await fetch(`${cf.httpUrl}${link}`, { method: 'POST', body: new URLSearchParams() });
      if (!res.ok) throw new Error(`bench: page acknowledgement answered ${res.status}`);
    });
    const s3 = await step(() => api(`/api/cases/${sref}/callback`, {}, oncall));
    const s4 = await step(() => api(`/api/cases/${sref}/resolve`, {}));
    const sev1Item = (await table.get(keys.case((sev1 as CaseRecord).id))) ?? {};

    console.log('\nWrite units per lifecycle (capacity DynamoDB reports, ReturnConsumedCapacity INDEXES)');
    console.log('ordinary case:');
    console.log(unitsRow('new mail + acknowledgement', o1));
    console.log(unitsRow('staff reply', o2));
    console.log(unitsRow('resolve', o3));
    console.log(unitsRow('lifecycle', sum([o1, o2, o3])));
    console.log('Sev-1 case:');
    console.log(unitsRow('new mail + ack + first page', s1));
    console.log(unitsRow('staff reply', s2));
    console.log(unitsRow('page acknowledged', sa));
    console.log(unitsRow('callback confirmed', s3));
    console.log(unitsRow('resolve', s4));
    console.log(unitsRow('lifecycle', sum([s1, s2, sa, s3, s4])));
    console.log('\nCase item size at the end (DynamoDB item size: names + values)');
    console.log(`  ordinary case  ${fmt(itemSize(ordinaryItem))} bytes`);
    console.log(`  Sev-1 case     ${fmt(itemSize(sev1Item))} bytes`);
    const largest = (item: Record<string, unknown>) =>
      Object.entries(item)
        .map(([name, value]) => [name, itemSize({ [name]: value })] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([name, size]) => `${name} ${fmt(size)}`)
        .join(', ');
    console.log(`  largest attributes: ordinary ${largest(ordinaryItem)}; Sev-1 ${largest(sev1Item)}`);
    return { template: (await cf.services.cases.getCase((ordinary as CaseRecord).id)) as CaseRecord };
  } finally {
    smtp.close();
    await cf.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The path of the page link in the first page mail of a case (the outbox keeps .eml files). */
async function pageLink(outboxDir: string, reference: string): Promise<string | undefined> {
  for (const file of await readdir(outboxDir)) {
    if (!file.endsWith('.eml')) continue;
    const raw = (await readFile(join(outboxDir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (!raw.includes('[SEV1 PAGE]') || !raw.includes(reference)) continue;
    const path = /\/pages\/[^\s"<>]+/.exec(raw)?.[0];
    if (path) return path.replace(/&amp;/g, '&');
  }
  return undefined;
}

function teamOf(i: number): Team {
  const x = ((i * 7919) % 1000) / 1000;
  let acc = 0;
  for (const [team, share] of TEAMS) {
    acc += share;
    if (x < acc) return team;
  }
  return 'L1';
}

/**
 * One case through the store calls of its lifecycle that write index keys or shared items: the case
 * counter, the case with its intake items, every move in its team's queue (acknowledged, replied,
 * resolved), and for a Sev-1 its open-timer entry until the callback. Writes that only touch the
 * case's own partitions (messages, timeline) cannot be hot and are left out to keep the run short;
 * part 1 counts them.
 */
async function driveCase(stores: Stores, template: CaseRecord, i: number, start: number): Promise<void> {
  const span = DAYS * 86_400_000;
  const at = (offsetMinutes: number) =>
    new Date(start + (i * span) / CASES + offsetMinutes * 60_000).toISOString();
  const id = `bench-${i}`;
  const team = teamOf(i);
  const createdAt = at(0);
  const sev1 = i % SEV1_EVERY === 0;
  const c: CaseRecord = {
    ...template,
    id,
    reference: `CF-${100_000 + i}`,
    team,
    customerId: `customer-${i % CUSTOMERS}`,
    createdAt,
    receivedAt: createdAt,
    severity: sev1 ? 'SEV1' : template.severity,
    ...(sev1 ? { sev1: newSev1State(createdAt, 15) } : {}),
    status: 'OPEN',
    deadlines: { nextDueAt: at(60) },
  };
  delete c.acknowledgement;
  const message = {
    id: `${id}-0`,
    caseId: id,
    direction: 'INBOUND',
    messageId: `<${id}@customer-${i % CUSTOMERS}.example>`,
    from: `user@customer-${i % CUSTOMERS}.example`,
    to: [],
    subject: c.subject,
    text: 'Since this morning every API call fails with 503. '.repeat(8),
    at: createdAt,
    kind: 'customer',
  } as unknown as MessageRecord;
  const queue = (due: string) => ({ team, sortKey: `${due}#${id}` });
  const view = (due: string | null) => ({
    targets: c.sla?.targets ?? [],
    nextDueAt: due,
    planFingerprint: c.sla?.planFingerprint ?? 'bench',
    queue: due ? queue(due) : null,
  });
  const entry = { at: createdAt, type: 'case.opened', summary: 'opened', actor: 'caseflow' } as TimelineEntry;

  await stores.cases.nextCaseNumber();
  await stores.caseTransactions.createCase({
    case: c,
    message,
    timeline: [entry],
    inboundId: `ses-${id}`,
    ackClaimedAt: createdAt,
    queue: queue(at(60)),
  });
  await stores.slaClocks.saveSlaView(id, view(at(240))); // acknowledged
  if (sev1) {
    await stores.paging.recordPageAcknowledged(id, 'oncall-primary@support.example.com', at(3));
    await stores.paging.recordCallback(id, 'oncall-primary@support.example.com', at(10));
  }
  await stores.slaClocks.saveSlaView(id, view(at(2880))); // staff reply
  await stores.caseTransactions.settleCase(id, { at: at(600), kind: 'resolved' }, 'RESOLVED');
  await stores.slaClocks.saveSlaView(id, view(null)); // resolved: out of the queue
}

const topRow = (label: string, tally: Tally | undefined) => {
  const top = tally?.top() ?? { key: '-', writes: 0, share: 0 };
  return `  ${label.padEnd(26)} ${fmt(tally?.total ?? 0).padStart(9)} writes   largest key ${top.key.padEnd(24)} ${pct(top.share).padStart(8)}`;
};

/** Part 2: 50,000 cases through the stores; where every write lands. */
async function hotKeys(endpoint: string, template: CaseRecord): Promise<void> {
  const client = localDynamoClient(endpoint);
  const recorder = new WriteRecorder();
  recorder.attach(client);
  await ensureCaseTable(client, 'scale');
  const stores = dynamoStores(client, 'scale', { queueShards: QUEUE_SHARDS });
  const start = Date.UTC(2026, 0, 1);
  const began = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CASES) await driveCase(stores, template, next++, start);
    })
  );
  const seconds = (performance.now() - began) / 1000;
  console.log(
    `\nHot keys: ${fmt(CASES)} cases, ${CUSTOMERS} customers, ${TEAMS.length} teams, over ${DAYS} days; ` +
      `scale.queueShards = ${QUEUE_SHARDS} (${fmt(seconds, 1)} s)`
  );
  console.log('now (day buckets, hash shards, keys-only projections):');
  console.log(topRow('table', recorder.tableKeys));
  for (const [index, tally] of recorder.indexKeys) console.log(topRow(index, tally));
  console.log(topRow('all indexes together', recorder.allIndexKeys));
  console.log('before (the same writes under CASES, SEV1#OPEN, QUEUE#<team>, projection ALL):');
  for (const [index, tally] of recorder.legacyIndexKeys) console.log(topRow(index, tally));
  console.log(topRow('all indexes together', recorder.allLegacyIndexKeys));
  const goal = (tallies: Iterable<Tally>) =>
    [...tallies].every((t) => t.top().share <= 1 / 16) ? 'met' : 'NOT met';
  console.log(`goal (no key above 1/16 of its index's writes): ${goal(recorder.indexKeys.values())}`);
  if (QUEUE_SHARDS < DEFAULT_QUEUE_SHARDS) {
    // The same gsi3 writes placed as the default shards place them (the shard is a pure function of the case id).
    const sharded = recorder.queueWritesWithShards(DEFAULT_QUEUE_SHARDS);
    console.log(topRow(`gsi3, queueShards = ${DEFAULT_QUEUE_SHARDS}`, sharded));
    const others = [...recorder.indexKeys].filter(([name]) => name !== 'gsi3').map(([, t]) => t);
    console.log(`goal with the default scale.queueShards: ${goal([...others, sharded])}`);
  }
  const units = recorder.takeUnits();
  console.log(
    unitsRow('units per case, averaged (driven writes)', new Map([...units].map(([k, v]) => [k, v / CASES])))
  );
  client.destroy();
}

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ throughput: true });
  try {
    const { template } = await lifecycles(db.endpoint);
    await hotKeys(db.endpoint, template);
  } finally {
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

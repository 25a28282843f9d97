import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail } from '../support/smtp';

/**
 * The promise of intake: every mail answered `250` ends as a case, held mail or a listed failure,
 * whatever dies in between. A burst of mail goes to `npm start` over four connections; the process
 * group, or DynamoDB Local alone, is killed in the middle of it; then every accepted mail is
 * accounted for, each case has exactly one acknowledgement, recorded, and none is counted missed.
 */
const BURST = 200;
const CONNECTIONS = 4;
let running: RunningCaseflow | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  dataDir = undefined;
});

const subjectOf = (run: string, i: number) => `Invoice question ${run}-${i}`;
const senderOf = (run: string, i: number) => `customer-${run}-${i}@example.org`;

/** Sends the burst; calls `midway` once when `at` mails were accepted; the indexes accepted. */
async function burst(smtpPort: () => number, run: string, at: number, midway: () => Promise<void>) {
  const accepted: number[] = [];
  let next = 0;
  let fired: Promise<void> | undefined;
  const worker = async () => {
    while (next < BURST) {
      const i = next++;
      const response = await sendMail(smtpPort(), {
        from: senderOf(run, i),
        to: 'support@support.example.com',
        subject: subjectOf(run, i),
        text: 'The invoice for November shows twice the usual amount. Could you check it?',
      }).catch(() => '');
      if (/^250 /.test(response)) accepted.push(i);
      if (accepted.length >= at && !fired) fired = midway();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await fired;
  return accepted;
}

/** The DynamoDB Local process of a data dir and its arguments, from /proc. */
function dynamoDbLocalOf(dir: string): { pid: number; port: number } {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.includes('LoopbackDynamoDbLocal') && args.includes(join(dir, 'dynamodb')))
      return { pid: Number(entry), port: Number(args[args.indexOf('-port') + 1]) };
  }
  throw new Error(`no DynamoDB Local for ${dir}`);
}

/** The local addresses (hex, as the kernel lists them) of listening TCP sockets on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[3] === '0A' && f[1]?.endsWith(`:${hexPort}`))
      .map((f) => f[1]!.split(':')[0]!)
  );
}

interface CaseSummary {
  id: string;
  subject: string;
}

async function allCases(c: RunningCaseflow): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  let cursor: string | null = null;
  do {
    const body = (await (
      await c.api(`/api/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    ).json()) as { cases: CaseSummary[]; cursor: string | null };
    cases.push(...body.cases);
    cursor = body.cursor;
  } while (cursor);
  return cases;
}

/** Every accepted mail is a case (none of these is spam) or a listed failure; counts printed. */
async function accountFor(c: RunningCaseflow, run: string, accepted: number[], what: string) {
  const wanted = new Set(accepted.map((i) => subjectOf(run, i)));
  const started = Date.now();
  const cases = await eventually(
    async () => {
      const found = (await allCases(c)).filter((x) => wanted.has(x.subject));
      const failures = (await (await c.api(`/api/intake/failures`)).json()) as {
        failures: unknown[];
        undelivered: unknown[];
      };
      const settled = found.length + failures.failures.length === wanted.size && !failures.undelivered.length;
      if (settled) return { found, failures: failures.failures.length };
      // What is still missing, for the timeout's message.
      throw new Error(
        `${found.length} cases, ${failures.failures.length} failures, ${failures.undelivered.length} waiting of ${wanted.size}`
      );
    },
    90_000,
    `every accepted mail of ${what} accounted for`
  );
  const settledMs = Date.now() - started;
  const acks = (await readOutbox(c.outboxDir)).filter((m) => m.headers['auto-submitted'] === 'auto-replied');
  const acksPerSender = new Map<string, number>();
  for (const m of acks) for (const to of m.to) acksPerSender.set(to, (acksPerSender.get(to) ?? 0) + 1);
  const details = await Promise.all(
    cases.found.map(
      async (x) =>
        (await (await c.api(`/api/cases/${x.id}`)).json()) as {
          subject: string;
          requester: { email: string };
          acknowledgement?: { pending?: boolean };
          sla?: { facts: { kind: string }[] };
        }
    )
  );
  const oneAck = details.filter((d) => acksPerSender.get(d.requester.email) === 1).length;
  const recorded = details.filter(
    (d) =>
      d.acknowledgement && !d.acknowledgement.pending && d.sla?.facts.some((f) => f.kind === 'acknowledged')
  ).length;
  console.log(
    `${what}: ${accepted.length} of ${BURST} answered 250; all accounted for ${settledMs} ms after the check began; ${cases.found.length} cases, ${cases.failures} listed failures; ` +
      `${oneAck} cases with exactly one acknowledgement, ${recorded} recorded as acknowledged`
  );
  expect(cases.found.length + cases.failures).toBe(accepted.length);
  const odd = details
    .filter((d) => acksPerSender.get(d.requester.email) !== 1)
    .map((d) => ({
      subject: d.subject,
      acks: acksPerSender.get(d.requester.email) ?? 0,
      record: d.acknowledgement,
      timeline: (d as { timeline?: unknown }).timeline,
    }));
  expect(odd).toEqual([]);
  expect(oneAck).toBe(cases.found.length);
  expect(recorded).toBe(cases.found.length);
  const missed = (await readOutbox(c.outboxDir)).filter((m) => /SLA MISSED/.test(m.subject));
  expect(missed).toEqual([]);
}

describe('mail answered 250 is never lost', () => {
  it('npm start killed (the whole process group) in the middle of a burst: the restart finishes every mail', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseflow-crash-'));
    const first = await startNpmStart({}, { dataDir });
    running = first;
    const accepted = await burst(
      () => first.smtpPort,
      'crash',
      BURST / 4,
      () => first.kill()
    );
    expect(accepted.length).toBeGreaterThanOrEqual(BURST / 4);
    running = await startNpmStart({}, { dataDir });
    await accountFor(running, 'crash', accepted, 'process group killed mid-burst');
  }, 180_000);

  it('DynamoDB Local killed in the middle of a burst: health says so, the mail waits, and goes through when it is back', async () => {
    running = await startNpmStart();
    const c = running;
    // The operator is signed in before the database goes away (a sign-in needs the user table).
    expect((await c.api('/api/me')).status).toBe(200);
    let healthWhileDown: { status: number; body: unknown } | undefined;
    let failuresWhileDown: { status: number; body: { undelivered?: unknown[] } } | undefined;
    const accepted = await burst(
      () => c.smtpPort,
      'dbdown',
      BURST / 4,
      async () => {
        process.kill(dynamoDbLocalOf(c.dataDir).pid, 'SIGKILL');
        const health = await eventually(
          async () => {
            const r = await fetch(`${c.http}/health`);
            return r.status === 503 ? { status: r.status, body: await r.json() } : undefined;
          },
          5_000,
          '/health to report the database'
        );
        healthWhileDown = health;
        const failures = await c.api(`/api/intake/failures`);
        failuresWhileDown = {
          status: failures.status,
          body: (await failures.json()) as { undelivered?: [] },
        };
      }
    );
    expect(healthWhileDown?.body).toMatchObject({
      status: 'unavailable',
      reason: expect.stringMatching(/DynamoDB/),
    });
    expect(failuresWhileDown?.status).toBe(503);
    expect(Array.isArray(failuresWhileDown?.body.undelivered)).toBe(true);
    await eventually(
      async () => (await fetch(`${c.http}/health`)).status === 200,
      60_000,
      'the database back'
    );
    expect(c.output()).toMatch(/DynamoDB Local exited; restarting it/);
    await accountFor(c, 'dbdown', accepted, 'DynamoDB Local killed mid-burst');
  }, 180_000);

  it('DynamoDB Local listens on loopback only, and the data dir is for its owner only', async () => {
    running = await startNpmStart();
    const c = running;
    const addresses = listeningAddresses(dynamoDbLocalOf(c.dataDir).port);
    // 127.0.0.1 as /proc/net/tcp and tcp6 (IPv4-mapped) write it; never 0.0.0.0 or ::.
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses)
      expect(['0100007F', '0000000000000000FFFF00000100007F']).toContain(address);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(c.dataDir)).toBe('700');
    expect(mode(join(c.dataDir, 'dynamodb'))).toBe('700');
  });
});

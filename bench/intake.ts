import { randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createTransport } from 'nodemailer';
import { loadConfig } from '../functions/config/load';
import { silentLog } from '../local/console-log';
import { ensureCaseTable, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb';
import { startCaseflow } from '../local/runtime';

/**
 * `npm run bench`: local intake throughput and latency (SMTP accepted → case stored → ack in the
 * outbox), and, in the same run on the same file-backed DynamoDB Local, raw PutItem throughput as
 * the ceiling. Prints the ratio, which is what to compare across changes (absolute numbers
 * depend on the machine).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MAILS = Number(process.env.BENCH_MAILS ?? 400);
/** Mails sent one at a time, each waiting for its ack: latency without a queue in front. */
const SERIAL_MAILS = Number(process.env.BENCH_SERIAL_MAILS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PUTS = Number(process.env.BENCH_PUTS ?? 3000);
const PUT_CONCURRENCY = 8;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    })
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-bench-'));
  const db = await startDynamoDbLocal({ dbPath: join(dir, 'dynamodb') });
  try {
    // Ceiling: raw ~1 KB PutItem at concurrency 8 on the same emulator.
    await ensureCaseTable(db.client, 'ceiling');
    const filler = randomBytes(700).toString('base64');
    const putStart = performance.now();
    await pool([...Array(PUTS).keys()], PUT_CONCURRENCY, async (i) => {
      await db.client.send(
        new PutItemCommand({
          TableName: 'ceiling',
          Item: { pk: { S: `P#${i}` }, sk: { S: 'X' }, body: { S: filler } },
        })
      );
    });
    const putsPerSecond = PUTS / ((performance.now() - putStart) / 1000);

    // Every request caseflow makes to DynamoDB, counted: a figure no machine's speed changes.
    let requests = 0;
    const client = localDynamoClient(db.endpoint);
    client.middlewareStack.add(
      (next) => (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCounter' }
    );
    const caseflow = await startCaseflow({
      dataDir: join(dir, 'data'),
      smtpPort: 0,
      httpPort: 0,
      timeScale: 1,
      dynamodbClient: client,
      // Intake's requests only: the report aggregator is a function of its own on AWS.
      reportsDynamodbClient: localDynamoClient(db.endpoint),
      tableName: 'bench',
      log: silentLog,
      // One designated contact sends every mail: the acknowledgement rate limits (which would
      // rightly withhold most of them) are lifted, so each mail takes the ordinary path.
      config: benchConfig(),
    });
    const acceptedAt = new Map<string, number>();
    const ackedAt = new Map<string, number>();
    // The outbox is watched for timeliness and rescanned now and then, since watchers may coalesce events.
    const seen = new Set<string>();
    const look = async (file: string) => {
      if (!file.endsWith('.eml') || file.startsWith('.') || seen.has(file)) return;
      seen.add(file);
      const at = performance.now();
      const raw = await readFile(join(caseflow.outboxDir, file), 'utf8').catch(() => '');
      const inReplyTo = /^In-Reply-To: (<[^>]+>)/m.exec(raw)?.[1];
      if (inReplyTo && !ackedAt.has(inReplyTo)) ackedAt.set(inReplyTo, at);
    };
    const watcher = watch(caseflow.outboxDir, (_event, file) => void (file && look(file)));
    const rescan = setInterval(async () => {
      for (const file of await readdir(caseflow.outboxDir)) await look(file);
    }, 100);
    const mail = (messageId: string) => ({
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'support@support.example.com',
      subject: 'Pytanie o konfigurację DNS',
      text: `${'Dzień dobry, jak skonfigurować rekord SPF dla naszej domeny? '.repeat(20)}\n${messageId}`,
      messageId,
    });
    // Closed loop first (also warms up): one mail at a time, accepted → ack.
    const serial: number[] = [];
    const single = createTransport({
      host: '127.0.0.1',
      port: caseflow.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    for (let i = 0; i < SERIAL_MAILS; i++) {
      const messageId = `<serial-${i}-${randomBytes(4).toString('hex')}@acme.example>`;
      await single.sendMail(mail(messageId));
      const accepted = performance.now();
      while (!ackedAt.has(messageId)) await new Promise((r) => setTimeout(r, 1));
      serial.push(ackedAt.get(messageId)! - accepted);
    }
    single.close();
    serial.sort((a, b) => a - b);

    const ids = [...Array(MAILS).keys()].map(
      (i) => `<bench-${i}-${randomBytes(4).toString('hex')}@acme.example>`
    );
    const transports = Array.from({ length: CONNECTIONS }, () =>
      createTransport({
        host: '127.0.0.1',
        port: caseflow.smtpPort,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
      })
    );
    const requestsBeforeBurst = requests;
    const start = performance.now();
    let t = 0;
    await pool(ids, CONNECTIONS, async (messageId) => {
      const transport = transports[t++ % CONNECTIONS]!;
      await transport.sendMail(mail(messageId));
      acceptedAt.set(messageId, performance.now());
    });
    const deadline = Date.now() + 120_000;
    while (ackedAt.size < MAILS + SERIAL_MAILS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const burstAcks = ids.filter((id) => ackedAt.has(id));
    const elapsed = (Math.max(...burstAcks.map((id) => ackedAt.get(id)!)) - start) / 1000;
    watcher.close();
    clearInterval(rescan);
    for (const transport of transports) transport.close();
    const latencies = ids
      .filter((id) => ackedAt.has(id) && acceptedAt.has(id))
      .map((id) => ackedAt.get(id)! - acceptedAt.get(id)!)
      .sort((a, b) => a - b);
    // The burst's mails are all ordinary new mail from a designated contact: what one costs.
    const requestsPerMail = (requests - requestsBeforeBurst) / MAILS;
    const stored = (await caseflow.services.cases.listCases(MAILS + SERIAL_MAILS)).length;
    await caseflow.stop();

    const intakePerSecond = burstAcks.length / elapsed;
    const ratio = intakePerSecond / putsPerSecond;
    const p99 = percentile(latencies, 99);
    const goals = [
      {
        name: 'throughput ÷ PutItem ceiling',
        figure: ratio.toFixed(3),
        goal: '≥ 0.15',
        holds: ratio >= 0.15,
      },
      {
        name: 'DynamoDB requests per new mail',
        figure: requestsPerMail.toFixed(2),
        goal: '≤ 5',
        holds: requestsPerMail <= 5,
      },
      {
        name: `burst of ${MAILS}: p99 accepted → ack`,
        figure: `${(p99 / 1000).toFixed(2)} s`,
        goal: '≤ 3 s',
        holds: p99 <= 3000,
      },
    ];
    const rows = [
      ['mails sent / acknowledged / cases stored', `${MAILS + SERIAL_MAILS} / ${ackedAt.size} / ${stored}`],
      [
        `one at a time: accepted → ack, p50 / p99 (${SERIAL_MAILS} mails)`,
        `${percentile(serial, 50).toFixed(1)} / ${percentile(serial, 99).toFixed(1)} ms`,
      ],
      [
        `burst of ${MAILS} over ${CONNECTIONS} SMTP connections: throughput`,
        `${intakePerSecond.toFixed(1)} mails/s`,
      ],
      [
        'burst: accepted → ack, p50 / p99 (includes queueing)',
        `${percentile(latencies, 50).toFixed(0)} / ${p99.toFixed(0)} ms`,
      ],
      [
        `baseline: DynamoDB Local (disk) PutItem ~1 KB, concurrency ${PUT_CONCURRENCY}`,
        `${putsPerSecond.toFixed(0)} puts/s`,
      ],
      ['equivalent PutItems per mail at that ratio', `${(putsPerSecond / intakePerSecond).toFixed(1)}`],
      ...goals.map((g) => [`goal: ${g.name} ${g.goal}`, `${g.figure}  ${g.holds ? 'holds' : 'MISSED'}`]),
    ];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    process.stdout.write(
      `caseflow intake bench\n${rows.map(([k, v]) => `  ${k!.padEnd(width)}  ${v}`).join('\n')}\n`
    );
    if (goals.some((g) => !g.holds)) process.exitCode = 1;
    if (ackedAt.size < MAILS + SERIAL_MAILS) process.exitCode = 1;
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function benchConfig() {
  const config = loadConfig();
  const many = MAILS + SERIAL_MAILS + 1;
  return {
    ...config,
    ackRateLimit: {
      ...config.ackRateLimit,
      designatedPerSender: many,
      sameTextPerSender: many,
      globalPerHour: many,
    },
  };
}

void main();

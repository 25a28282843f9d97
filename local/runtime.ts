import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getRequestListener } from '@hono/node-server';
import type { SESEvent } from 'aws-lambda';
import pLimit from 'p-limit';
import { LocalEventLog } from '../functions/adapters/local/event-log';
import { FileAttachmentStore } from '../functions/adapters/local/file-attachment-store';
import { FileRawMailBucket } from '../functions/adapters/local/file-raw-mail-bucket';
import { HmacLinkSigner } from '../functions/adapters/local/hmac-link-signer';
import {
  CASE_CLOCK_MACHINE,
  LocalWorkflows,
  SEV1_CALLBACK_MACHINE,
} from '../functions/adapters/local/local-workflows';
import { OutboxMailer } from '../functions/adapters/local/outbox-mailer';
import { OutboxSms } from '../functions/adapters/local/outbox-sms';
import { PostalMimeCodec } from '../functions/adapters/mime';
import { RandomIds } from '../functions/adapters/random-ids';
import { loadConfig } from '../functions/config/load';
import type { Config } from '../functions/config/schema';
import { dynamoStores } from '../functions/data/dynamo-stores';
import { backfillIndexKeys } from '../functions/data/migrations/backfill-index-keys';
import { SingleTable } from '../functions/data/single-table';
import { dailyRunBetween } from '../functions/domain/monthly-summary';
import { caseClock } from '../functions/handlers/case-clock-step';
import { intakeFromSes } from '../functions/handlers/intake';
import { monthlySummary } from '../functions/handlers/monthly-summary';
import { sev1Step } from '../functions/handlers/sev1-step';
import { watchdog } from '../functions/handlers/watchdog';
import { createApp } from '../functions/http/app';
import type { Log } from '../functions/ports';
import type { Services } from '../functions/use-cases/deps';
import { publishLiveUpdate } from '../functions/use-cases/publish-live-update';
import type { WatchdogReport } from '../functions/use-cases/rearm-lost-timers';
import { substituteDefinition } from '../workflows/asl';
import { caseClockDefinitionJson } from '../workflows/case-clock';
import { sev1CallbackDefinitionJson } from '../workflows/sev1-callback';
import { consoleLog } from './console-log';
import { consoleSite, isApiPath } from './console-site';
import { type LocalDeliverability, startLocalDeliverability } from './deliverability';
import { ensureCaseTable, LocalSetupError, localDynamoClient, startDynamoDbLocal } from './dynamodb';
import type { LaunchedDynamoDbLocal } from './dynamodb-process';
import { FileMetrics } from './file-metrics';
import { LOCAL_CLIENTS } from './identity/local-clients';
import {
  type FirstAdmin,
  firstAdminPassword,
  identityKeysFile,
  importLocalUsers,
  startLocalIdentity,
} from './identity/local-identity';
import { localRequestGuard } from './identity/request-guard';
import { signingKeys } from './identity/signing-keys';
import { IntakeSpool } from './intake-spool';
import { LIVE_PATH, startLiveSocket } from './live-socket';
import { type LocalReportAggregator, startLocalReportAggregator } from './reports';
import { ScaledClock } from './scaled-clock';
import { startSmtpIntake } from './smtp-intake';
import { LocalStepFunctions } from './step-functions/local-step-functions';

export const LOCAL_FUNCTION_ARN = (name: string) =>
  `arn:aws:lambda:local:000000000000:function:caseflow-${name}`;

/** The sev1-callback ASL the local runner executes: the deployed definition, placeholders filled locally. */
export function localSev1Definition(): string {
  return substituteDefinition(sev1CallbackDefinitionJson(), {
    Sev1StepFunctionArn: LOCAL_FUNCTION_ARN('sev1-step'),
  });
}
/** The case-clock ASL the local runner executes. */
export function localCaseClockDefinition(): string {
  return substituteDefinition(caseClockDefinitionJson(), {
    CaseClockStepFunctionArn: LOCAL_FUNCTION_ARN('case-clock-step'),
  });
}

/** How often the local clock is looked at for the monthly summary's daily hour (clock time). */
export const MONTHLY_SUMMARY_CHECK_MS = 60_000;
/** How often the watchdog runs, in clock time (the deployed schedule runs at the same rate). */
export const WATCHDOG_INTERVAL_MS = 5 * 60_000;
const WATCHDOG_MIN_REAL_MS = 1_000;
/** Lambda's async invocation: one attempt and two retries, then the on-failure destination. */
const INTAKE_ATTEMPTS = 3;
/** Like a function's reserved concurrency: more parallel intakes only queue inside the database client. */
const INTAKE_CONCURRENCY = 16;
/**
 * Flow control at the SMTP door: with this many accepted mails still on their way to intake, a
 * sender's next message waits (at most `FLOW_DELAY_MAX_MS`, as Postfix's in_flow_delay) so that
 * accepted mail is answered promptly instead of queueing behind a burst.
 */
const INTAKE_BACKLOG = 2 * INTAKE_CONCURRENCY;
const FLOW_DELAY_MAX_MS = 1_000;

export interface LocalOptions {
  dataDir: string;
  smtpPort: number;
  httpPort: number;
  timeScale: number;
  /** Local only: the clock starts at this instant (demos and tests of business hours); default now. */
  clockStart?: Date;
  host?: string;
  config?: Config;
  /** Use an already running DynamoDB (tests share one); default: start DynamoDB Local in the data dir. */
  dynamodbEndpoint?: string;
  /** A client for that DynamoDB made by the caller (the bench counts its requests); wins over the endpoint. */
  dynamodbClient?: DynamoDBClient;
  /**
   * The report aggregator's own client: on AWS it is a function of its own, so what counts intake's
   * requests can leave its reads and writes out. Default: the shared client.
   */
  reportsDynamodbClient?: DynamoDBClient;
  /** DynamoDB Local already spawned by the caller: `npm start` spawns it before loading the rest. */
  dynamodbLaunched?: Promise<LaunchedDynamoDbLocal>;
  tableName?: string;
  log?: Log;
  /** The DNS resolver (host:port on loopback) the blacklist check asks: CASEFLOW_DNS_RESOLVER. */
  dnsResolver?: string;
  /** The first admin, made when there is none: CASEFLOW_ADMIN_EMAIL / CASEFLOW_ADMIN_PASSWORD. */
  admin?: { email?: string; password?: string };
  /** Wraps what stands for each deployed function and the adapters (the cost model meters them). */
  meter?: LocalMeter;
}

/** The deployed functions the local runtime runs in this process. */
export type LocalFunctionName = 'intake' | 'api' | 'sev1-step' | 'case-clock-step' | 'watchdog';

export interface LocalMeter {
  /** Each function entry point, by the deployed function it stands for. */
  fn<F extends (...args: never[]) => Promise<unknown>>(name: LocalFunctionName, f: F): F;
  /** The services, before anything uses them. */
  services(services: Services): Services;
}

const unmetered: LocalMeter = { fn: (_name, f) => f, services: (s) => s };

export interface LocalCaseflow {
  httpUrl: string;
  /** The local OpenID issuer staff sign in at (docs/access.md). */
  issuerUrl: string;
  /** The admin made at this start, when there was none. */
  firstAdmin?: FirstAdmin;
  smtpPort: number;
  httpPort: number;
  dataDir: string;
  outboxDir: string;
  services: Services;
  clock: ScaledClock;
  stepFunctions: LocalStepFunctions;
  runWatchdog(): Promise<WatchdogReport>;
  /** The deliverability desk: blacklist check and warm-up progression on their local schedules. */
  deliverability: LocalDeliverability;
  /** The report aggregator, fed by the local event log (docs/reports.md). */
  reports: LocalReportAggregator;
  stop(): Promise<void>;
}

function portInUse(error: unknown, what: string, port: number, variable: string): Error {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new LocalSetupError(
      `${what} port ${port} is already in use; stop the other process or set ${variable} to a free port.`
    );
  }
  return error as Error;
}

async function pageLinkKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'page-link.key');
  if (existsSync(file)) return readFile(file);
  const key = randomBytes(32);
  await writeFile(file, key, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}

/** Keeps clock time moving forward across restarts when time is scaled. */
async function clockAnchor(dataDir: string): Promise<number> {
  try {
    const saved = JSON.parse(await readFile(join(dataDir, 'clock.json'), 'utf8')) as { now?: number };
    return Math.max(Date.now(), Number(saved.now) || 0);
  } catch {
    return Date.now();
  }
}

/** Starts the whole of caseflow in this process: the embedded default behind `npm start`. */
export async function startCaseflow(options: LocalOptions): Promise<LocalCaseflow> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? consoleLog();
  const dataDir = resolve(options.dataDir);
  const outboxDir = join(dataDir, 'outbox');
  const inboundDir = join(dataDir, 'mail', 'inbound');
  // Mail, the table and keys live here: for this user only.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  await mkdir(outboxDir, { recursive: true });
  const config = options.config ?? loadConfig();
  const meter = options.meter ?? unmetered;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  let ready = false;
  let redriveWhenReady: ((why: string) => Promise<void>) | undefined;

  try {
    // DynamoDB Local's JVM takes longest to come up: what does not need the database starts
    // meanwhile (the Step Functions worker and its machines, the page-link key).
    const dbStarted: Promise<{
      client: DynamoDBClient;
      stop(): Promise<void>;
      health?(): Promise<string | null>;
    }> = options.dynamodbClient
      ? Promise.resolve({ client: options.dynamodbClient, stop: async () => undefined })
      : options.dynamodbEndpoint
        ? Promise.resolve({
            client: localDynamoClient(options.dynamodbEndpoint),
            stop: async () => undefined,
          })
        : startDynamoDbLocal({
            dbPath: join(dataDir, 'dynamodb'),
            launched: options.dynamodbLaunched,
            // Mail that waited for the database goes through as soon as it is back.
            supervise: { log, onRestarted: () => void redriveWhenReady?.('database back') },
          });
    // Awaited below; until then a failure elsewhere must still stop what it started.
    dbStarted.catch(() => undefined);
    cleanups.push(async () => (await dbStarted.catch(() => undefined))?.stop());

    const sev1StepArn = LOCAL_FUNCTION_ARN('sev1-step');
    // The task functions are bound once services exist; the worker calls them by ARN.
    const functions: Record<string, (payload: unknown) => Promise<unknown>> = {};
    const stepFunctions = new LocalStepFunctions({
      timeScale: options.timeScale,
      functions,
      onError: (message, error) => log.error(message, { error: (error as Error)?.message ?? String(error) }),
      onExecutionEnded: (e) => {
        if (e.status !== 'SUCCEEDED')
          log.error('workflow execution ended badly', { name: e.name, status: e.status, error: e.error });
      },
    });
    // Set once the clock exists: its last save comes after the last task function ended.
    let stopClock: (() => Promise<void>) | undefined;
    cleanups.push(async () => {
      await stepFunctions.close();
      await stopClock?.();
    });
    const machinesDefined = Promise.all([
      stepFunctions.define(SEV1_CALLBACK_MACHINE, localSev1Definition()),
      stepFunctions.define(CASE_CLOCK_MACHINE, localCaseClockDefinition()),
    ]);
    machinesDefined.catch(() => undefined);
    const linkKey = pageLinkKey(dataDir);
    linkKey.catch(() => undefined);
    // The issuer's signing key too (an RSA key is made on a first start); the issuer reads it later.
    const issuerKey = signingKeys(identityKeysFile(dataDir));
    issuerKey.catch(() => undefined);

    const db = await dbStarted;
    const tableName = options.tableName ?? 'caseflow';
    await ensureCaseTable(db.client, tableName);

    // The clock starts once the table exists (the worker, started earlier, gets its anchor below).
    const anchor =
      options.clockStart?.getTime() ?? (options.timeScale === 1 ? Date.now() : await clockAnchor(dataDir));
    const clock = new ScaledClock(options.timeScale, anchor);
    if (options.timeScale !== 1 || options.clockStart) {
      const save = () =>
        writeFile(join(dataDir, 'clock.json'), JSON.stringify({ now: clock.now().getTime() })).catch(
          () => undefined
        );
      const timer = setInterval(save, 1000);
      timer.unref();
      stopClock = async () => {
        clearInterval(timer);
        await save();
      };
    }
    // Sent before any execution can start: the worker takes requests in order.
    const clockSet = stepFunctions.setClock(clock.realStartMs, clock.virtualStartMs);
    clockSet.catch(() => undefined);

    const rawMail = new FileRawMailBucket(inboundDir, () => clock.now());
    const services: Services = meter.services({
      config,
      clock,
      ...dynamoStores(db.client, tableName, config.scale),
      mailer: new OutboxMailer(outboxDir, config.domain, () => clock.now()),
      sms: new OutboxSms(outboxDir, () => clock.now()),
      codec: new PostalMimeCodec(),
      bucket: rawMail,
      attachments: new FileAttachmentStore(join(dataDir, 'attachments')),
      workflows: new LocalWorkflows(stepFunctions),
      events: new LocalEventLog(join(dataDir, 'events.jsonl')),
      signer: new HmacLinkSigner(await linkKey),
      ids: new RandomIds(),
      log,
      publicBaseUrl: `http://${host}:${options.httpPort}`,
    });
    functions[sev1StepArn] = meter.fn('sev1-step', sev1Step(services));
    functions[LOCAL_FUNCTION_ARN('case-clock-step')] = meter.fn('case-clock-step', caseClock(services));
    // The config's people become users (and the first admin's password is hashed) meanwhile: they
    // need only the table. The admin itself is made once the ports are taken, as before.
    const admin = firstAdminPassword(options.admin);
    const users = importLocalUsers({ services, config, adminPassword: admin.password });
    // A data directory from an older version: its index keys move to the current layout once,
    // before mail comes in and the watchdog reads the queues. (Users are no items it moves.)
    await backfillIndexKeys(new SingleTable(db.client, tableName), config.scale);
    await Promise.all([machinesDefined, clockSet]);

    const intake = meter.fn('intake', intakeFromSes(services, ''));
    const intakeSlot = pLimit(INTAKE_CONCURRENCY);
    // Lambda's async invocation: attempts, then the on-failure destination — here the spool entry
    // stays (and is listed) unless the table holds the failure record.
    const driveIntake = async (event: SESEvent) => {
      const id = event.Records[0]?.ses.mail.messageId ?? 'unknown';
      for (let attempt = 1; ; attempt++) {
        try {
          await intake(event);
          return 'done' as const;
        } catch (error) {
          log.error('intake failed', { sesMessageId: id, attempt, error: (error as Error).message });
          if (attempt >= INTAKE_ATTEMPTS) {
            const recorded = await services.held.getIntakeFailure(id).catch(() => undefined);
            return recorded?.status === 'failed' ? ('failure-recorded' as const) : ('not-recorded' as const);
          }
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    };
    const spool = new IntakeSpool(
      join(dataDir, 'mail', 'pending'),
      (e) => intakeSlot(() => driveIntake(e)),
      () => clock.now()
    );
    await spool.init();
    const redrive = async (why: string) => {
      const { redriven, remaining } = await spool.redrive();
      if (redriven) log.info('accepted mail re-driven', { why, redriven, remaining });
    };

    const smtp = await startSmtpIntake({
      host,
      port: options.smtpPort,
      supportAddresses: config.supportAddresses.map((a) => a.address),
      inboundDir,
      functionArn: LOCAL_FUNCTION_ARN('intake'),
      now: () => clock.now(),
      accept: (event) => spool.accept(event),
      deliver: (event) => spool.deliver(event),
      admit: () => spool.admit(INTAKE_BACKLOG, FLOW_DELAY_MAX_MS),
    }).catch((error) => {
      throw portInUse(error, 'SMTP', options.smtpPort, 'CASEFLOW_SMTP_PORT');
    });
    cleanups.push(() => smtp.close());

    const deliverability = startLocalDeliverability({
      services,
      client: db.client,
      tableName,
      clock,
      dnsResolver: options.dnsResolver,
      subscribe: (listener) => (services.events as LocalEventLog).subscribe(listener),
    });
    cleanups.push(() => deliverability.stop());
    const reports = startLocalReportAggregator({
      services: options.reportsDynamodbClient
        ? { ...services, ...dynamoStores(options.reportsDynamodbClient, tableName, config.scale) }
        : services,
      subscribe: (listener) => (services.events as LocalEventLog).subscribe(listener),
    });
    cleanups.push(() => reports.stop());
    // The HTTP server listens first (a test asks for any free port); the issuer's URL is known then.
    let listener: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"starting"}');
    };
    const server = await new Promise<Server>((resolvePromise, reject) => {
      const s = createServer((req, res) => listener(req, res));
      s.once('listening', () => resolvePromise(s));
      s.once('error', (error) => reject(portInUse(error, 'HTTP', options.httpPort, 'CASEFLOW_HTTP_PORT')));
      s.listen(options.httpPort, host);
    });
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections?.();
          server.close(() => r());
        })
    );
    const address = server.address();
    const httpPort = typeof address === 'object' && address ? address.port : options.httpPort;
    services.publicBaseUrl = `http://${host}:${httpPort}`;
    // The watchdog runs at start (a restart loses in-memory executions) and on its schedule; the
    // first run needs only the table and the workflows, so it runs beside the identity set-up.
    // Locally the metric lines go to <data>/metrics.jsonl instead of CloudWatch.
    const metrics = new FileMetrics(join(dataDir, 'metrics.jsonl'));
    const runWatchdog = meter.fn('watchdog', watchdog(services, metrics));
    const startupWatchdog = watchdog(services, metrics, { atStartup: true })();
    startupWatchdog.catch(() => undefined);
    await issuerKey;
    const identity = await startLocalIdentity({
      services,
      config,
      users,
      httpUrl: services.publicBaseUrl,
      dataDir,
      admin: { email: options.admin?.email, ...admin },
    });
    cleanups.push(() => identity.issuer.close());
    // The console's live channel, on this server's port, and what feeds it: every domain event
    // about a case, as the EventBridge rule feeds AppSync Events on AWS.
    const live = startLiveSocket({ server, port: httpPort, authenticate: identity.authenticate, log });
    cleanups.push(() => live.close());
    const unsubscribeLive = (services.events as LocalEventLog).subscribe((event) => {
      void publishLiveUpdate({ cases: services.cases, live }, event).catch((error) =>
        log.warn('live update not published', { type: event.type, error: (error as Error).message })
      );
    });
    cleanups.push(async () => void unsubscribeLive());
    const app = createApp(services, {
      health: async () => {
        if (!ready) return false;
        return (db.health ? await db.health() : null) ?? true;
      },
      authenticate: identity.authenticate,
      identity: identity.identity,
      deliverability: deliverability.deps,
      undelivered: spool,
    });
    const apiListener = getRequestListener(
      meter.fn('api', async (...args: Parameters<typeof app.fetch>) => app.fetch(...args))
    );
    const consoleListener = getRequestListener(
      consoleSite({
        authority: identity.issuerUrl,
        clientId: LOCAL_CLIENTS.console,
        live: { realtimeUrl: `ws://${host}:${httpPort}${LIVE_PATH}`, host: `${host}:${httpPort}` },
      }).fetch
    );
    listener = localRequestGuard(
      httpPort,
      (req, res) => (isApiPath(req.url) ? apiListener(req, res) : consoleListener(req, res)),
      identity.issuer.listener
    );

    const report = await startupWatchdog;
    if (report.rearmed.length)
      log.warn('watchdog re-armed timers at start', { count: report.rearmed.length });
    // The S3 lifecycle rule's local stand-in (spam-tagged raw mail expires after 90 days) runs on
    // the watchdog's schedule; DynamoDB Local has no TTL, so listings filter expired items themselves.
    const housekeeping = async () => {
      await redrive('watchdog');
      await runWatchdog();
      const expired = await rawMail.expireTagged(clock.now());
      if (expired.length) log.info('expired spam raw mail', { count: expired.length });
    };
    const watchdogTimer = setInterval(
      () => void housekeeping().catch((e) => log.error('watchdog failed', { error: (e as Error).message })),
      // At a high time scale five clock minutes pass in a fraction of a second; the watchdog reads
      // every queue shard of every team, so it runs at most once a real second.
      Math.max(clock.realMs(WATCHDOG_INTERVAL_MS), WATCHDOG_MIN_REAL_MS)
    );
    watchdogTimer.unref();
    cleanups.push(async () => clearInterval(watchdogTimer));
    // The monthly summary (docs/reports.md): the handler the deployed schedule invokes daily at
    // 07:00 Warsaw, run when this clock passes that hour (not at start: a test or demo started in
    // the first week of a month gets no summaries it did not wait for).
    const runSummary = monthlySummary(services);
    let summaryCheckedAt = clock.now();
    const summaryTimer = setInterval(
      () => {
        const now = clock.now();
        const due = dailyRunBetween(summaryCheckedAt, now);
        summaryCheckedAt = now;
        if (due)
          void runSummary().catch((e) =>
            log.error('monthly summary failed', { error: (e as Error).message })
          );
      },
      Math.max(clock.realMs(MONTHLY_SUMMARY_CHECK_MS), WATCHDOG_MIN_REAL_MS)
    );
    summaryTimer.unref();
    cleanups.push(async () => clearInterval(summaryTimer));

    // Mail accepted before a crash or while the database was away: intake finishes it now.
    void redrive('start-up').catch((e) => log.error('re-drive failed', { error: (e as Error).message }));
    redriveWhenReady = redrive;
    ready = true;
    return {
      httpUrl: `http://${host}:${httpPort}`,
      issuerUrl: identity.issuerUrl,
      firstAdmin: identity.firstAdmin,
      smtpPort: smtp.port,
      httpPort,
      dataDir,
      outboxDir,
      services,
      clock,
      stepFunctions,
      runWatchdog,
      deliverability,
      reports,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

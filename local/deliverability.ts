import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NoDnsResolver } from '../functions/deliverability/adapters/no-dns-resolver';
import { UdpDnsResolver } from '../functions/deliverability/adapters/udp-resolver';
import { DynamoDeliverabilityStore } from '../functions/deliverability/data/dynamo-deliverability-store';
import { isLoopback, parseHostPort } from '../functions/deliverability/domain/net';
import type { CycleReport, DnsResolver } from '../functions/deliverability/ports';
import type { DeliverabilityDeps } from '../functions/deliverability/use-cases/deps';
import type { DomainEvent } from '../functions/domain/events';
import { blacklistCheck } from '../functions/handlers/blacklist-check';
import { sendingEvents } from '../functions/handlers/sending-events';
import { warmupProgress } from '../functions/handlers/warmup-progress';
import type { Services } from '../functions/use-cases/deps';
import { LocalSetupError } from './dynamodb';
import type { ScaledClock } from './scaled-clock';

/**
 * The deliverability desk in the local runtime: the same handlers the deployed schedules invoke,
 * run by a local scheduler at the deployed rates scaled by CASEFLOW_TIME_SCALE:
 * - the blacklist check every `deliverability.blacklist.intervalMinutes` (15) of clock time;
 * - the daily warm-up progression and remediation follow-ups at `deliverability.warmup.dailyAt` UTC;
 * - `case.opened` events feed bounce-code recognition, as the EventBridge rule does on AWS.
 * Both scheduled jobs also run once at start (a restart catches up).
 *
 * DNS: only a resolver on loopback is accepted (CASEFLOW_DNS_RESOLVER, else the config's). With
 * none, every check reports "unknown: no DNS resolver configured" and nothing leaves the machine.
 */
export interface LocalDeliverability {
  deps: DeliverabilityDeps;
  resolver: string | null;
  runBlacklistCheck(): Promise<CycleReport>;
  runDaily(): Promise<Awaited<ReturnType<ReturnType<typeof warmupProgress>>>>;
  /** Resolves when the jobs started at start-up have finished (tests wait on it). */
  initialRuns: Promise<void>;
  stop(): Promise<void>;
}

export function localResolver(services: Services, override: string | undefined): DnsResolver {
  const bl = services.config.deliverability.blacklist;
  const server = override || bl.resolver;
  if (!server) return new NoDnsResolver();
  const hp = parseHostPort(server);
  if (!hp)
    throw new LocalSetupError(
      `CASEFLOW_DNS_RESOLVER must be host:port with an IP address, e.g. 127.0.0.1:5353 (got "${server}")`
    );
  if (!isLoopback(hp.host)) {
    throw new LocalSetupError(
      `the local runtime only asks a DNS resolver on loopback (127.0.0.0/8 or ::1), not ${hp.host}: run a ` +
        'non-forwarding resolver (e.g. Unbound) or the fake DNSBL server on this machine and point CASEFLOW_DNS_RESOLVER at it'
    );
  }
  return new UdpDnsResolver({ server, timeoutMs: bl.queryTimeoutMs, attempts: bl.attempts });
}

/** Milliseconds of clock time from `now` to the next HH:MM UTC. */
export function untilNextDaily(now: Date, hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

export function startLocalDeliverability(options: {
  services: Services;
  client: DynamoDBClient;
  tableName: string;
  clock: ScaledClock;
  dnsResolver?: string;
  /** The local event log, when it can be subscribed to. */
  subscribe?: (listener: (event: DomainEvent) => void) => () => void;
}): LocalDeliverability {
  const { services, clock } = options;
  const log = services.log;
  const dns = localResolver(services, options.dnsResolver);
  const deps: DeliverabilityDeps = {
    ...services,
    desk: new DynamoDeliverabilityStore(options.client, options.tableName),
    dns,
  };
  if (!dns.description)
    log.warn(
      'blacklist check: no DNS resolver configured (CASEFLOW_DNS_RESOLVER); every check reports "unknown" and nothing is queried'
    );

  const check = blacklistCheck(deps);
  const daily = warmupProgress(deps);
  const ingest = sendingEvents(deps);
  let stopped = false;
  let checking: Promise<CycleReport> | undefined;
  const runBlacklistCheck = () => {
    // One cycle at a time (reserved concurrency 1 on AWS): a slow cycle is not stacked on.
    checking ??= check().finally(() => {
      checking = undefined;
    });
    return checking;
  };
  let dailyRun: ReturnType<typeof daily> | undefined;
  const runDaily = () => {
    dailyRun ??= daily().finally(() => {
      dailyRun = undefined;
    });
    return dailyRun;
  };
  const fail = (what: string) => (e: unknown) => log.error(`${what} failed`, { error: (e as Error).message });

  const bl = services.config.deliverability.blacklist;
  const checkTimer = setInterval(
    () => {
      if (!stopped) void runBlacklistCheck().catch(fail('blacklist check'));
    },
    clock.realMs(bl.intervalMinutes * 60_000)
  );
  checkTimer.unref();

  let dailyTimer: NodeJS.Timeout | undefined;
  const scheduleDaily = () => {
    if (stopped) return;
    const wait = clock.realMs(untilNextDaily(clock.now(), services.config.deliverability.warmup.dailyAt));
    dailyTimer = setTimeout(
      () => {
        void runDaily().catch(fail('warm-up progression')).finally(scheduleDaily);
      },
      Math.max(1, wait)
    );
    dailyTimer.unref();
  };
  scheduleDaily();

  const unsubscribe = options.subscribe?.((event) => {
    // As the EventBridge rule's pattern: only cases whose mail quotes bounce codes.
    if (event.type !== 'case.opened' || !event.quotesBounceCodes || stopped) return;
    void ingest({ source: 'caseflow', 'detail-type': 'case.opened', detail: event }).catch(
      fail('bounce-code scan')
    );
  });

  const initialRuns = Promise.all([
    runBlacklistCheck().catch(fail('blacklist check')),
    runDaily().catch(fail('warm-up progression')),
  ]).then(() => undefined);

  return {
    deps,
    resolver: dns.description,
    runBlacklistCheck,
    runDaily,
    initialRuns,
    stop: async () => {
      stopped = true;
      clearInterval(checkTimer);
      if (dailyTimer) clearTimeout(dailyTimer);
      unsubscribe?.();
      await Promise.allSettled([checking, dailyRun, initialRuns]);
    },
  };
}

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEventLog } from '../../functions/adapters/local/event-log';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import { RandomIds } from '../../functions/adapters/random-ids';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { Config } from '../../functions/config/schema';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import { NoDnsResolver } from '../../functions/deliverability/adapters/no-dns-resolver';
import { DynamoDeliverabilityStore } from '../../functions/deliverability/data/dynamo-deliverability-store';
import type { AccountInput, DeliverabilitySettings } from '../../functions/deliverability/domain/settings';
import type { DnsResolver } from '../../functions/deliverability/ports';
import type { DeliverabilityDeps } from '../../functions/deliverability/use-cases/deps';
import { silentLog } from '../../local/console-log';
import { freshTable } from './harness';

/** Two enterprise accounts on documentation addresses (checked only because the test config allows it). */
export const TEST_ACCOUNTS: AccountInput[] = [
  {
    id: 'globex-mail',
    name: 'Globex S.A. (mail)',
    customerId: 'globex',
    tam: { name: 'Tamara Nowicka', email: 'tam.globex@support.example.com' },
    ips: ['203.0.113.7', '203.0.113.10', '2001:db8:7ca6:22::45', '10.1.2.3'],
    domains: ['mail.globex.example'],
    streams: [
      {
        name: 'transactional',
        kind: 'transactional',
        ips: ['203.0.113.7'],
        domains: ['mail.globex.example'],
      },
    ],
    expectedDailyVolume: 20_000,
  },
  {
    id: 'acme-mail',
    name: 'Acme Sp. z o.o. (mail)',
    customerId: 'acme',
    tam: { name: 'Piotr Kowal', email: 'tam.acme@support.example.com' },
    ips: ['198.51.100.20'],
    domains: ['news.acme.example'],
  },
];

export function deliverabilityConfig(settings: Record<string, unknown> = {}): Config {
  const blacklist = (settings.blacklist as Record<string, unknown> | undefined) ?? {};
  return parseConfig(
    {
      ...demoConfig,
      accounts: TEST_ACCOUNTS,
      deliverability: {
        ...settings,
        blacklist: { queryTimeoutMs: 2000, attempts: 1, checkDocumentationRanges: true, ...blacklist },
      } satisfies Partial<Record<keyof DeliverabilitySettings, unknown>>,
    },
    'deliverability test'
  );
}

/** A movable clock for use-case tests. */
export class TestClock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** The desk's use-case dependencies on a fresh table, an outbox in a temp dir, and the given resolver. */
export async function deskDeps(
  config: Config,
  options: { dns?: DnsResolver; clock?: TestClock } = {}
): Promise<DeliverabilityDeps & { outboxDir: string; eventsFile: string; clock: TestClock }> {
  const { client, tableName } = await freshTable();
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-desk-'));
  const clock = options.clock ?? new TestClock(new Date('2026-03-02T10:00:00Z'));
  return {
    config,
    clock,
    ...dynamoStores(client, tableName),
    mailer: new OutboxMailer(join(dir, 'outbox'), config.domain),
    events: new LocalEventLog(join(dir, 'events.jsonl')),
    ids: new RandomIds(),
    log: silentLog,
    publicBaseUrl: 'http://127.0.0.1:3000',
    desk: new DynamoDeliverabilityStore(client, tableName),
    dns: options.dns ?? new NoDnsResolver(),
    outboxDir: join(dir, 'outbox'),
    eventsFile: join(dir, 'events.jsonl'),
  };
}

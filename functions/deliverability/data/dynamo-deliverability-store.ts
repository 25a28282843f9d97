import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  isConditionFailure,
  queryAll,
  stripAttributes,
  uniqueSuffix,
} from '../../adapters/aws/dynamo-helpers';
import type { TableKey } from '../../data/table-keys';
import type { WarmupProvider } from '../domain/providers';
import type { RemediationTask } from '../domain/remediation';
import { type SendingCounts, type WarmupDecision, type WarmupPlan, ZERO_COUNTS } from '../domain/warmup';
import type {
  AccountRecord,
  AccountTimelineEntry,
  CountSource,
  CycleReport,
  DeliverabilityStore,
  TargetStatus,
} from '../ports';
import { deliverabilityKeys as keys } from './deliverability-keys';

/**
 * The deliverability desk's items in the one caseflow table (docs/data-model.md), keyed by
 * deliverability-keys.ts:
 *
 * | item | pk | sk |
 * |---|---|---|
 * | account (API/CLI) | `ACCOUNTS` | `ACCOUNT#<id>` |
 * | account timeline | `ACCOUNT#<id>` | `TL#<at>#<seq>` |
 * | open remediation slot | `ACCOUNT#<id>` | `REMEDIATION#<provider>` |
 * | warm-up plan | `WARMUPS` | `PLAN#<ip>` |
 * | sending counters | `WARMUP#<ip>` | `DAY#<day>#<source>#<provider>` |
 * | warm-up decision | `WARMUP#<ip>` | `DECISION#<day>` |
 * | event dedupe | `SENDEVT#<id>` | `SENDEVT` (TTL 7 days) |
 * | blacklist status | `DNSBL#<target>` | `STATUS` |
 * | cycle report | `DNSBL#CYCLES` | `<startedAt>` (TTL 30 days) |
 * | remediation task | `REMEDIATIONS` | `TASK#<id>` |
 */
const KEY_ATTRIBUTES = ['pk', 'sk', 'ttl', 'entity'] as const;
const COUNTER_FIELDS = ['sent', 'delivered', 'bounced', 'complained', 'deferred'] as const;
const DEDUPE_SECONDS = 7 * 24 * 3600;
const CYCLE_REPORT_SECONDS = 30 * 24 * 3600;
const WARMUP_DATA_SECONDS = 400 * 24 * 3600;
const CLOSED_TASK = new Set(['resolved', 'rejected', 'closed']);

const strip = <T>(item: Record<string, unknown>): T => stripAttributes<T>(item, KEY_ATTRIBUTES);

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoDeliverabilityStore implements DeliverabilityStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  // ---- accounts --------------------------------------------------------------------------

  async listStoredAccounts(): Promise<AccountRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.accountsPartition },
    });
    return items.map((i) => strip<AccountRecord>(i));
  }

  async getStoredAccount(id: string): Promise<AccountRecord | undefined> {
    return this.get<AccountRecord>(keys.account(id));
  }

  async putAccount(account: AccountRecord): Promise<void> {
    await this.put({ ...keys.account(account.id), entity: 'account', ...account });
  }

  async deleteAccount(id: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.account(id),
        ReturnValues: 'ALL_OLD',
      })
    );
    return out.Attributes !== undefined;
  }

  async appendAccountTimeline(accountId: string, entries: AccountTimelineEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.put({
        ...keys.accountTimelineEntry(accountId, entry.at, uniqueSuffix()),
        entity: 'account-timeline',
        ...entry,
      });
    }
  }

  async accountTimeline(accountId: string, limit: number): Promise<AccountTimelineEntry[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)',
        ExpressionAttributeValues: {
          ':pk': keys.accountPartition(accountId),
          ':tl': keys.accountTimelinePrefix,
        },
        ScanIndexForward: false,
        Limit: limit,
      })
    );
    return (out.Items ?? []).map((i) => strip<AccountTimelineEntry>(i)).reverse();
  }

  // ---- warm-up ---------------------------------------------------------------------------

  async getWarmupPlan(ip: string): Promise<WarmupPlan | undefined> {
    return this.get<WarmupPlan>(keys.warmupPlan(ip), true);
  }

  async listWarmupPlans(): Promise<WarmupPlan[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.warmupPlansPartition },
    });
    return items.map((i) => strip<WarmupPlan>(i));
  }

  async putWarmupPlan(plan: WarmupPlan, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.warmupPlan(plan.ip),
            entity: 'warmup-plan',
            ...plan,
            version: (expectedVersion ?? 0) + 1,
          },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :v',
          ExpressionAttributeNames: expectedVersion === undefined ? undefined : { '#version': 'version' },
          ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':v': expectedVersion },
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async deleteWarmupPlan(ip: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.warmupPlan(ip),
        ReturnValues: 'ALL_OLD',
      })
    );
    return out.Attributes !== undefined;
  }

  async addSendingCounts(
    ip: string,
    day: string,
    source: CountSource,
    provider: WarmupProvider,
    counts: Partial<SendingCounts>,
    dedupeId?: string
  ): Promise<'added' | 'duplicate'> {
    const fields = COUNTER_FIELDS.filter((f) => (counts[f] ?? 0) !== 0);
    if (fields.length === 0) return 'added';
    const update = {
      TableName: this.tableName,
      Key: keys.sendingCounts(ip, day, source, provider),
      UpdateExpression: `SET #entity = :e, #day = :day, #src = :src, #provider = :p, #ttl = if_not_exists(#ttl, :ttl) ADD ${fields.map((f) => `#${f} :${f}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#day': 'day',
        '#src': 'source',
        '#provider': 'provider',
        '#ttl': 'ttl',
        ...Object.fromEntries(fields.map((f) => [`#${f}`, f])),
      },
      ExpressionAttributeValues: {
        ':e': 'sending-counts',
        ':day': day,
        ':src': source,
        ':p': provider,
        ':ttl': epoch(`${day}T00:00:00Z`) + WARMUP_DATA_SECONDS,
        ...Object.fromEntries(fields.map((f) => [`:${f}`, counts[f]])),
      },
    };
    if (!dedupeId) {
      await this.doc.send(new UpdateCommand(update));
      return 'added';
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.sendingEvent(dedupeId),
                  entity: 'sending-event',
                  ttl: epoch(`${day}T00:00:00Z`) + DEDUPE_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Update: update },
          ],
        })
      );
      return 'added';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async setSendingCounts(
    ip: string,
    day: string,
    source: CountSource,
    provider: WarmupProvider,
    counts: SendingCounts
  ): Promise<void> {
    await this.put({
      ...keys.sendingCounts(ip, day, source, provider),
      entity: 'sending-counts',
      day,
      source,
      provider,
      ...counts,
      ttl: epoch(`${day}T00:00:00Z`) + WARMUP_DATA_SECONDS,
    });
  }

  async getDayCounts(ip: string, day: string): Promise<Partial<Record<WarmupProvider, SendingCounts>>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': keys.warmupPartition(ip), ':d': keys.dayCountsPrefix(day) },
      ConsistentRead: true,
    });
    const out: Partial<Record<WarmupProvider, SendingCounts>> = {};
    for (const item of items) {
      const p = item.provider as WarmupProvider;
      const c = out[p] ?? { ...ZERO_COUNTS };
      out[p] = c;
      for (const f of COUNTER_FIELDS) c[f] += Number(item[f] ?? 0);
    }
    return out;
  }

  async commitDecision(
    decision: WarmupDecision,
    plan: WarmupPlan,
    expectedVersion: number,
    at: string
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.decision(decision.ip, decision.day),
                  entity: 'warmup-decision',
                  ...decision,
                  decidedAt: at,
                  ttl: epoch(`${decision.day}T00:00:00Z`) + WARMUP_DATA_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.warmupPlan(plan.ip),
                  entity: 'warmup-plan',
                  ...plan,
                  version: expectedVersion + 1,
                },
                ConditionExpression: '#version = :v',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':v': expectedVersion },
              },
            },
          ],
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listDecisions(ip: string, limit: number): Promise<WarmupDecision[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': keys.warmupPartition(ip), ':d': keys.decisionPrefix },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      })
    );
    return (out.Items ?? [])
      .map((i) => {
        const d = strip<WarmupDecision & { decidedAt?: string }>(i);
        delete d.decidedAt;
        return d;
      })
      .reverse();
  }

  // ---- blacklist -------------------------------------------------------------------------

  async getTargetStatus(target: string): Promise<TargetStatus | undefined> {
    return this.get<TargetStatus>(keys.targetStatus(target), true);
  }

  async putTargetStatus(status: TargetStatus): Promise<void> {
    await this.put({ ...keys.targetStatus(status.target), entity: 'dnsbl-status', ...status });
  }

  async putCycleReport(report: CycleReport): Promise<void> {
    await this.put({
      ...keys.cycleReport(report.startedAt),
      entity: 'dnsbl-cycle',
      ...report,
      ttl: epoch(report.startedAt) + CYCLE_REPORT_SECONDS,
    });
  }

  async latestCycleReport(): Promise<CycleReport | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.cyclesPartition },
        ScanIndexForward: false,
        Limit: 1,
      })
    );
    const item = out.Items?.[0];
    return item ? strip<CycleReport>(item) : undefined;
  }

  // ---- remediation -----------------------------------------------------------------------

  async getRemediationTask(id: string): Promise<RemediationTask | undefined> {
    return this.get<RemediationTask>(keys.remediationTask(id), true);
  }

  async listRemediationTasks(): Promise<RemediationTask[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.remediationsPartition },
    });
    return items.map((i) => strip<RemediationTask>(i));
  }

  async findOpenRemediationTask(accountId: string, provider: string): Promise<string | undefined> {
    const slot = await this.get<{ taskId: string }>(keys.remediationSlot(accountId, provider), true);
    return slot?.taskId;
  }

  async createRemediationTask(
    task: RemediationTask
  ): Promise<{ outcome: 'created' } | { outcome: 'exists'; taskId: string }> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.remediationSlot(task.accountId, task.provider),
                  entity: 'remediation-slot',
                  taskId: task.id,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.remediationTask(task.id),
                  entity: 'remediation-task',
                  ...task,
                  version: 1,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        })
      );
      return { outcome: 'created' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const holder = await this.findOpenRemediationTask(task.accountId, task.provider);
      if (!holder) throw new Error(`remediation slot for ${task.accountId}/${task.provider} busy but empty`);
      return { outcome: 'exists', taskId: holder };
    }
  }

  async putRemediationTask(task: RemediationTask, expectedVersion: number): Promise<boolean> {
    const closing = CLOSED_TASK.has(task.status);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.remediationTask(task.id),
                  entity: 'remediation-task',
                  ...task,
                  version: expectedVersion + 1,
                },
                ConditionExpression: '#version = :v',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':v': expectedVersion },
              },
            },
            ...(closing
              ? [
                  {
                    // The slot is freed only if it still names this task.
                    Delete: {
                      TableName: this.tableName,
                      Key: keys.remediationSlot(task.accountId, task.provider),
                      ConditionExpression: 'attribute_not_exists(pk) OR taskId = :id',
                      ExpressionAttributeValues: { ':id': task.id },
                    },
                  },
                ]
              : []),
          ],
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private async get<T>(key: TableKey, consistent = false): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent })
    );
    return out.Item ? strip<T>(out.Item) : undefined;
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.doc, { TableName: this.tableName, ...input });
  }
}

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../adapters/aws/dynamo-helpers';
import {
  type AggregateItem,
  BACKLOG_DIMENSIONS,
  type Contribution,
  contributions,
  DIMENSIONS,
  type Dimension,
  itemId,
  MONTH_SUM_DIMENSIONS,
} from '../../domain/reports/aggregate';
import type { ReportFact } from '../../domain/reports/facts';
import type { SingleTable } from '../single-table';
import { keys, type TableKey } from '../table-keys';
import type { ReportAggregateStore } from './report-aggregate-store';

/** Counters are attributes `c_<name>`; the rest of an item is keys and bookkeeping. */
const COUNTER = 'c_';
/** Counted-fact markers outlive the event archive's year of replay. */
const FACT_TTL_S = 400 * 86_400;
/** Several facts for one day item at once cancel each other's transaction: try again, spread out. */
const CONFLICT_ATTEMPTS = 12;
/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

const keyOf = (c: Pick<Contribution, 'scope' | 'dim' | 'value' | 'period'>): TableKey =>
  c.scope === 'day'
    ? keys.reportDay(c.dim, c.period, c.value)
    : c.scope === 'sum'
      ? keys.reportMonth(c.dim, c.period, monthShard(c.value), c.value)
      : keys.reportBacklog(c.dim, c.period, c.value);

/**
 * The month sums' partitions: the SLA report queries them side by side, so DynamoDB and the
 * client share the work of a hundred customers' histograms. A customer's sums share one.
 */
const MONTH_SHARDS = 4;

function monthShard(value: string): number {
  const customer = value.slice(0, value.indexOf('#') >>> 0);
  let hash = 0;
  for (let i = 0; i < customer.length; i++) hash = (hash * 31 + customer.charCodeAt(i)) >>> 0;
  return hash % MONTH_SHARDS;
}

const ENTITY = { day: 'report-day', month: 'report-backlog', sum: 'report-month' } as const;

const isConflict = (error: unknown) =>
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (r) => r.Code === 'TransactionConflict'
  );

/** Adds a contribution to the one for the same item, counters summed. */
function mergeInto(into: Map<string, Contribution>, c: Contribution): void {
  const id = itemId(c);
  const found = into.get(id);
  if (!found) {
    into.set(id, { ...c, counters: { ...c.counters } });
    return;
  }
  for (const [name, n] of Object.entries(c.counters)) found.counters[name] = (found.counters[name] ?? 0) + n;
}

function itemOf(raw: Record<string, unknown>, scope: AggregateItem['scope']): AggregateItem {
  const counters: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw))
    if (k.startsWith(COUNTER)) counters[k.slice(COUNTER.length)] = Number(v);
  return {
    scope,
    dim: raw.dim as Dimension,
    value: raw.dimValue as string,
    period: raw.period as string,
    counters,
  };
}

export class DynamoReportAggregateStore implements ReportAggregateStore {
  constructor(
    private readonly table: SingleTable,
    private readonly now: () => Date = () => new Date()
  ) {}

  async count(fact: ReportFact): Promise<boolean> {
    return (await this.countTogether([fact])) === 'counted';
  }

  async countAll(facts: readonly ReportFact[]): Promise<number> {
    // Most events reveal one to three new facts: one transaction counts them all (each item's
    // counters summed). When one of them was counted meanwhile, each is counted on its own.
    const updates = new Map<string, Contribution>();
    for (const f of facts) for (const c of contributions(f)) mergeInto(updates, c);
    if (facts.length > 1 && facts.length + updates.size <= MAX_TRANSACTION_ITEMS) {
      const outcome = await this.countTogether(facts);
      if (outcome === 'counted') return facts.length;
    }
    let counted = 0;
    for (const f of facts) if ((await this.countTogether([f])) === 'counted') counted++;
    return counted;
  }

  private async countTogether(facts: readonly ReportFact[]): Promise<'counted' | 'already'> {
    const ttl = Math.floor(this.now().getTime() / 1000) + FACT_TTL_S;
    const markers = facts.map((fact) => ({
      Put: {
        TableName: this.table.name,
        Item: { ...keys.reportFact(fact.id), entity: 'report-fact', day: fact.day, ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const merged = new Map<string, Contribution>();
    for (const f of facts) for (const c of contributions(f)) mergeInto(merged, c);
    const updates = [...merged.values()].map((c) => {
      const names: Record<string, string> = { '#v': 'dimValue' };
      const values: Record<string, unknown> = {
        ':e': ENTITY[c.scope],
        ':d': c.dim,
        ':v': c.value,
        ':p': c.period,
      };
      const adds = Object.entries(c.counters).map(([name, n], i) => {
        names[`#c${i}`] = `${COUNTER}${name}`;
        values[`:c${i}`] = n;
        return `#c${i} :c${i}`;
      });
      return this.table.item.update({
        Key: keyOf(c),
        UpdateExpression: `SET entity = :e, dim = :d, #v = :v, period = :p ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.writeTogether([...markers, ...updates]);
        return 'counted';
      } catch (error) {
        if (isConflict(error) && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          continue;
        }
        if (isConditionFailure(error)) return 'already';
        throw error;
      }
    }
  }

  async openedWithNews(caseId: string, actor: string, newestInboundAt: string, at: string): Promise<boolean> {
    try {
      // The newest message the open showed them, not the clock: a message stamped ahead of the
      // clock must not make every later open look new.
      await this.table.update({
        Key: keys.caseOpenedBy(caseId, actor),
        UpdateExpression: 'SET entity = :e, seenUpTo = :newest, openedAt = :at',
        ConditionExpression: 'attribute_not_exists(pk) OR seenUpTo < :newest',
        ExpressionAttributeValues: { ':e': 'case-opened-by', ':at': at, ':newest': newestInboundAt },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async uncounted(facts: readonly ReportFact[]): Promise<ReportFact[]> {
    const found = await this.table.getMany(facts.map((f) => keys.reportFact(f.id)));
    const counted = new Set(found.map((i) => i.pk));
    return facts.filter((f) => !counted.has(keys.reportFact(f.id).pk));
  }

  async dayItems(dim: Dimension, days: readonly string[]): Promise<AggregateItem[]> {
    const pages = await Promise.all(
      days.map((day) =>
        this.table.queryAll({
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.reportDayPartition(dim, day) },
        })
      )
    );
    return pages.flat().map((raw) => itemOf(raw, 'day'));
  }

  async monthItems(dim: Dimension, month: string, valuePrefix?: string): Promise<AggregateItem[]> {
    const shards = valuePrefix
      ? [monthShard(valuePrefix)]
      : Array.from({ length: MONTH_SHARDS }, (_, i) => i);
    const pages = await Promise.all(
      shards.map((shard) =>
        this.table.queryAll(
          valuePrefix
            ? {
                KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
                ExpressionAttributeValues: {
                  ':pk': keys.reportMonthPartition(dim, month, shard),
                  ':prefix': valuePrefix,
                },
              }
            : {
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': keys.reportMonthPartition(dim, month, shard) },
              }
        )
      )
    );
    return pages.flat().map((r) => itemOf(r, 'sum'));
  }

  async backlogBefore(dim: Dimension, month: string): Promise<Map<string, number>> {
    const raw = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk < :m',
      ExpressionAttributeValues: { ':pk': keys.reportBacklogPartition(dim), ':m': month },
    });
    const net = new Map<string, number>();
    for (const r of raw) {
      const item = itemOf(r, 'month');
      net.set(item.value, (net.get(item.value) ?? 0) + (item.counters.net ?? 0));
    }
    return net;
  }

  async replace(
    range: { days: readonly string[]; months: readonly string[] },
    items: readonly AggregateItem[],
    factIds: readonly string[]
  ): Promise<void> {
    const old = await Promise.all([
      ...DIMENSIONS.flatMap((dim) =>
        range.days.map((day) =>
          this.table.queryAll({
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.reportDayPartition(dim, day) },
            ProjectionExpression: 'pk, sk',
          })
        )
      ),
      ...MONTH_SUM_DIMENSIONS.flatMap((dim) =>
        range.months.flatMap((month) =>
          Array.from({ length: MONTH_SHARDS }, (_, shard) =>
            this.table.queryAll({
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.reportMonthPartition(dim, month, shard) },
              ProjectionExpression: 'pk, sk',
            })
          )
        )
      ),
      ...BACKLOG_DIMENSIONS.flatMap((dim) =>
        range.months.map((month) =>
          this.table.queryAll({
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
            ExpressionAttributeValues: { ':pk': keys.reportBacklogPartition(dim), ':m': `${month}#` },
            ProjectionExpression: 'pk, sk',
          })
        )
      ),
    ]);
    const keep = new Set(items.map((i) => JSON.stringify(keyOf(i))));
    const deletes = old
      .flat()
      .filter((k) => !keep.has(JSON.stringify({ pk: k.pk, sk: k.sk })))
      .map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
    const ttl = Math.floor(this.now().getTime() / 1000) + FACT_TTL_S;
    const puts = [
      ...items.map((i) => ({
        PutRequest: {
          Item: {
            ...keyOf(i),
            entity: ENTITY[i.scope],
            dim: i.dim,
            dimValue: i.value,
            period: i.period,
            ...Object.fromEntries(Object.entries(i.counters).map(([k, n]) => [`${COUNTER}${k}`, n])),
          },
        },
      })),
      ...factIds.map((id) => ({
        PutRequest: { Item: { ...keys.reportFact(id), entity: 'report-fact', ttl } },
      })),
    ];
    await this.batchWrite([...deletes, ...puts]);
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    // A few batches at once: fast enough for a month, gentle on the table.
    const lanes = 8;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < chunks.length) {
          let pending = chunks[next++] ?? [];
          for (let attempt = 0; pending.length; attempt++) {
            const out = await this.table.doc.send(
              new BatchWriteCommand({ RequestItems: { [this.table.name]: pending as never } })
            );
            pending = (out.UnprocessedItems?.[this.table.name] ?? []) as Record<string, unknown>[];
            if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          }
        }
      })
    );
  }
}

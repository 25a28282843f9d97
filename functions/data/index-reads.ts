import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type CaseTableIndex, caseTableDefinition } from '../adapters/aws/table-definition';
import { decodeCursor, encodeCursor, type Page } from './page';
import type { SingleTable } from './single-table';
import { keys, monthOf, type TableKey } from './table-keys';

/**
 * Reading indexes whose partitions are split (docs/scale.md): day buckets read newest first, hash
 * shards read at once and merged by sort key. A page ends with an opaque cursor (base64url JSON)
 * that carries where to go on from, across buckets and shards alike.
 */
/** The table key of an index entry (every projection carries it): what BatchGetItem fetches. */
export const tableKeyOf = (entry: Record<string, unknown>): TableKey => ({
  pk: String(entry.pk),
  sk: String(entry.sk),
});

const indexAttributes = (index: CaseTableIndex) => {
  const gsi = caseTableDefinition.globalSecondaryIndexes.find((g) => g.indexName === index);
  if (!gsi) throw new Error(`no index ${index}`);
  return { pk: gsi.partitionKey, sk: gsi.sortKey };
};

type Extra = Pick<
  QueryCommandInput,
  'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/**
 * Up to `limit` index entries from several partitions of one index, merged in sort-key order
 * (ascending unless told), after the sort key `after` when given. Hash shards split the entries
 * evenly, so every partition is first asked at once for its share and a margin, not for `limit`
 * each (sixteen shards would read sixteen pages for one); a partition is asked for more only while
 * the merged page could still hold entries it has not yet returned.
 */
export async function mergeShards(
  table: SingleTable,
  input: { index: CaseTableIndex; partitions: string[]; limit: number; after?: string; descending?: boolean }
): Promise<Page<Record<string, unknown>>> {
  const { pk, sk } = indexAttributes(input.index);
  const order = input.descending ? -1 : 1;
  const share = Math.min(input.limit, Math.ceil((input.limit * 1.5) / input.partitions.length) + 2);
  const shards = input.partitions.map((partition) => ({
    partition,
    items: [] as Record<string, unknown>[],
    start: undefined as Record<string, unknown> | undefined,
    done: false,
  }));
  const read = async (shard: (typeof shards)[number]) => {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: input.index,
        KeyConditionExpression: `#pk = :p${input.after ? ` AND #sk ${input.descending ? '<' : '>'} :after` : ''}`,
        ExpressionAttributeNames: { '#pk': pk, ...(input.after ? { '#sk': sk } : {}) },
        ExpressionAttributeValues: {
          ':p': shard.partition,
          ...(input.after ? { ':after': input.after } : {}),
        },
        ScanIndexForward: !input.descending,
        Limit: Math.min(share, input.limit - shard.items.length),
        ExclusiveStartKey: shard.start,
      })
    );
    shard.items.push(...(out.Items ?? []));
    shard.start = out.LastEvaluatedKey;
    shard.done = !shard.start || shard.items.length >= input.limit;
  };
  // Nothing a partition has not returned sorts before the last entry it did return.
  const sortsAfter = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    order === 1 ? String(a[sk]) > String(b[sk]) : String(a[sk]) < String(b[sk]);
  let pending = shards;
  let items: Record<string, unknown>[] = [];
  while (pending.length) {
    await Promise.all(pending.map(read));
    items = sortByKey(
      shards.flatMap((s) => s.items),
      sk,
      order
    ).slice(0, input.limit);
    const last = items.at(-1);
    pending = shards.filter(
      (s) =>
        !s.done &&
        (items.length < input.limit || !last || !s.items.length || sortsAfter(last, s.items.at(-1) ?? last))
    );
  }
  const last = items.at(-1);
  return {
    items,
    cursor: last && items.length === input.limit ? encodeCursor({ after: String(last[sk]) }) : null,
  };
}

/** How many entries the partitions of one index hold together: a COUNT query per partition, at once. */
export async function countShards(
  table: SingleTable,
  input: { index: CaseTableIndex; partitions: string[] }
): Promise<number> {
  const { pk } = indexAttributes(input.index);
  const counts = await Promise.all(
    input.partitions.map((partition) =>
      table.count({
        IndexName: input.index,
        KeyConditionExpression: '#pk = :p',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':p': partition },
      })
    )
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * How many entries the partitions hold, counted up to about `upTo`: a COUNT query per partition,
 * at once, of at most its share of `upTo` (hash shards split the entries evenly). When some hold
 * more than their share but all together not `upTo`, those are counted to the end; otherwise the
 * count stops and is a lower bound (`exact: false`).
 */
export async function countShardsUpTo(
  table: SingleTable,
  input: { index: CaseTableIndex; partitions: string[]; upTo: number }
): Promise<{ count: number; exact: boolean }> {
  const { pk } = indexAttributes(input.index);
  const share = Math.ceil(input.upTo / input.partitions.length);
  const query = (partition: string) => ({
    IndexName: input.index,
    KeyConditionExpression: '#pk = :p',
    ExpressionAttributeNames: { '#pk': pk },
    ExpressionAttributeValues: { ':p': partition },
  });
  const counts = await Promise.all(
    input.partitions.map(async (partition) => {
      const out = await table.doc.send(
        // One more than the share tells "more" from "exactly the share".
        new QueryCommand({ TableName: table.name, ...query(partition), Select: 'COUNT', Limit: share + 1 })
      );
      return { partition, count: Math.min(out.Count ?? 0, share + 1) };
    })
  );
  const over = counts.filter((c) => c.count > share);
  const bound = counts.reduce((sum, c) => sum + Math.min(c.count, share), 0);
  if (!over.length) return { count: bound, exact: true };
  if (bound + over.length >= input.upTo) return { count: bound, exact: false };
  const rest = await Promise.all(over.map((c) => table.count(query(c.partition))));
  return { count: bound - over.length * share + rest.reduce((a, b) => a + b, 0), exact: true };
}

/** Sort keys compared as DynamoDB compares strings: by UTF-8 bytes (here: code units, the keys are ASCII). */
function sortByKey(items: Record<string, unknown>[], sk: string, order: 1 | -1) {
  return [...items].sort((a, b) => {
    const x = String(a[sk]);
    const y = String(b[sk]);
    return x === y ? 0 : x < y ? -order : order;
  });
}

/** Days to read per round: the buckets of a week are queried at once. */
const DAYS_PER_ROUND = 7;

/**
 * A listing on gsi1 kept in one partition per day, read newest first. The months it has items in
 * are kept on one small item (a string set, written once per month per process), so a reader
 * knows where to start and where to stop without walking empty days beyond them.
 */
export class DayBucketListing {
  private readonly registered = new Set<string>();

  constructor(
    private readonly table: SingleTable,
    private readonly listing: string,
    private readonly bucket: (day: string) => string
  ) {}

  /** Records that the listing has an item in the month of `at`; call before writing the item. */
  async register(at: string): Promise<void> {
    const month = monthOf(at);
    if (this.registered.has(month)) return;
    await this.registerMonths([month]);
    this.registered.add(month);
  }

  async registerMonths(months: string[]): Promise<void> {
    await this.table.update({
      Key: keys.listingMonths(this.listing),
      UpdateExpression: 'SET entity = :e ADD months :m',
      ExpressionAttributeValues: { ':e': 'listing-months', ':m': new Set(months) },
    });
  }

  /** Up to `limit` index entries, newest first, from where `cursor` left off. */
  async page(limit: number, cursor?: string, extra: Extra = {}): Promise<Page<Record<string, unknown>>> {
    const from = cursor ? decodeCursor(cursor, ['day', 'before'] as const) : undefined;
    const item = await this.table.get(keys.listingMonths(this.listing));
    const months = [...((item?.months as Set<string> | undefined) ?? [])].sort().reverse();
    const days = daysNewestFirst(months, from?.day);
    const items: Record<string, unknown>[] = [];
    for (let round = 0; round * DAYS_PER_ROUND < days.length; round++) {
      const batch = days.slice(round * DAYS_PER_ROUND, (round + 1) * DAYS_PER_ROUND);
      const remaining = limit - items.length;
      const found = await Promise.all(
        batch.map((day) => this.queryDay(day, remaining, day === from?.day ? from.before : undefined, extra))
      );
      for (const [i, dayItems] of found.entries()) {
        const day = batch[i] as string;
        for (const entry of dayItems) {
          items.push(entry);
          if (items.length === limit) {
            return { items, cursor: encodeCursor({ day, before: String(entry.gsi1sk) }) };
          }
        }
      }
    }
    return { items, cursor: null };
  }

  /**
   * How many entries the listing holds (after `extra`'s filter): a COUNT query per day of its
   * registered months, a week of days at once. Bounded by the months the listing has items in.
   */
  async count(extra: Extra = {}): Promise<number> {
    const item = await this.table.get(keys.listingMonths(this.listing));
    const days = daysNewestFirst([...((item?.months as Set<string> | undefined) ?? [])].sort().reverse());
    let total = 0;
    for (let round = 0; round * DAYS_PER_ROUND < days.length; round++) {
      const batch = days.slice(round * DAYS_PER_ROUND, (round + 1) * DAYS_PER_ROUND);
      const counts = await Promise.all(
        batch.map((day) =>
          this.table.count({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :bucket',
            FilterExpression: extra.FilterExpression,
            ExpressionAttributeNames: extra.ExpressionAttributeNames,
            ExpressionAttributeValues: { ...extra.ExpressionAttributeValues, ':bucket': this.bucket(day) },
          })
        )
      );
      total += counts.reduce((a, b) => a + b, 0);
    }
    return total;
  }

  private queryDay(day: string, limit: number, before: string | undefined, extra: Extra) {
    return this.table.queryUpTo(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :bucket${before ? ' AND gsi1sk < :before' : ''}`,
        ScanIndexForward: false,
        FilterExpression: extra.FilterExpression,
        ExpressionAttributeNames: extra.ExpressionAttributeNames,
        ExpressionAttributeValues: {
          ...extra.ExpressionAttributeValues,
          ':bucket': this.bucket(day),
          ...(before ? { ':before': before } : {}),
        },
      },
      limit
    );
  }
}

/** Every day of the given months ("yyyy-mm", newest first), newest first, from `startDay` on down. */
export function daysNewestFirst(months: string[], startDay?: string): string[] {
  const days: string[] = [];
  for (const month of months) {
    const [year, mon] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    for (let d = last; d >= 1; d--) {
      const day = `${month}-${String(d).padStart(2, '0')}`;
      if (!startDay || day <= startDay) days.push(day);
    }
  }
  return days;
}

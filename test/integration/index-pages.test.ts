import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiProjection, caseTableDefinition } from '../../functions/adapters/aws/table-definition';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import { countShardsUpTo, mergeShards } from '../../functions/data/index-reads';
import { CursorError, decodeCursor, type Page } from '../../functions/data/page';
import { SingleTable } from '../../functions/data/single-table';
import { keys } from '../../functions/data/table-keys';
import type { CaseRecord, MessageRecord } from '../../functions/domain/case';
import { newSev1State } from '../../functions/domain/sev1';
import type { Stores } from '../../functions/use-cases/deps';
import { freshTable } from '../support/harness';

/** 30 cases over 9 days in two months, their deadlines in another order than their creation. */
const COUNT = 30;
let stores: Stores;
let table: SingleTable;
let client: Awaited<ReturnType<typeof freshTable>>['client'];
let tableName: string;
const created: { id: string; createdAt: string; queueKey: string; sev1: boolean }[] = [];

beforeAll(async () => {
  ({ client, tableName } = await freshTable());
  table = new SingleTable(client, tableName);
  stores = dynamoStores(client, tableName, { queueShards: 3 });
  for (let i = 0; i < COUNT; i++) {
    const id = `page-${String(i).padStart(2, '0')}`;
    const createdAt = new Date(Date.UTC(2026, 10, 26 + (i % 9), 8, i, 0)).toISOString();
    const due = new Date(Date.UTC(2026, 11, 20, (i * 7) % 24, i, 0)).toISOString();
    const sev1 = i % 5 === 0;
    const c = {
      id,
      reference: `CF-${3000 + i}`,
      subject: `Case ${i}`,
      status: 'OPEN',
      severity: sev1 ? 'SEV1' : 'NON_CRITICAL',
      team: 'L1',
      createdAt,
      receivedAt: createdAt,
      deadlines: { nextDueAt: due },
      ...(sev1 ? { sev1: newSev1State(createdAt, 15) } : {}),
    } as unknown as CaseRecord;
    const message = {
      id: `m-${id}`,
      caseId: id,
      direction: 'INBOUND',
      messageId: null,
      from: 'a@x.example',
      to: [],
      subject: 's',
      text: 't',
      at: createdAt,
      kind: 'customer',
    } as unknown as MessageRecord;
    const queueKey = `${due}#${id}`;
    await stores.caseTransactions.createCase({
      case: c,
      message,
      timeline: [],
      inboundId: `ses-${id}`,
      ackClaimedAt: createdAt,
      queue: { team: 'L1', sortKey: queueKey },
    });
    created.push({ id, createdAt, queueKey, sev1 });
  }
});

async function allPages(read: (cursor?: string) => Promise<Page<CaseRecord>>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items.map((c) => c.id));
    cursor = page.cursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('listings over day buckets and shards', () => {
  it('lists all cases newest first, a page at a time across days and months', async () => {
    const newestFirst = [...created]
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`))
      .map((c) => c.id);
    expect((await stores.cases.listCases(100)).map((c) => c.id)).toEqual(newestFirst);
    const pages = await allPages((cursor) => stores.cases.pageCases(4, cursor));
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages.slice(0, -1).every((p) => p.length === 4)).toBe(true);
    expect((await stores.cases.listCases(7)).map((c) => c.id)).toEqual(newestFirst.slice(0, 7));
    const buckets = new Set(
      await Promise.all(created.map(async (c) => (await table.get(keys.case(c.id)))?.gsi1pk))
    );
    expect(buckets.size).toBe(9);
  });

  it('serves the queue earliest deadline first, its shards merged, a page at a time', async () => {
    const byDeadline = [...created].sort((a, b) => a.queueKey.localeCompare(b.queueKey)).map((c) => c.id);
    expect((await stores.slaClocks.listQueue('L1', 100)).map((c) => c.id)).toEqual(byDeadline);
    const pages = await allPages((cursor) => stores.slaClocks.pageQueue('L1', 7, cursor));
    expect(pages.flat()).toEqual(byDeadline);
    const shards = new Set(
      await Promise.all(created.map(async (c) => (await table.get(keys.case(c.id)))?.gsi3pk))
    );
    expect([...shards].sort()).toEqual(['QUEUE#L1', 'QUEUE#L1#1', 'QUEUE#L1#2']);
    // Each shard is first asked for its share of a page and asked again while the page could hold
    // more of it: with nine empty partitions beside the three, the three's shares fall short.
    const partitions = [...shards, ...Array.from({ length: 9 }, (_, i) => `QUEUE#L1#${i + 3}`)] as string[];
    for (const limit of [1, 2, 7, 12, 20]) {
      const paged: string[][] = [];
      let after: string | undefined;
      do {
        const page = await mergeShards(table, { index: 'gsi3', partitions, limit, after });
        paged.push(page.items.map((e) => keys.case(String(e.pk).replace(/^CASE#/, '')).pk.slice(5)));
        after = page.cursor ? decodeCursor(page.cursor, ['after'] as const).after : undefined;
      } while (after && paged.length < 50);
      expect(paged.flat(), `pages of ${limit}`).toEqual(byDeadline);
      expect(paged.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    }
    // The queue's total, counted up to a bound over the shards: exact below it (the three shards
    // hold more than their share of 100 beside nine empty ones, and are counted to the end), a
    // lower bound past it.
    expect(await countShardsUpTo(table, { index: 'gsi3', partitions, upTo: 100 })).toEqual({
      count: COUNT,
      exact: true,
    });
    expect(await countShardsUpTo(table, { index: 'gsi3', partitions, upTo: COUNT + 1 })).toEqual({
      count: COUNT,
      exact: true,
    });
    const bounded = await countShardsUpTo(table, {
      index: 'gsi3',
      partitions: [...shards] as string[],
      upTo: 6,
    });
    expect(bounded).toEqual({ count: 6, exact: false });
    // A store with fewer shards configured would miss cases: lowering needs the backfill (docs/config.md).
    expect(
      (await dynamoStores(client, tableName, { queueShards: 1 }).slaClocks.listQueue('L1', 100)).length
    ).toBeLessThan(COUNT);
  });

  it('finds every open Sev-1 case over its shards', async () => {
    const sev1 = created.filter((c) => c.sev1).map((c) => c.id);
    expect((await stores.paging.listOpenSev1Cases()).map((c) => c.id).sort()).toEqual(sev1);
    const shards = new Set(
      await Promise.all(sev1.map(async (id) => (await table.get(keys.case(id)))?.gsi2pk))
    );
    expect(shards.size).toBeGreaterThan(1);
    await stores.paging.recordPageAcknowledged(sev1[0] as string, 'alice', new Date().toISOString());
    await stores.paging.recordCallback(sev1[0] as string, 'alice', new Date().toISOString());
    expect((await stores.paging.listOpenSev1Cases()).map((c) => c.id)).not.toContain(sev1[0]);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(stores.cases.pageCases(5, 'not-a-cursor')).rejects.toBeInstanceOf(CursorError);
    const queueCursor = (await stores.slaClocks.pageQueue('L1', 2)).cursor as string;
    await expect(stores.cases.pageCases(5, queueCursor)).rejects.toBeInstanceOf(CursorError);
  });

  it('is built locally from the one definition: keys and lean projections per index', async () => {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = (out.Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName,
      keys: g.KeySchema?.map((k) => k.AttributeName),
      projection: {
        ProjectionType: g.Projection?.ProjectionType,
        NonKeyAttributes: g.Projection?.NonKeyAttributes,
      },
    }));
    expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      caseTableDefinition.globalSecondaryIndexes.map((g) => ({
        name: g.indexName,
        keys: [g.partitionKey, g.sortKey],
        projection: { NonKeyAttributes: undefined, ...apiProjection(g.projection) },
      }))
    );
  });
});

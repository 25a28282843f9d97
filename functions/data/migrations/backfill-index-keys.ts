import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldFolder } from '../../domain/held-mail';
import type { Team } from '../../domain/team';
import { CaseIndexLayout, type IndexLayoutOptions } from '../case-index-layout';
import { DayBucketListing } from '../index-reads';
import type { SingleTable } from '../single-table';
import { dayOf, INTAKE_FAILURE_SHARDS, indexKeys, keys, listings, monthOf, shardOf } from '../table-keys';

/**
 * One-off backfill from the constant index keys (`CASES`, `SEV1#OPEN`, `FOLDER#<folder>`,
 * `INTAKE#FAILED`, unsharded queues) to the day buckets and shards of docs/scale.md. Idempotent:
 * an item already in the layout is left alone, and every move is conditional on the keys it read,
 * so a case the running service moved meanwhile is not overwritten. Resumable: the scan position is
 * kept on the table after every page and the next run goes on from it.
 */
export const BACKFILL_NAME = 'index-keys';

export interface BackfillOptions extends IndexLayoutOptions {
  /** Items per scan page. */
  pageSize?: number;
  /** Stop after this many pages (the next run resumes). */
  maxPages?: number;
  /** Start from the beginning, ignoring a previous run's position. */
  restart?: boolean;
  onPage?: (report: BackfillReport) => void;
}

export interface BackfillReport {
  scanned: number;
  moved: number;
  /** Items whose keys changed between read and write (the service already keeps them current). */
  changedMeanwhile: number;
  pages: number;
  done: boolean;
}

type Item = Record<string, unknown>;

export async function backfillIndexKeys(
  table: SingleTable,
  options: BackfillOptions = {}
): Promise<BackfillReport> {
  const layout = new CaseIndexLayout(table, options);
  const progressKey = keys.migration(BACKFILL_NAME);
  const progress = options.restart ? undefined : await table.get(progressKey);
  const report: BackfillReport = {
    scanned: Number(progress?.scanned ?? 0),
    moved: Number(progress?.moved ?? 0),
    changedMeanwhile: Number(progress?.changedMeanwhile ?? 0),
    pages: 0,
    done: progress?.done === true,
  };
  if (report.done) return report;
  let start = progress?.cursor ? (JSON.parse(String(progress.cursor)) as Item) : undefined;
  do {
    const out = await table.doc.send(
      new ScanCommand({
        TableName: table.name,
        Limit: options.pageSize ?? 500,
        ExclusiveStartKey: start,
        FilterExpression: 'entity IN (:case, :held, :failure)',
        ExpressionAttributeValues: { ':case': 'case', ':held': 'held-mail', ':failure': 'intake-failure' },
      })
    );
    const months = new Map<string, Set<string>>();
    const note = (listing: string, at: string) =>
      months.set(listing, (months.get(listing) ?? new Set()).add(monthOf(at)));
    for (const item of out.Items ?? []) {
      const target = targetKeys(item, layout);
      if (item.entity === 'case') note(listings.allCases, String(item.createdAt));
      if (item.entity === 'held-mail')
        note(listings.heldFolder(item.folder as HeldFolder), String(item.receivedAt));
      const changes = Object.entries(target).filter(([name, value]) => item[name] !== value);
      if (changes.length && !(await move(table, item, changes))) report.changedMeanwhile++;
      else if (changes.length) report.moved++;
    }
    // Months first, then the position: a resumed run never skips a page whose months are unrecorded.
    for (const [listing, set] of months) {
      await new DayBucketListing(table, listing, (day) => day).registerMonths([...set]);
    }
    report.scanned += out.Items?.length ?? 0;
    report.pages++;
    start = out.LastEvaluatedKey;
    report.done = start === undefined;
    await table.put({
      ...progressKey,
      entity: 'migration',
      cursor: start ? JSON.stringify(start) : undefined,
      scanned: report.scanned,
      moved: report.moved,
      changedMeanwhile: report.changedMeanwhile,
      done: report.done,
    });
    options.onPage?.({ ...report });
  } while (start && (options.maxPages === undefined || report.pages < options.maxPages));
  return report;
}

/** The index keys an item has in the current layout (only those it has at all: an index membership is never added). */
function targetKeys(item: Item, layout: CaseIndexLayout): Item {
  const id = String(item.id);
  if (item.entity === 'case') {
    const createdAt = String(item.createdAt);
    return {
      gsi1pk: indexKeys.casesOn(dayOf(createdAt)),
      gsi1sk: indexKeys.allCasesSort(createdAt, id),
      ...(item.gsi2pk ? { gsi2pk: layout.openSev1Key(id) } : {}),
      ...(item.gsi3pk ? { gsi3pk: layout.queueKey(String(item.gsi3pk).split('#')[1] as Team, id) } : {}),
    };
  }
  if (item.entity === 'held-mail' && item.gsi1pk) {
    return { gsi1pk: indexKeys.heldFolderOn(item.folder as HeldFolder, dayOf(String(item.receivedAt))) };
  }
  if (item.entity === 'intake-failure' && item.gsi1pk) {
    return { gsi1pk: indexKeys.openIntakeFailures(shardOf(id, INTAKE_FAILURE_SHARDS)) };
  }
  return {};
}

/** Sets the new keys if the item still has the ones read; false when it changed meanwhile. */
function move(table: SingleTable, item: Item, changes: [string, unknown][]): Promise<boolean> {
  const names = Object.fromEntries(changes.map(([name], i) => [`#k${i}`, name]));
  const values = Object.fromEntries(changes.map(([, value], i) => [`:k${i}`, value]));
  const old = Object.fromEntries(
    changes.flatMap(([name], i) => (item[name] === undefined ? [] : [[`:o${i}`, item[name]]]))
  );
  const conditions = changes.map(([name], i) =>
    item[name] === undefined ? `attribute_not_exists(#k${i})` : `#k${i} = :o${i}`
  );
  return table.conditional({
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: `SET ${changes.map((_, i) => `#k${i} = :k${i}`).join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ...values, ...old },
  });
}

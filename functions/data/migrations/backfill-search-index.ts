import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, MessageRecord } from '../../domain/case';
import { type SearchEntries, searchEntries } from '../../domain/search-text';
import { searchEntryUpdates, writeSearchEntries } from '../case-search/search-items';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';

/**
 * One-off backfill of the case search index (R-BOX-14) for cases opened before it existed: each
 * case's subject, customer, requester and the words of its customer mail, staff replies and
 * notes, filed as intake and the staff API file them. Idempotent (the entries add to sets, so a
 * case indexed twice, or meanwhile by the service, stays the same). Resumable: the scan position
 * is kept on the table after every page.
 */
export const SEARCH_BACKFILL_NAME = 'search-index';

export interface SearchBackfillOptions {
  pageSize?: number;
  maxPages?: number;
  restart?: boolean;
  onPage?: (report: SearchBackfillReport) => void;
}

export interface SearchBackfillReport {
  cases: number;
  pages: number;
  done: boolean;
}

/** The kinds of message whose words staff search: the customer's, and staff replies and notes. */
const SEARCHED_KINDS = new Set<MessageRecord['kind']>(['customer', 'reply', 'note']);

export async function backfillSearchIndex(
  table: SingleTable,
  options: SearchBackfillOptions = {}
): Promise<SearchBackfillReport> {
  const progressKey = keys.migration(SEARCH_BACKFILL_NAME);
  const progress = options.restart ? undefined : await table.get(progressKey);
  const report: SearchBackfillReport = {
    cases: Number(progress?.cases ?? 0),
    pages: 0,
    done: progress?.done === true,
  };
  if (report.done) return report;
  let start = progress?.cursor ? (JSON.parse(String(progress.cursor)) as Record<string, unknown>) : undefined;
  do {
    const out = await table.doc.send(
      new ScanCommand({
        TableName: table.name,
        Limit: options.pageSize ?? 200,
        ExclusiveStartKey: start,
        FilterExpression: 'entity = :case',
        ExpressionAttributeValues: { ':case': 'case' },
      })
    );
    for (const item of out.Items ?? []) {
      const c = strip<CaseRecord>(item);
      await writeSearchEntries(table, searchEntryUpdates(c.id, c.createdAt, await entriesOf(table, c)));
      report.cases++;
    }
    report.pages++;
    start = out.LastEvaluatedKey;
    report.done = start === undefined;
    await table.put({
      ...progressKey,
      entity: 'migration',
      cursor: start ? JSON.stringify(start) : undefined,
      cases: report.cases,
      done: report.done,
    });
    options.onPage?.({ ...report });
  } while (start && (options.maxPages === undefined || report.pages < options.maxPages));
  return report;
}

/** A case's words as the service files them: its own fields and its searched messages. */
async function entriesOf(table: SingleTable, c: CaseRecord): Promise<SearchEntries> {
  const messages = (
    await table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': keys.casePartition(c.id), ':msg': 'MSG#' },
    })
  )
    .map((m) => strip<MessageRecord>(m))
    .filter((m) => SEARCHED_KINDS.has(m.kind));
  // A staff reply is stored with the signature below "-- ": only the agent's words are searched.
  const words = (m: MessageRecord) => (m.kind === 'reply' ? (m.text.split('\n-- \n')[0] ?? '') : m.text);
  return searchEntries({
    texts: [c.subject, ...messages.map(words)],
    customer: [c.customerId, c.customerName],
    sender: [
      c.requester.email,
      c.requester.name,
      ...messages.filter((m) => m.direction === 'INBOUND').map((m) => m.from),
    ],
  });
}

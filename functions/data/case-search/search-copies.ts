import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseStatus } from '../../domain/case';
import type { Team } from '../../domain/team';
import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';
import { type CopiedFields, copyClauses, type EntryUpdate } from './search-items';

/** The copy rewritten on the entries at these word keys (they exist: the case opened with them). */
export function copyUpdates(
  caseId: string,
  openedAt: string,
  wordKeys: Iterable<string>,
  fields: CopiedFields
): EntryUpdate[] {
  const { set, values } = copyClauses(fields);
  return [...wordKeys].map((wordKey) => ({
    Key: keys.searchWord(wordKey, openedAt, caseId),
    UpdateExpression: `SET entity = :e, caseId = :c, ${set.join(', ')}`,
    ExpressionAttributeValues: { ':e': 'search-word', ':c': caseId, ...values },
  }));
}

/** What a write that changes a case's team or status needs to know of its copies. */
export interface CaseCopies {
  openedAt: string;
  wordKeys: string[];
  team: Team;
  status: CaseStatus;
}

/** The case's copy keys and the fields they copy, read consistently (undefined: no such case). */
export async function readCaseCopies(table: SingleTable, caseId: string): Promise<CaseCopies | undefined> {
  const out = await table.doc.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.case(caseId),
      ConsistentRead: true,
      ProjectionExpression: 'createdAt, searchCopyKeys, team, #s',
      ExpressionAttributeNames: { '#s': 'status' },
    })
  );
  const item = out.Item;
  if (!item) return undefined;
  return {
    openedAt: String(item.createdAt),
    wordKeys: [...((item.searchCopyKeys as Set<string> | undefined) ?? [])],
    team: item.team as Team,
    status: item.status as CaseStatus,
  };
}

/**
 * How one attempt sets a case's status: the condition its case update adds (on `#s`, the status
 * attribute), and the copy entries it rewrites with the new status.
 */
export interface StatusAttempt {
  condition: string | null;
  values: Record<string, unknown>;
  rewrite: string[];
  openedAt: string | null;
}

/**
 * The attempts of a write that sets a case's status, for a caller that does not know the status the
 * case has. The first assumes it stays as it is: no read, no copies, the case update conditioned on
 * it. When that condition failed, the next ones read the status and the copy keys, and rewrite the
 * copies when the status changes, conditioned on the status read (a change in between fails it,
 * and the next attempt reads again). A case without copies needs no condition.
 */
export async function* statusAttempts(
  table: SingleTable,
  caseId: string,
  status: CaseStatus
): AsyncGenerator<StatusAttempt> {
  yield { condition: '#s = :was', values: { ':was': status }, rewrite: [], openedAt: null };
  for (let read = 0; read < 3; read++) {
    const copies = await readCaseCopies(table, caseId);
    if (!copies) return;
    if (!copies.wordKeys.length) {
      yield { condition: null, values: {}, rewrite: [], openedAt: copies.openedAt };
      return;
    }
    yield {
      condition: '#s = :was',
      values: { ':was': copies.status },
      rewrite: copies.status === status ? [] : copies.wordKeys,
      openedAt: copies.openedAt,
    };
  }
}

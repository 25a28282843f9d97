import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CaseStatus } from '../../domain/case';
import type { SearchEntries, SearchFields } from '../../domain/search-text';
import type { Team } from '../../domain/team';
import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';

export type EntryUpdate = Omit<UpdateCommandInput, 'TableName'> & { UpdateExpression: string };

/**
 * A case's team and status as copied onto the word entries its opening transaction writes (the case
 * lists their keys in `searchCopyKeys`, fixed once it is open), so search filters by them without
 * reading the cases. Every write that changes the case's team or status rewrites those entries in
 * its own transaction (search-copies.ts): a copy is never behind its case.
 */
export interface CopiedFields {
  team?: Team;
  status?: CaseStatus;
  /** The customer's words (its id and name folded): a case's customer never changes. */
  customer?: string[];
}

/**
 * The SET clauses and values of a copy: `team`, `caseStatus` (`status` is a reserved word) and
 * `caseCustomer`.
 */
export function copyClauses(fields: CopiedFields): { set: string[]; values: Record<string, unknown> } {
  const set: string[] = [];
  const values: Record<string, unknown> = {};
  if (fields.team) {
    set.push('team = :copyTeam');
    values[':copyTeam'] = fields.team;
  }
  if (fields.status) {
    set.push('caseStatus = :copyStatus');
    values[':copyStatus'] = fields.status;
  }
  if (fields.customer?.length) {
    set.push('caseCustomer = :copyCustomer');
    values[':copyCustomer'] = new Set(fields.customer);
  }
  return { set, values };
}

/** Most word entries a case-creating transaction carries; a long mail's others follow it. */
export const SEARCH_ENTRIES_IN_TRANSACTION = 60;
/** DynamoDB's limit of items in one transaction. */
export const TRANSACTION_ITEMS = 100;

/**
 * The writes that file a case's words under their keys: an update that adds to string sets (and
 * creates the entry when it is new), so a later message adds words to the same entry idempotently.
 * With `copy`, the entries also carry the case's team and status (see `CopiedFields`).
 */
export function searchEntryUpdates(
  caseId: string,
  openedAt: string,
  entries: SearchEntries,
  copy: CopiedFields = {}
): EntryUpdate[] {
  const copied = copyClauses(copy);
  return [...entries].map(([wordKey, fields]) => {
    const present = (['words', 'customer', 'sender'] as const).filter((f) => fields[f].length > 0);
    return {
      Key: keys.searchWord(wordKey, openedAt, caseId),
      UpdateExpression: `SET entity = :e, caseId = :c${copied.set.map((c) => `, ${c}`).join('')} ADD ${present.map((f) => `#${f} :${f}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(present.map((f) => [`#${f}`, f])),
      ExpressionAttributeValues: {
        ':e': 'search-word',
        ':c': caseId,
        ...copied.values,
        ...Object.fromEntries(present.map((f) => [`:${f}`, new Set(fields[f as keyof SearchFields])])),
      },
    };
  });
}

/** Writes entries outside any other transaction: up to a hundred per request. */
export async function writeSearchEntries(table: SingleTable, updates: EntryUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += TRANSACTION_ITEMS)
    await table.writeTogether(updates.slice(i, i + TRANSACTION_ITEMS).map((u) => table.item.update(u)));
}

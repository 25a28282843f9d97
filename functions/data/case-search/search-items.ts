import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SearchEntries, SearchFields } from '../../domain/search-text';
import type { Team } from '../../domain/team';
import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';

type EntryUpdate = Omit<UpdateCommandInput, 'TableName'> & { UpdateExpression: string };

/** Most word entries a case-creating transaction carries; a long mail's others follow it. */
export const SEARCH_ENTRIES_IN_TRANSACTION = 60;
/** DynamoDB's limit of items in one transaction. */
const TRANSACTION_ITEMS = 100;

/**
 * The writes that file a case's words under their keys: an update that adds to string sets (and
 * creates the entry when it is new), so a later message adds words to the same entry idempotently.
 * With `team`, the entries also carry the case's team (only the opening transaction's entries do:
 * the case lists their keys in `searchCopyKeys`, and a team change rewrites exactly those).
 */
export function searchEntryUpdates(
  caseId: string,
  openedAt: string,
  entries: SearchEntries,
  team?: Team
): EntryUpdate[] {
  return [...entries].map(([wordKey, fields]) => {
    const present = (['words', 'customer', 'sender'] as const).filter((f) => fields[f].length > 0);
    return {
      Key: keys.searchWord(wordKey, openedAt, caseId),
      UpdateExpression: `SET entity = :e, caseId = :c${team ? ', team = :team' : ''} ADD ${present.map((f) => `#${f} :${f}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(present.map((f) => [`#${f}`, f])),
      ExpressionAttributeValues: {
        ':e': 'search-word',
        ':c': caseId,
        ...(team ? { ':team': team } : {}),
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

/**
 * The case's new team on the word entries that carry a copy of it (the keys the case lists in
 * `searchCopyKeys`): written in the transaction that changes the case's team, so an agent's search,
 * which filters on the copy, never sees a case of another team nor misses one of theirs.
 */
export function teamCopyUpdates(
  caseId: string,
  openedAt: string,
  wordKeys: Iterable<string>,
  team: Team
): EntryUpdate[] {
  return [...wordKeys].map((wordKey) => ({
    Key: keys.searchWord(wordKey, openedAt, caseId),
    UpdateExpression: 'SET entity = :e, caseId = :c, team = :team',
    ExpressionAttributeValues: { ':e': 'search-word', ':c': caseId, ':team': team },
  }));
}

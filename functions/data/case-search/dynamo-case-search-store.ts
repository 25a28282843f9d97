import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../domain/case';
import { type SearchEntries, wordKey, wordMatches } from '../../domain/search-text';
import { daysNewestFirst } from '../index-reads';
import { type SingleTable, strip } from '../single-table';
import { indexKeys, keys, listings } from '../table-keys';
import type { CaseFacets, CaseSearchStore, OpenedRange, SearchHit, WordTerm } from './case-search-store';
import { searchEntryUpdates, writeSearchEntries } from './search-items';

/** Sorts after any instant with the same prefix: `to` of a range is inclusive. */
const END = '\uffff';
/** Sorts before any instant (a key condition takes no empty string). */
const START = '0';
/** Day buckets read at once by a search by filters alone. */
const DAYS_AT_ONCE = 16;

const hitOf = (position: string): SearchHit => {
  const at = position.indexOf('#');
  return { caseId: position.slice(at + 1), openedAt: position.slice(0, at), position };
};

const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

export class DynamoCaseSearchStore implements CaseSearchStore {
  constructor(private readonly table: SingleTable) {}

  async findCases(terms: WordTerm[], range: OpenedRange): Promise<SearchHit[]> {
    const byKey = new Map<string, WordTerm[]>();
    for (const term of terms) byKey.set(wordKey(term.word), [...(byKey.get(wordKey(term.word)) ?? []), term]);
    // One partition read per word key, all at once; each term keeps the entries it matches.
    const perKey = await Promise.all(
      [...byKey].map(async ([key, keyTerms]) => {
        const entries = await this.table.queryAll({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ProjectionExpression: 'sk, #w, #c, #s',
          ExpressionAttributeNames: { '#w': 'words', '#c': 'customer', '#s': 'sender' },
          ExpressionAttributeValues: {
            ':pk': keys.searchWordPartition(key),
            ':from': range.from ?? START,
            ':to': `${range.to ?? ''}${END}`,
          },
        });
        return keyTerms.map((term) => {
          const found = new Set<string>();
          for (const entry of entries) {
            const words = entry[term.field] as Set<string> | undefined;
            if (words && [...words].some((w) => wordMatches(w, term.word))) found.add(String(entry.sk));
          }
          return found;
        });
      })
    );
    const sets = perKey.flat().sort((a, b) => a.size - b.size);
    const [smallest, ...others] = sets;
    if (!smallest) return [];
    return [...smallest]
      .filter((p) => others.every((s) => s.has(p)))
      .sort(newestFirst)
      .map(hitOf);
  }

  async casesOpened(range: OpenedRange): Promise<SearchHit[]> {
    const item = await this.table.get(keys.listingMonths(listings.allCases), false);
    const months = [...((item?.months as Set<string> | undefined) ?? [])].sort().reverse();
    const days = daysNewestFirst(months).filter(
      (d) => (!range.from || d >= range.from.slice(0, 10)) && (!range.to || d <= range.to.slice(0, 10))
    );
    const positions: string[] = [];
    for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
      const found = await Promise.all(
        days.slice(i, i + DAYS_AT_ONCE).map((day) =>
          this.table.queryAll({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :bucket AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':bucket': indexKeys.casesOn(day),
              ':from': range.from ?? START,
              ':to': `${range.to ?? ''}${END}`,
            },
          })
        )
      );
      for (const entries of found) positions.push(...entries.map((e) => String(e.gsi1sk)));
    }
    return positions.sort(newestFirst).map(hitOf);
  }

  async facets(caseIds: string[]): Promise<CaseFacets[]> {
    const unique = [...new Set(caseIds)];
    const chunks = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) =>
      unique.slice(i * 100, (i + 1) * 100)
    );
    const found = new Map<string, CaseFacets>();
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk.map((id) => ({ ...keys.case(id) }));
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          const out = await this.table.doc.send(
            new BatchGetCommand({
              RequestItems: {
                [this.table.name]: {
                  Keys: pending,
                  ProjectionExpression: 'id, team, #st, severity, assignee, labels, messageRules.labels',
                  ExpressionAttributeNames: { '#st': 'status' },
                },
              },
            })
          );
          for (const item of out.Responses?.[this.table.name] ?? []) {
            const facets = facetsOf(item);
            found.set(facets.id, facets);
          }
          pending = out.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
        }
      })
    );
    return caseIds.flatMap((id) => found.get(id) ?? []);
  }

  async cases(caseIds: string[]): Promise<CaseRecord[]> {
    const items = await this.table.getMany(caseIds.map((id) => keys.case(id)));
    return items.map((item) => strip<CaseRecord>(item));
  }

  addWords(caseId: string, openedAt: string, entries: SearchEntries): Promise<void> {
    return writeSearchEntries(this.table, searchEntryUpdates(caseId, openedAt, entries));
  }
}

function facetsOf(item: Record<string, unknown>): CaseFacets {
  const assignee = item.assignee as { userId: string; name: string } | null | undefined;
  const ruleLabels = (item.messageRules as { labels?: string[] } | undefined)?.labels ?? [];
  // Labels set on the case replace those its message rules gave it when it opened.
  const labels = Array.isArray(item.labels) ? (item.labels as string[]) : ruleLabels;
  return {
    id: String(item.id),
    team: item.team as CaseFacets['team'],
    status: item.status as CaseFacets['status'],
    severity: item.severity as CaseFacets['severity'],
    assignee: assignee ? { userId: assignee.userId, name: assignee.name } : null,
    labels,
  };
}

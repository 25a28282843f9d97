import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../domain/case';
import { type SearchEntries, wordKey, wordMatches } from '../../domain/search-text';
import type { Team } from '../../domain/team';
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
/** Word entries asked for in a partition's first page (a word on every mail fills the count in one), each later page four times as many. */
const FIRST_PAGE = 600;
const MAX_PAGE = 9600;

/** The key range of a search: `from` and `to` inclusive, and never past `before` (a cursor). */
function bounds(range: OpenedRange): [string, string] {
  const to = `${range.to ?? ''}${END}`;
  return [range.from ?? START, range.before && range.before < to ? range.before : to];
}

const hitOf = (position: string): SearchHit => {
  const at = position.indexOf('#');
  return { caseId: position.slice(at + 1), openedAt: position.slice(0, at), position };
};

const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

export class DynamoCaseSearchStore implements CaseSearchStore {
  constructor(private readonly table: SingleTable) {}

  async findCases(terms: WordTerm[], range: OpenedRange): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    for await (const batch of this.streamCases(terms, range)) hits.push(...batch);
    return hits;
  }

  /**
   * Every word key's partition is read newest first, a page at a time (the pages growing), all at
   * once; a case is certain once every partition has been read past it, so each round yields the
   * cases it made certain and the caller stops reading when it has enough.
   */
  async *streamCases(terms: WordTerm[], range: OpenedRange): AsyncGenerator<SearchHit[]> {
    const byKey = new Map<string, WordTerm[]>();
    for (const term of terms) byKey.set(wordKey(term.word), [...(byKey.get(wordKey(term.word)) ?? []), term]);
    const readers = [...byKey].map(([key, keyTerms]) => ({
      key,
      keyTerms,
      start: undefined as Record<string, unknown> | undefined,
      done: false,
      /** The oldest position read so far. */
      frontier: END,
    }));
    const found = new Map<WordTerm, Set<string>>(terms.map((t) => [t, new Set<string>()]));
    /** The team copied onto a matching entry, by position (every copy is current, any one will do). */
    const teams = new Map<string, Team>();
    const [from, to] = bounds(range);
    if (to < from) return;
    let certainFrom = END;
    for (let round = 0; readers.some((r) => !r.done); round++) {
      const limit = Math.min(MAX_PAGE, FIRST_PAGE * 4 ** round);
      await Promise.all(
        readers
          .filter((r) => !r.done)
          .map(async (reader) => {
            const out = await this.table.doc.send(
              new QueryCommand({
                TableName: this.table.name,
                KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
                ProjectionExpression: 'sk, #w, #c, #s, team',
                ExpressionAttributeNames: { '#w': 'words', '#c': 'customer', '#s': 'sender' },
                ExpressionAttributeValues: {
                  ':pk': keys.searchWordPartition(reader.key),
                  ':from': from,
                  ':to': to,
                },
                ScanIndexForward: false,
                Limit: limit,
                ExclusiveStartKey: reader.start,
              })
            );
            for (const entry of out.Items ?? []) {
              const position = String(entry.sk);
              if (range.before && position >= range.before) continue;
              for (const term of reader.keyTerms) {
                const words = entry[term.field] as Set<string> | undefined;
                if (words && [...words].some((w) => wordMatches(w, term.word))) {
                  found.get(term)?.add(position);
                  if (typeof entry.team === 'string') teams.set(position, entry.team as Team);
                }
              }
              reader.frontier = position;
            }
            reader.start = out.LastEvaluatedKey;
            reader.done = !reader.start;
          })
      );
      // Positions at or after every unfinished partition's frontier are known in all of them.
      const open = readers.filter((r) => !r.done).map((r) => r.frontier);
      const certainTo = certainFrom;
      certainFrom = open.length ? open.reduce((a, b) => (a > b ? a : b)) : '';
      const sets = [...found.values()].sort((a, b) => a.size - b.size);
      const [smallest, ...others] = sets;
      if (!smallest) return;
      const batch = [...smallest]
        .filter((p) => p >= certainFrom && p < certainTo && others.every((o) => o.has(p)))
        .sort(newestFirst);
      if (batch.length)
        yield batch.map((p) => {
          const team = teams.get(p);
          return team ? { ...hitOf(p), team } : hitOf(p);
        });
    }
  }

  async casesOpened(range: OpenedRange): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    for await (const batch of this.streamOpened(range)) hits.push(...batch);
    return hits;
  }

  /** The all-cases listing's day buckets of the range, newest first, some days at a time. */
  async *streamOpened(range: OpenedRange): AsyncGenerator<SearchHit[]> {
    const item = await this.table.get(keys.listingMonths(listings.allCases), false);
    const months = [...((item?.months as Set<string> | undefined) ?? [])].sort().reverse();
    const [from, to] = bounds(range);
    if (to < from) return;
    const days = daysNewestFirst(months).filter((d) => d >= from.slice(0, 10) && d <= to.slice(0, 10));
    for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
      const found = await Promise.all(
        days.slice(i, i + DAYS_AT_ONCE).map((day) =>
          this.table.queryAll({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :bucket AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':bucket': indexKeys.casesOn(day), ':from': from, ':to': to },
          })
        )
      );
      const positions = found.flat().map((e) => String(e.gsi1sk));
      const batch = positions.filter((p) => !range.before || p < range.before).sort(newestFirst);
      if (batch.length) yield batch.map(hitOf);
    }
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

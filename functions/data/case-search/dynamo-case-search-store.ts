import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, CaseStatus } from '../../domain/case';
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
/**
 * Word entries asked for in a partition's first page (a word on every mail fills the count in one);
 * each later page twice as many, so a word that matches one case in eight reads about what it needs.
 */
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
   * With other words, the customer's are checked on the copy of them the matching entries carry (a
   * case's customer never changes) instead of reading the customer's partition, which holds an
   * entry for every case of that customer; a case matched only by entries without the copy is
   * checked on its own customer entries, read by key.
   */
  async *streamCases(terms: WordTerm[], range: OpenedRange): AsyncGenerator<SearchHit[]> {
    const onCopy = terms.some((t) => t.field !== 'customer')
      ? terms.filter((t) => t.field === 'customer')
      : [];
    const read = terms.filter((t) => !onCopy.includes(t));
    const customerMatches = (words: Iterable<string>) =>
      onCopy.every((term) => [...words].some((w) => wordMatches(w, term.word)));
    for await (const batch of this.readPartitions(read, range, onCopy.length > 0)) {
      if (!onCopy.length) {
        yield batch.map(({ customerWords: _, ...hit }) => hit);
        continue;
      }
      const unknown = batch.filter((h) => !h.customerWords);
      const entries = unknown.length
        ? await this.table.getMany(
            unknown.flatMap((h) => onCopy.map((t) => keys.searchWord(wordKey(t.word), h.openedAt, h.caseId)))
          )
        : [];
      const customerWordsOf = new Map<string, string[]>();
      for (const entry of entries) {
        const words = [...((entry.customer as Set<string> | undefined) ?? [])];
        customerWordsOf.set(String(entry.sk), [...(customerWordsOf.get(String(entry.sk)) ?? []), ...words]);
      }
      const kept = batch.filter((h) =>
        customerMatches(h.customerWords ?? customerWordsOf.get(h.position) ?? [])
      );
      if (kept.length) yield kept.map(({ customerWords: _, ...hit }) => hit);
    }
  }

  /**
   * Every word key's partition is read newest first, a page at a time (the pages growing), all at
   * once; a case is certain once every partition has been read past it, so each round yields the
   * cases it made certain and the caller stops reading when it has enough.
   */
  private async *readPartitions(
    terms: WordTerm[],
    range: OpenedRange,
    withCustomer: boolean
  ): AsyncGenerator<(SearchHit & { customerWords?: Set<string> })[]> {
    const byKey = new Map<string, WordTerm[]>();
    for (const term of terms) byKey.set(wordKey(term.word), [...(byKey.get(wordKey(term.word)) ?? []), term]);
    const readers = [...byKey].map(([key, keyTerms]) => ({
      key,
      keyTerms,
      fields: [...new Set(keyTerms.map((t) => t.field))],
      start: undefined as Record<string, unknown> | undefined,
      done: false,
      /** The oldest position read so far. */
      frontier: END,
    }));
    const found = new Map<WordTerm, Set<string>>(terms.map((t) => [t, new Set<string>()]));
    /** The fields copied onto a matching entry, by position (every copy is current, any one will do). */
    const copies = new Map<string, NonNullable<SearchHit['copy']>>();
    const customers = new Map<string, Set<string>>();
    const [start, to] = bounds(range);
    if (to < start) return;
    let from = start;
    let certainFrom = END;
    for (let round = 0; readers.some((r) => !r.done); round++) {
      const limit = Math.min(MAX_PAGE, FIRST_PAGE * 2 ** round);
      await Promise.all(
        readers
          .filter((r) => !r.done)
          .map(async (reader) => {
            const out = await this.table.doc.send(
              new QueryCommand({
                TableName: this.table.name,
                KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
                // Only the sets this partition's terms look in, and the copy.
                ProjectionExpression: `sk, ${reader.fields.map((f) => `#${f}`).join(', ')}, team, caseStatus${withCustomer ? ', caseCustomer' : ''}`,
                ExpressionAttributeNames: Object.fromEntries(reader.fields.map((f) => [`#${f}`, f])),
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
                  if (entry.caseCustomer instanceof Set)
                    customers.set(position, entry.caseCustomer as Set<string>);
                  if (typeof entry.team === 'string' && typeof entry.caseStatus === 'string')
                    copies.set(position, {
                      team: entry.team as Team,
                      status: entry.caseStatus as CaseStatus,
                    });
                }
              }
              reader.frontier = position;
            }
            reader.start = out.LastEvaluatedKey;
            reader.done = !reader.start;
          })
      );
      // A finished partition's matches bound every hit: the others are read no further than the
      // oldest of them (a rare word with the customer a thousand cases have reads a few entries).
      for (const reader of readers.filter((r) => r.done))
        for (const term of reader.keyTerms) {
          const matched = found.get(term) ?? new Set<string>();
          const oldest = matched.size ? [...matched].reduce((a, b) => (a < b ? a : b)) : END;
          if (oldest > from) from = oldest;
        }
      for (const reader of readers) if (reader.frontier <= from) reader.done = true;
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
          const copy = copies.get(p);
          const customerWords = customers.get(p);
          return { ...hitOf(p), ...(copy ? { copy } : {}), ...(customerWords ? { customerWords } : {}) };
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

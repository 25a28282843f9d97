import type { CaseFacets, SearchHit, WordTerm } from '../data/case-search/case-search-store';
import { decodeCursor, encodeCursor } from '../data/page';
import type { CaseRecord, CaseStatus, Severity } from '../domain/case';
import { queryWords, referenceQuery } from '../domain/search-text';
import type { Team } from '../domain/team';
import type { Services } from './deps';

type Deps = Pick<Services, 'cases' | 'search'>;

/** What staff search by (R-BOX-14); every part optional, all of them must hold. */
export interface CaseQuery {
  /** Words of the subject, the messages, the customer or the sender; or a case reference. */
  q?: string;
  status?: CaseStatus[];
  team?: Team[];
  severity?: Severity[];
  label?: string;
  /** `me`, `none` or a staff user id. */
  assignee?: string;
  /** Opened at or after (ISO date or instant). */
  from?: string;
  /** Opened at or before (an ISO date means the whole day). */
  to?: string;
  customer?: string;
  sender?: string;
}

/** Who searches: which teams they see, and who "me" is. */
export interface Searcher {
  sees: (team: Team) => boolean;
  seesEveryTeam: boolean;
  userId: string | null;
}

export interface SearchResult {
  cases: CaseRecord[];
  cursor: string | null;
  /** How many cases match that the searcher may see. */
  total: number;
  /** The query was a case reference and this is its case. */
  reference?: string;
}

/**
 * Finds cases newest first: the words (query, customer, sender) from the word index, or the
 * cases opened in the range when none are given; then the filters and the searcher's teams on
 * the matching cases' few filterable fields; then the page's cases. A reference goes straight to
 * its case. `cursor` is the last case's position (CursorError when it is not one of ours).
 */
export async function searchCases(
  deps: Deps,
  query: CaseQuery,
  searcher: Searcher,
  page: { limit: number; cursor?: string }
): Promise<SearchResult> {
  const reference = query.q ? referenceQuery(query.q) : null;
  if (reference) {
    const caseId = await deps.cases.findCaseIdByReference(reference);
    const found = caseId ? await deps.cases.getCase(caseId) : undefined;
    const cases = found && searcher.sees(found.team) ? [found] : [];
    return { cases, cursor: null, total: cases.length, reference };
  }
  const after = page.cursor ? decodeCursor(page.cursor, ['after'] as const).after : undefined;
  const terms: WordTerm[] = [
    ...queryWords(query.q ?? '').map((word) => ({ field: 'words' as const, word })),
    ...queryWords(query.customer ?? '').map((word) => ({ field: 'customer' as const, word })),
    ...queryWords(query.sender ?? '').map((word) => ({ field: 'sender' as const, word })),
  ];
  const range = { from: query.from, to: query.to };
  let hits: SearchHit[] = terms.length
    ? await deps.search.findCases(terms, range)
    : await deps.search.casesOpened(range);
  const filtering =
    !searcher.seesEveryTeam ||
    !!(query.status || query.team || query.severity || query.label || query.assignee);
  if (filtering) {
    const facets = new Map((await deps.search.facets(hits.map((h) => h.caseId))).map((f) => [f.id, f]));
    hits = hits.filter((h) => {
      const f = facets.get(h.caseId);
      return !!f && keeps(f, query, searcher);
    });
  }
  const rest = after ? hits.filter((h) => h.position < after) : hits;
  const shown = rest.slice(0, page.limit);
  const cases = await deps.search.cases(shown.map((h) => h.caseId));
  const last = shown.at(-1);
  return {
    cases,
    cursor: last && rest.length > shown.length ? encodeCursor({ after: last.position }) : null,
    total: hits.length,
  };
}

function keeps(f: CaseFacets, query: CaseQuery, searcher: Searcher): boolean {
  if (!searcher.sees(f.team)) return false;
  if (query.status && !query.status.includes(f.status)) return false;
  if (query.team && !query.team.includes(f.team)) return false;
  if (query.severity && !query.severity.includes(f.severity)) return false;
  if (query.label && !f.labels.some((l) => l.toLowerCase() === query.label?.toLowerCase())) return false;
  if (query.assignee === 'none') return f.assignee === null;
  if (query.assignee === 'me') return !!searcher.userId && f.assignee?.userId === searcher.userId;
  if (query.assignee) return f.assignee?.userId === query.assignee;
  return true;
}

import type { CaseFacets, SearchHit, WordTerm } from '../data/case-search/case-search-store';
import { CursorError, decodeCursor, encodeCursor } from '../data/page';
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
  /** How many cases match that the searcher may see (at least this many when not `totalExact`). */
  total: number;
  /** False when counting stopped at `TOTAL_COUNTED` cases beyond the page (the console shows "500+"). */
  totalExact: boolean;
  /** The query was a case reference and this is its case. */
  reference?: string;
}

/**
 * How many matching cases past the page's start a search counts before it stops: a word every mail
 * has matches the whole desk, and counting it would read the whole desk's entries at every key.
 */
export const TOTAL_COUNTED = 500;

/**
 * Finds cases newest first: the words (query, customer, sender) from the word index, or the
 * cases opened in the range when none are given; then the filters and the searcher's teams on
 * the matching cases' few filterable fields; then the page's cases. It reads newest first only as
 * far as it needs: the page and up to `TOTAL_COUNTED` matches for the total. A reference goes
 * straight to its case. `cursor` carries the last case's position and how many came before it
 * (CursorError when it is not one of ours).
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
    return { cases, cursor: null, total: cases.length, totalExact: true, reference };
  }
  const from = page.cursor ? cursorOf(page.cursor) : { after: undefined, before: 0 };
  const terms: WordTerm[] = [
    ...queryWords(query.q ?? '').map((word) => ({ field: 'words' as const, word })),
    ...queryWords(query.customer ?? '').map((word) => ({ field: 'customer' as const, word })),
    ...queryWords(query.sender ?? '').map((word) => ({ field: 'sender' as const, word })),
  ];
  const range = { from: query.from, to: query.to, before: from.after };
  const stream = terms.length ? deps.search.streamCases(terms, range) : deps.search.streamOpened(range);
  const filtering =
    !searcher.seesEveryTeam ||
    !!(query.status || query.team || query.severity || query.label || query.assignee);
  // Team visibility and the team and status filters can be decided on the copy of them a word
  // entry carries; the other filters, and hits without a copy, need the case's filterable fields.
  const copyDecides = !(query.severity || query.label || query.assignee);
  const enough = Math.max(page.limit, TOTAL_COUNTED);
  const hits: SearchHit[] = [];
  let exhausted = true;
  for await (const batch of stream) {
    let kept = batch;
    if (filtering) {
      const unknown = copyDecides ? batch.filter((h) => !h.copy) : batch;
      const facets = new Map(
        (unknown.length ? await deps.search.facets(unknown.map((h) => h.caseId)) : []).map((f) => [f.id, f])
      );
      kept = batch.filter((h) => {
        if (copyDecides && h.copy) return keepsCopied(h.copy, query, searcher);
        const f = facets.get(h.caseId);
        return !!f && keeps(f, query, searcher);
      });
    }
    hits.push(...kept);
    if (hits.length > enough) {
      exhausted = false;
      break;
    }
  }
  const shown = hits.slice(0, page.limit);
  const cases = await deps.search.cases(shown.map((h) => h.caseId));
  const last = shown.at(-1);
  const seen = from.before + shown.length;
  return {
    cases,
    cursor:
      last && hits.length > shown.length
        ? encodeCursor({ after: last.position, before: String(seen) })
        : null,
    total: from.before + (exhausted ? hits.length : enough),
    totalExact: exhausted,
  };
}

/** Where the previous page ended and how many cases came before (up to its end). */
function cursorOf(cursor: string): { after: string; before: number } {
  const { after, before } = decodeCursor(cursor, ['after', 'before'] as const);
  const count = Number(before);
  if (!Number.isSafeInteger(count) || count < 0) throw new CursorError('cursor is not valid for this list');
  return { after, before: count };
}

/** Whether the searcher sees the case and the team and status filters hold. */
function keepsCopied(f: Pick<CaseFacets, 'team' | 'status'>, query: CaseQuery, searcher: Searcher): boolean {
  if (!searcher.sees(f.team)) return false;
  if (query.team && !query.team.includes(f.team)) return false;
  return !query.status || query.status.includes(f.status);
}

function keeps(f: CaseFacets, query: CaseQuery, searcher: Searcher): boolean {
  if (!keepsCopied(f, query, searcher)) return false;
  if (query.severity && !query.severity.includes(f.severity)) return false;
  if (query.label && !f.labels.some((l) => l.toLowerCase() === query.label?.toLowerCase())) return false;
  if (query.assignee === 'none') return f.assignee === null;
  if (query.assignee === 'me') return !!searcher.userId && f.assignee?.userId === searcher.userId;
  if (query.assignee) return f.assignee?.userId === query.assignee;
  return true;
}

import type { CaseRecord, CaseStatus, Severity } from '../../domain/case';
import type { SearchEntries, SearchFields } from '../../domain/search-text';
import type { Team } from '../../domain/team';

/** A case a search found: where it sorts (newest first) and when it was opened. */
export interface SearchHit {
  caseId: string;
  openedAt: string;
  /** The sort position (opened time and id): what a cursor carries. */
  position: string;
  /**
   * The case's team and status as copied onto a word entry it matched by (kept current with the
   * case, search-items.ts); absent for older entries and those written after the case opened: then
   * read them from the case.
   */
  copy?: { team: Team; status: CaseStatus };
}

/** A word a case must have, in one of its searchable fields (prefix match, see search-text.ts). */
export interface WordTerm {
  field: keyof SearchFields;
  word: string;
}

/** Opened within these instants (ISO, inclusive); either may be open. */
export interface OpenedRange {
  from?: string;
  to?: string;
  /** Only cases that sort after this position (a cursor): older, or as old with a smaller id. */
  before?: string;
}

/** The fields of a case that search filters look at (read without the rest of the case). */
export interface CaseFacets {
  id: string;
  team: Team;
  status: CaseStatus;
  severity: Severity;
  assignee: { userId: string; name: string } | null;
  labels: string[];
}

/**
 * The case search index (R-BOX-14): word entries keyed by a word's first letters, sorted by the
 * case's opened time. Entries of a new case and of a customer's later mail are written in their
 * case transactions; staff replies and notes add theirs through `addWords`.
 */
export interface CaseSearchStore {
  /** Cases that have every term, opened within the range, newest first (every one of them). */
  findCases(terms: WordTerm[], range: OpenedRange): Promise<SearchHit[]>;
  /** The same, newest first in batches as they become certain: a reader stops when it has enough. */
  streamCases(terms: WordTerm[], range: OpenedRange): AsyncGenerator<SearchHit[]>;
  /** Every case opened within the range, newest first (a search by filters alone). */
  casesOpened(range: OpenedRange): Promise<SearchHit[]>;
  /** The same, newest first in batches. */
  streamOpened(range: OpenedRange): AsyncGenerator<SearchHit[]>;
  /** The filterable fields of these cases (absent ones left out). */
  facets(caseIds: string[]): Promise<CaseFacets[]>;
  /** The cases of a result page, in the order asked (absent ones left out). */
  cases(caseIds: string[]): Promise<CaseRecord[]>;
  /** Files more words of a case (a staff reply, a note). */
  addWords(caseId: string, openedAt: string, entries: SearchEntries): Promise<void>;
}

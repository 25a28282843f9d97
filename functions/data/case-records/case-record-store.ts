import type { CaseRecord, MessageRecord, TimelineEntry } from '../../domain/case';
import type { Team } from '../../domain/team';
import type { Page } from '../page';

export interface CaseDetail {
  case: CaseRecord;
  messages: MessageRecord[];
  timeline: TimelineEntry[];
}

/**
 * Case records: the case, its messages and timeline, and the lookups that lead to a case
 * (reference, thread Message-IDs, the key a monitoring finding opened it under).
 */
export interface CaseRecordStore {
  /** Next number for a human case reference (atomic counter). */
  nextCaseNumber(): Promise<number>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  getCaseDetail(caseId: string): Promise<CaseDetail | undefined>;
  /** Several cases in one batch read, in the order asked (absent ones left out). */
  getCases(caseIds: string[]): Promise<CaseRecord[]>;
  /** Newest first. */
  listCases(limit: number): Promise<CaseRecord[]>;
  /** Newest first, a page at a time: `cursor` from the previous page (CursorError if it is not one). */
  pageCases(limit: number, cursor?: string): Promise<Page<CaseRecord>>;
  /** How many cases there are: the case numbers drawn (one read, not a count). */
  countCases(): Promise<number>;
  findCaseIdByReference(reference: string): Promise<string | undefined>;
  /** Threading: the case a Message-ID we sent (or received) belongs to. */
  findCaseIdByMessageRef(messageId: string): Promise<string | undefined>;
  /** The case a monitoring finding opened under this key (e.g. `DNSBL#<account>#<target>`), if any. */
  findCaseIdByKey(key: string): Promise<string | undefined>;
  /** Threading: the cases these Message-IDs belong to, in one batch read (absent ones left out). */
  findCaseIdsByMessageRefs(messageIds: string[]): Promise<Map<string, string>>;
  /** Threading: remember which case a Message-ID we sent (or received) belongs to. */
  indexMessageRef(caseId: string, messageId: string): Promise<void>;
  addMessage(message: MessageRecord): Promise<void>;
  appendTimeline(caseId: string, entries: TimelineEntry[]): Promise<void>;
  /** Sets top-level fields of a case (never its keys) and appends timeline entries, in one transaction. */
  updateCaseFields(caseId: string, fields: Record<string, unknown>, entries: TimelineEntry[]): Promise<void>;
  /** Hands the case to another team (R-ESC-2/3). */
  escalateTeam(
    caseId: string,
    escalation: { at: string; from: Team; to: Team; reason: string }
  ): Promise<void>;
}

import type { CaseRecord, Page, Sev1Update } from '../../domain/case';

/** What a parked Sev-1 workflow task waits for: an acknowledgement, the callback, a customer update. */
export type WaitKind = 'ack' | 'callback' | 'update';

/**
 * Sev-1 paging: the pages of a case (one per level, reserved before it is sent), the mails they
 * went out as, the workflow's wait tokens and the Sev-1 state on the case (acknowledgement,
 * callback, breach, customer updates).
 */
export interface PagingStore {
  /** Open Sev-1 cases whose callback workflow must be alive (watchdog). */
  listOpenSev1Cases(): Promise<CaseRecord[]>;
  /** Stores the task token the workflow waits on; the token never leaves the database. */
  setWaitToken(caseId: string, kind: WaitKind, token: string, at: string): Promise<void>;
  getWaitToken(caseId: string, kind: WaitKind): Promise<string | undefined>;
  /** Reserves the page of one level; false if that level was already paged. */
  reservePage(page: Page): Promise<boolean>;
  markPageSent(page: Page, sentAt: string): Promise<void>;
  getPage(pageId: string): Promise<Page | undefined>;
  /** The Message-ID a page mail went out with → the page, so a staff reply ("ack 20") finds it. */
  indexPageMessage(messageId: string, pageId: string): Promise<void>;
  findPageIdByMessage(messageId: string): Promise<string | undefined>;
  /** The first of these Message-IDs that names a page, looked up in one batch read. */
  findPageIdByMessages(messageIds: string[]): Promise<string | undefined>;
  /** First acknowledgement wins; false if the case was already acknowledged. */
  recordPageAcknowledged(caseId: string, by: string, at: string): Promise<boolean>;
  /** Moves the acknowledgement from `previous` to `by` ("take over"); false if it changed meanwhile or the callback is done. */
  takeOverAcknowledgement(caseId: string, by: string, previous: string, at: string): Promise<boolean>;
  /**
   * First confirmation wins; false if already recorded. `nextUpdateDueAt` (when the first customer
   * update is due) is written with it, so the workflow never sees a callback without its cadence.
   */
  recordCallback(caseId: string, by: string, at: string, nextUpdateDueAt?: string): Promise<boolean>;
  /** Records the breach once; false if it was already recorded. */
  recordBreach(caseId: string, at: string): Promise<boolean>;
  setSev1Attempt(caseId: string, attempt: number): Promise<void>;
  /** Sets when the next customer update is due, appending the update that was just sent (R-SEV1-4). */
  scheduleSev1Update(caseId: string, nextUpdateDueAt: string, update?: Sev1Update): Promise<void>;
}

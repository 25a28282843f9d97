import type { CaseRecord, TimelineEntry } from '../../domain/case';
import type { CaseFiling } from '../../domain/case-filing';
import type { SlaFact } from '../../domain/sla';
import type { Page } from '../page';

export type FiledKind = 'label' | 'folder';

/** The case as a filing change needs it: its id, creation instant (the list's sort) and current filing. */
export type FiledCase = Pick<CaseRecord, 'id' | 'createdAt' | 'status'> & CaseFiling;

/**
 * Which cases carry a label or sit in a folder: the case's own fields and, beside them, one item
 * per case in the label's or folder's partition, written together in one transaction that holds
 * only if the case was still filed as the caller read it (false otherwise: read again).
 */
export interface CaseFilingStore {
  setLabels(c: FiledCase, labels: string[], entries: TimelineEntry[]): Promise<boolean>;
  /**
   * Moves the case from its folder to `folder` (null: the inbox), with further case fields set in
   * the same write (the spam mark) and, when given, an SLA fact and status (marking spam settles
   * the case as resolving does; un-marking reopens it).
   */
  setFolder(
    c: FiledCase,
    folder: string | null,
    entries: TimelineEntry[],
    change?: { fields?: Partial<CaseFiling>; fact?: SlaFact; status?: CaseRecord['status'] }
  ): Promise<boolean>;
  /** The cases with a label or in a folder, newest first (case ids); `cursor` from the last page. */
  pageFiled(kind: FiledKind, id: string, limit: number, cursor?: string): Promise<Page<string>>;
  /** How many cases have the label or are in the folder: one COUNT query of its partition. */
  countFiled(kind: FiledKind, id: string): Promise<number>;
}

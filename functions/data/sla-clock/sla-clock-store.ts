import type { CaseRecord, CaseStatus, PendingNotice } from '../../domain/case';
import type { SlaFact, TargetInstance } from '../../domain/sla';
import type { Team } from '../../domain/team';
import type { Page } from '../page';

/** A case's place in its team's queue (R-SLA-3); null: not queued. */
export type QueuePlace = { team: Team; sortKey: string } | null;

/** What the case clock stores about a case (see `quietClockView`), for one clock generation. */
export interface StoredClockView {
  generation: number;
  targets: TargetInstance[];
  nextDueAt: string | null;
  wakeAt: string | null;
}

/**
 * SLA clocks (R-SLA): a case's facts, its derived targets and queue place, the ledger of clock
 * events done once, the clock's generation and wake time, and guaranteed-time usage per month.
 */
export interface SlaClockStore {
  /** Adds facts (atomically appended) and optionally sets the status. */
  appendSlaFacts(caseId: string, facts: SlaFact[], status?: CaseStatus): Promise<void>;
  /** Records a clock event once; false if it was already recorded (someone else acted). */
  recordSlaEvent(caseId: string, key: string, at: string): Promise<boolean>;
  /** Stores the derived targets and the case's place in its team's queue. */
  saveSlaView(
    caseId: string,
    view: { targets: TargetInstance[]; nextDueAt: string | null; planFingerprint: string; queue: QueuePlace }
  ): Promise<void>;
  /** Takes the next clock generation (atomic); the caller starts that execution. */
  nextClockGeneration(caseId: string): Promise<number>;
  setClockWake(caseId: string, generation: number, wakeAt: string | null): Promise<void>;
  addNotices(caseId: string, notices: PendingNotice[]): Promise<void>;
  /** Active cases of a team, earliest next due time first (R-SLA-3), from the queue index. */
  listQueue(team: Team, limit: number): Promise<CaseRecord[]>;
  /** The queue a page at a time, its shards merged in deadline order; `cursor` from the previous page. */
  pageQueue(team: Team, limit: number, cursor?: string): Promise<Page<CaseRecord>>;
  /**
   * How many cases the team's queue holds, counted up to about `upTo` (COUNT over its index
   * shards, keys only); past that `exact` is false and `count` a lower bound.
   */
  countQueue(team: Team, upTo: number): Promise<{ count: number; exact: boolean }>;
  /** Guaranteed e-mail support used by a customer in a month (R-SLA-4), in minutes. */
  getGuaranteedMinutes(customerId: string, month: string): Promise<number>;
  addGuaranteedMinutes(customerId: string, month: string, minutes: number): Promise<void>;
}

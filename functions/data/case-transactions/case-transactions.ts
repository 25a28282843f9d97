import type {
  CaseRecord,
  CaseStatus,
  MessageRecord,
  Sev1State,
  Severity,
  TimelineEntry,
  TriageDecision,
} from '../../domain/case';
import type { SlaFact, SlaTerms, TargetInstance } from '../../domain/sla';
import type { AcknowledgementAllowance } from '../intake-guards/intake-guard-store';
import type { QueuePlace, StoredClockView } from '../sla-clock/sla-clock-store';

export interface NewCase {
  case: CaseRecord;
  message: MessageRecord;
  timeline: TimelineEntry[];
  /** Idempotency key: the SES message id of the inbound mail. */
  inboundId: string;
  /** The creator holds the acknowledgement claim from the start (saves a write on the common path). */
  ackClaimedAt: string;
  /** The case's place in its team's queue (R-SLA-3). */
  queue: QueuePlace;
  /**
   * The acknowledgement, recorded with the case (the case record says it is pending): its
   * message, and the limits it counts against, each counted in the same transaction.
   */
  acknowledgement?: { message: MessageRecord; allowances: AcknowledgementAllowance[] };
}

/** A new case saved; a duplicate of a case another delivery saved; or the acknowledgement's limit `reached` (an index into its allowances), and nothing saved. */
export type CreateCaseOutcome = 'created' | 'duplicate' | { reached: number };

/**
 * Writes that span several stores' items and must happen at once or not at all: each is one
 * DynamoDB transaction (or one conditional update of the case item), named for what it does.
 */
export interface CaseTransactions {
  /**
   * Opens a case from an inbound mail: its idempotency claims, the case with its acknowledgement
   * claim and SLA view, reference, first message, thread index and timeline. 'duplicate' when the
   * inbound id (or the sender's Message-ID) was already used; `{ reached }` when one of the
   * acknowledgement's limits was reached (save it again without the acknowledgement).
   */
  createCase(input: NewCase): Promise<CreateCaseOutcome>;
  /** Creates a case without an inbound mail, claiming `key` (or taking it over from the closed case `replacing`). */
  createKeyedCase(input: {
    case: CaseRecord;
    timeline: TimelineEntry[];
    key: string;
    replacing?: string;
  }): Promise<'created' | 'duplicate'>;
  /** A later customer mail on an existing case, once per SES message id (and sender Message-ID). */
  addInboundMessage(input: {
    caseId: string;
    inboundId: string;
    message: MessageRecord;
    facts: SlaFact[];
    /** The case's status from now on; absent: it stays as it is. */
    status?: CaseStatus;
    /** The case's opened time: given, the message's words are filed for search with it (R-BOX-14). */
    openedAt?: string;
  }): Promise<'added' | 'duplicate'>;
  /**
   * Records the acknowledgement before it is sent (the outbox: it goes out from this record), with
   * its message, timeline entry, thread index and SLA fact; with `view`, also the clock's view
   * after it, when `view.generation` is still the clock's generation. Once per case: 'taken' when
   * another delivery of the same mail recorded it first (and sends it).
   */
  recordAcknowledgement(
    caseId: string,
    ack: { sentAt: string; messageId: string; pending: true },
    message: MessageRecord,
    entry: TimelineEntry,
    fact?: SlaFact,
    view?: StoredClockView
  ): Promise<'recorded-with-view' | 'recorded' | 'taken'>;
  /**
   * Ends an active case (RESOLVED or CLOSED) with its last fact; false when it was no longer
   * active (someone else resolved or closed it first), and nothing is written.
   */
  settleCase(caseId: string, fact: SlaFact, status: 'RESOLVED' | 'CLOSED'): Promise<boolean>;
  /**
   * A customer's reply raised the case to Sev-1: sets severity, triage and the Sev-1 state, lists it
   * among open Sev-1 cases (watchdog) and appends timeline entries, at once; false if it already had one.
   */
  raiseToSev1(
    caseId: string,
    /** `slaTerms`: the case's SLA terms from now on (critical), for a case with SLA clocks. */
    change: { triage: TriageDecision; sev1: Sev1State; slaTerms?: SlaTerms },
    entries: TimelineEntry[]
  ): Promise<boolean>;
  /**
   * Staff changed the severity of an active case still at `from`: severity, triage and SLA terms
   * (with the targets kept as met), and the Sev-1 state: a new one that pages (listed among open
   * Sev-1 cases), or the running one stopped (no longer listed). False, nothing written, when the
   * case is no longer active, not at `from`, merged, or (raising) has a live Sev-1 state already.
   */
  changeSeverity(
    caseId: string,
    change: {
      from: Severity;
      triage: TriageDecision;
      slaTerms?: SlaTerms;
      settled?: TargetInstance[];
      startSev1?: Sev1State;
      stopSev1?: { at: string; by: string };
    },
    entries: TimelineEntry[]
  ): Promise<boolean>;
  /**
   * Closes an active, unmerged case as merged into another, with its last SLA fact and timeline
   * entries, at once; false when it was no longer active or already merged.
   */
  closeAsMerged(
    caseId: string,
    mergedInto: NonNullable<CaseRecord['mergedInto']>,
    fact: SlaFact,
    entries: TimelineEntry[]
  ): Promise<boolean>;
}

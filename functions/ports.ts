import type {
  CaseRecord,
  CaseStatus,
  MessageRecord,
  Page,
  PendingNotice,
  Sev1State,
  Sev1Update,
  TimelineEntry,
  TriageDecision,
} from './domain/case';
import type { DeliveryReport } from './domain/delivery-status';
import type { DomainEvent } from './domain/events';
import type { HeldFolder, HeldMail, IntakeFailure } from './domain/held-mail';
import type { ParsedMail } from './domain/parsed-mail';
import type { RosterOverride } from './domain/roster';
import type { SlaFact, SlaTerms, TargetInstance } from './domain/sla';
import type { Team } from './domain/team';

/**
 * Ports: what use-cases need from the world. AWS adapters live in adapters/aws, local ones in
 * adapters/local; the DynamoDB store serves both (DynamoDB Local runs the embedded default).
 */

/** What a parked Sev-1 workflow task waits for: an acknowledgement, the callback, a customer update. */
export type WaitKind = 'ack' | 'callback' | 'update';

export interface Clock {
  now(): Date;
}

export interface CaseDetail {
  case: CaseRecord;
  messages: MessageRecord[];
  timeline: TimelineEntry[];
}

export interface NewCase {
  case: CaseRecord;
  message: MessageRecord;
  timeline: TimelineEntry[];
  /** Idempotency key: the SES message id of the inbound mail. */
  inboundId: string;
  /** The creator holds the acknowledgement claim from the start (saves a write on the common path). */
  ackClaimedAt: string;
  /** The case's place in its team's queue (R-SLA-3). */
  queue: { team: Team; sortKey: string } | null;
}

/** What the case clock stores about a case (see `quietClockView`), for one clock generation. */
export interface StoredClockView {
  generation: number;
  targets: TargetInstance[];
  nextDueAt: string | null;
  wakeAt: string | null;
}

export interface CaseStore {
  /** Next number for a human case reference (atomic counter). */
  nextCaseNumber(): Promise<number>;
  /** The case an inbound mail already created, if any (idempotency on the SES message id). */
  findCaseIdByInbound(inboundId: string): Promise<string | undefined>;
  /** The case a mail with this Message-ID from this sender already opened (a second SMTP delivery). */
  findCaseIdByMessageId(from: string, messageId: string): Promise<string | undefined>;
  /** Creates case, message and timeline at once; 'duplicate' when the inbound id (or the sender's Message-ID) was already used. */
  createCase(input: NewCase): Promise<'created' | 'duplicate'>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  findCaseIdByReference(reference: string): Promise<string | undefined>;
  getCaseDetail(caseId: string): Promise<CaseDetail | undefined>;
  listCases(limit: number): Promise<CaseRecord[]>;
  /** Open Sev-1 cases whose callback workflow must be alive (watchdog). */
  listOpenSev1Cases(): Promise<CaseRecord[]>;
  appendTimeline(caseId: string, entries: TimelineEntry[]): Promise<void>;
  addMessage(message: MessageRecord): Promise<void>;
  /** Claims the right to send the acknowledgement; false while someone else holds a fresh claim. */
  claimAcknowledgement(caseId: string, at: string, staleBefore: string): Promise<boolean>;
  /** Records the sent acknowledgement with its message and timeline entry, in one write. */
  /**
   * Writes the acknowledgement with its message, timeline entry, thread index and SLA fact; with
   * `view`, also the clock's view after it, when `view.generation` is still the clock's generation.
   * True when the view was stored.
   */
  recordAcknowledgement(
    caseId: string,
    ack: { sentAt: string; messageId: string },
    message: MessageRecord,
    entry: TimelineEntry,
    fact?: SlaFact,
    view?: StoredClockView
  ): Promise<boolean>;
  /** Stores the task token the workflow waits on; the token never leaves the database. */
  setWaitToken(caseId: string, kind: WaitKind, token: string, at: string): Promise<void>;
  getWaitToken(caseId: string, kind: WaitKind): Promise<string | undefined>;
  /** Reserves the page of one level; false if that level was already paged. */
  reservePage(page: Page): Promise<boolean>;
  markPageSent(page: Page, sentAt: string): Promise<void>;
  getPage(pageId: string): Promise<Page | undefined>;
  /** First acknowledgement wins; false if the case was already acknowledged. */
  recordPageAcknowledged(caseId: string, by: string, at: string): Promise<boolean>;
  /** Moves the acknowledgement from `previous` to `by` ("take over"); false if it changed meanwhile or the callback is done. */
  takeOverAcknowledgement(caseId: string, by: string, previous: string, at: string): Promise<boolean>;
  /**
   * Storm correlation: the case leads a new incident for the symptom unless one had a report within
   * the window, in which case it joins it (the window slides with each report). Race-safe.
   */
  joinStorm(
    symptom: string,
    caseId: string,
    at: string,
    windowMs: number
  ): Promise<{ leaderCaseId: string; opened: boolean }>;
  addIncidentMember(leaderCaseId: string, caseId: string): Promise<void>;
  listIncidentMembers(leaderCaseId: string): Promise<string[]>;
  /** The Message-ID a page mail went out with → the page, so a staff reply ("ack 20") finds it. */
  indexPageMessage(messageId: string, pageId: string): Promise<void>;
  findPageIdByMessage(messageId: string): Promise<string | undefined>;
  /** First confirmation wins; false if already recorded. */
  recordCallback(caseId: string, by: string, at: string): Promise<boolean>;
  /** Records the breach once; false if it was already recorded. */
  recordBreach(caseId: string, at: string): Promise<boolean>;
  setSev1Attempt(caseId: string, attempt: number): Promise<void>;
  /** Sets when the next customer update is due, appending the update that was just sent (R-SEV1-4). */
  scheduleSev1Update(caseId: string, nextUpdateDueAt: string, update?: Sev1Update): Promise<void>;

  // --- SLA clocks ---
  /** Adds facts (atomically appended) and optionally sets the status. */
  appendSlaFacts(caseId: string, facts: SlaFact[], status?: CaseStatus): Promise<void>;
  /**
   * Ends an active case (RESOLVED or CLOSED) with its last fact; false when it was no longer
   * active (someone else resolved or closed it first), and nothing is written.
   */
  settleCase(caseId: string, fact: SlaFact, status: 'RESOLVED' | 'CLOSED'): Promise<boolean>;
  /** Records a clock event once; false if it was already recorded (someone else acted). */
  recordSlaEvent(caseId: string, key: string, at: string): Promise<boolean>;
  /** Stores the derived targets and the case's place in its team's queue (null: not queued). */
  saveSlaView(
    caseId: string,
    view: {
      targets: TargetInstance[];
      nextDueAt: string | null;
      planFingerprint: string;
      queue: { team: Team; sortKey: string } | null;
    }
  ): Promise<void>;
  /** Takes the next clock generation (atomic); the caller starts that execution. */
  nextClockGeneration(caseId: string): Promise<number>;
  setClockWake(caseId: string, generation: number, wakeAt: string | null): Promise<void>;
  addNotices(caseId: string, notices: PendingNotice[]): Promise<void>;
  /** Hands the case to another team (R-ESC-2/3). */
  escalateTeam(
    caseId: string,
    escalation: { at: string; from: Team; to: Team; reason: string }
  ): Promise<void>;
  /** Active cases of a team, earliest next due time first (R-SLA-3), from the queue index. */
  listQueue(team: Team, limit: number): Promise<CaseRecord[]>;
  /** Guaranteed e-mail support used by a customer in a month (R-SLA-4), in minutes. */
  getGuaranteedMinutes(customerId: string, month: string): Promise<number>;
  addGuaranteedMinutes(customerId: string, month: string, minutes: number): Promise<void>;
  /** A later customer mail on an existing case, once per SES message id (and sender Message-ID). */
  addInboundMessage(input: {
    caseId: string;
    inboundId: string;
    message: MessageRecord;
    facts: SlaFact[];
    status: CaseStatus;
  }): Promise<'added' | 'duplicate'>;
  /**
   * Claims an inbound mail that adds no customer message (a staff reply, note or refused mail) for
   * a case, once per SES message id; false when it was already claimed (a redelivery).
   */
  claimInbound(inboundId: string, caseId: string, at: string): Promise<boolean>;
  /** Threading: remember which case a Message-ID we sent (or received) belongs to. */
  indexMessageRef(caseId: string, messageId: string): Promise<void>;
  findCaseIdByMessageRef(messageId: string): Promise<string | undefined>;

  // --- intake hardening ---
  /**
   * Counts one acknowledgement to `sender` in the fixed window starting at `windowStart` (atomic);
   * false, and nothing counted, when `limit` were already sent in that window.
   */
  takeAcknowledgementAllowance(
    sender: string,
    windowStart: string,
    windowMs: number,
    limit: number
  ): Promise<boolean>;
  /** Keeps a bounce no case could be found for, once per SES message id; 'duplicate' if already kept. */
  recordUnattributedBounce(bounce: UnattributedBounce): Promise<'recorded' | 'duplicate'>;
  /** Unattributed bounces, newest first. */
  listUnattributedBounces(limit: number): Promise<UnattributedBounce[]>;

  // --- cases opened by monitoring (deliverability desk) ---
  /** The case a monitoring finding opened under this key (e.g. `DNSBL#<account>#<target>`), if any. */
  findCaseIdByKey(key: string): Promise<string | undefined>;
  /** Creates a case without an inbound mail, claiming `key` (or taking it over from the closed case `replacing`). */
  createKeyedCase(input: {
    case: CaseRecord;
    timeline: TimelineEntry[];
    key: string;
    replacing?: string;
  }): Promise<'created' | 'duplicate'>;
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
  /** Sets top-level fields of a case (never its keys) and appends timeline entries, in one transaction. */
  updateCaseFields(caseId: string, fields: Record<string, unknown>, entries: TimelineEntry[]): Promise<void>;

  // --- on-call roster overrides (rotations are configuration; overrides are made at run time) ---
  putRosterOverride(override: StoredRosterOverride): Promise<void>;
  /** Overrides whose window has not ended by `at`, earliest end first. */
  listRosterOverrides(at: string): Promise<StoredRosterOverride[]>;
  /** False when there was no such override. */
  deleteRosterOverride(id: string): Promise<boolean>;
}

/** A roster override made through the API or CLI: who, for which rotation, when, and by whom. */
export interface StoredRosterOverride extends RosterOverride {
  id: string;
  createdAt: string;
  createdBy: string;
}

/** A delivery report about a mail we cannot tie to any case: kept where a person can see it. */
export interface UnattributedBounce {
  id: string;
  sesMessageId: string;
  receivedAt: string;
  rawKey: string;
  from: string;
  subject: string;
  report: DeliveryReport;
}

export type {
  AccountRecord,
  AccountTimelineEntry,
  CycleReport,
  DeliverabilityStore,
  DnsResolver,
  TargetStatus,
} from './deliverability-ports';
export type { ParsedAddress, ParsedAttachment, ParsedMail } from './domain/parsed-mail';

/** A mail to send. Threading headers are set by the composer from these fields. */
export interface OutboundMail {
  from: { address: string; name?: string };
  to: string[];
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  /** Where the recipient's reply should go. */
  replyTo?: string;
  /** Headers such as Auto-Submitted (RFC 3834) on automatic replies. */
  headers?: Record<string, string>;
  attachments?: OutboundAttachment[];
}

export interface OutboundAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Text messages to a phone (E.164): SNS on AWS, the outbox locally. */
export interface SmsSender {
  send(to: string, text: string): Promise<{ id: string }>;
}

export interface Mailer {
  /**
   * Sends and returns the Message-ID the mail carries (SES assigns its own) and, when that differs,
   * the one we composed it with (both are indexed for threading).
   */
  send(mail: OutboundMail): Promise<{ messageId: string; composedMessageId?: string }>;
}

export interface MailCodec {
  parse(raw: Uint8Array): Promise<ParsedMail>;
}

export interface RawMailBucket {
  get(key: string): Promise<Uint8Array>;
  /** Tags the raw object with its folder (`caseflow-folder`); spam-tagged objects expire after 90 days. */
  tagFolder(key: string, folder: HeldFolder): Promise<void>;
}

/** Attachment content (R-BOX-4): S3 on AWS, files under the data dir locally. */
export interface AttachmentStore {
  put(key: string, content: Uint8Array, mimeType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Mail outside the case flow: held mail (spam, quarantine) and intake failures waiting for a replay. */
export interface HeldMailStore {
  /** Stores a held mail once; 'duplicate' when this SES message was already held. */
  hold(mail: HeldMail): Promise<'held' | 'duplicate'>;
  getHeld(id: string): Promise<HeldMail | undefined>;
  /** Newest first; spam past its expiry is left out even before TTL removes it. */
  listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]>;
  /** Records (or counts one more) failed attempt at an inbound mail. */
  recordIntakeFailure(failure: Pick<IntakeFailure, 'mail' | 'error'> & { at: string }): Promise<void>;
  /** Marks a recorded failure as resolved; false when there was none open. */
  resolveIntakeFailure(
    id: string,
    at: string,
    outcome: NonNullable<IntakeFailure['outcome']>
  ): Promise<boolean>;
  getIntakeFailure(id: string): Promise<IntakeFailure | undefined>;
  /** Open failures, oldest first. */
  listIntakeFailures(limit: number): Promise<IntakeFailure[]>;
}

export interface Workflows {
  /** Starts `sev1-<caseId>-<attempt>`; starting the same name again is a no-op. */
  startSev1Callback(caseId: string, attempt: number): Promise<void>;
  isSev1CallbackRunning(caseId: string, attempt: number): Promise<boolean>;
  /**
   * Starts `clock-<caseId>-<generation>`, the case's SLA clock; the same name again is a no-op.
   * With `wakeAt` it first waits until then (the caller stored the view that says so).
   */
  startCaseClock(caseId: string, generation: number, wakeAt?: string): Promise<void>;
  isCaseClockRunning(caseId: string, generation: number): Promise<boolean>;
  /** Resumes a waiting task; 'gone' when the task already timed out or finished. */
  resume(token: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
}

/** Signs page links (KMS HMAC on AWS, a local key file locally). */
export interface LinkSigner {
  sign(message: string): Promise<string>;
  verify(message: string, signature: string): Promise<boolean>;
}

export interface IdGenerator {
  /** A random, URL-safe, unguessable id (≥ 128 bits). */
  newId(): string;
}

/** The slice of a structured logger use-cases use (Powertools Logger satisfies it). Ids only, no personal data. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

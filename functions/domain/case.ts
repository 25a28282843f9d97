import type { AttachmentRef } from './attachments';
import type { AutomatedVerdict } from './automated-mail';
import type { CaseFiling } from './case-filing';
import type { DeliveryReport } from './delivery-status';
import type { ContactStatus } from './directory';
import type { Language } from './mail-text';
import type { RuleOutcome } from './message-rules';
import type { SenderVerdicts } from './sender-auth';
import type { Lookalike, TrustFlag } from './sender-trust';
import type { SlaFact, SlaLedger, SlaTerms, TargetInstance } from './sla';
import type { Team } from './team';

/** Severity per R-TRI-2/3. */
export type Severity = 'SEV1' | 'NON_CRITICAL';
export type CaseStatus = 'OPEN' | 'WAITING_ON_CUSTOMER' | 'RESOLVED' | 'CLOSED';
/** Statuses in which a case is still being worked (clocks may run). */
export const isActive = (status: CaseStatus): boolean =>
  status === 'OPEN' || status === 'WAITING_ON_CUSTOMER';

/** How long a new case may still be in its intake (its timers are armed last). */
export const ACK_CLAIM_STALE_MS = 2 * 60_000;

/**
 * A case younger than this may still be in its intake, which
 * starts its timers last: the watchdog leaves it alone rather than "re-arm" timers not yet armed
 * (and alarm management about it). Should the intake have died, its redelivery or the next
 * watchdog run arms them.
 */
export const isInIntake = (c: Pick<CaseRecord, 'createdAt'>, now: Date): boolean =>
  now.getTime() - Date.parse(c.createdAt) < ACK_CLAIM_STALE_MS;

/** The routing category of a mail's content (R-TRI-4); `general` goes to L1. */
export type TriageCategory = 'billing' | 'management' | 'datacenter' | 'sysadmin' | 'general';

export interface TriageDecision {
  severity: Severity;
  team: Team;
  /** Set by mail triage; absent on cases opened by monitoring and on older cases. */
  category?: TriageCategory;
  /** The mail's language; acknowledgements answer in it. */
  language?: Language;
  /** Whether the Sev-1 callback chain runs for this case. */
  pagesOnCall: boolean;
  /** The mail reads as critical (hotline or outage report), whatever the plan covers. */
  reportedCritical: boolean;
  /** SES verdicts let the mail act as the contact it names (DMARC, SPF/DKIM, spam, virus). */
  senderAuthenticated: boolean;
  /** Every reason behind the decision, in order, for people to read. */
  reasons: string[];
}

export interface Page {
  pageId: string;
  caseId: string;
  level: number;
  levelName: string;
  recipient: string;
  /** When the page was reserved; `sentAt` is set once the mail went out. */
  createdAt: string;
  sentAt?: string;
  /** The link stops working after this instant. */
  expiresAt: string;
  /** Key under `sev1.pages` when not the level index (re-pages: `overdue-ack`, `overdue-next`). */
  slot?: string;
}

export interface Sev1State {
  receivedAt: string;
  /** receivedAt + the plan's callback minutes (R-SEV1-2). */
  callbackDueAt: string;
  /** Execution attempt; the watchdog starts attempt n+1 when a timer is lost. */
  attempt: number;
  /** Levels paged so far, by level index. */
  pages: Record<string, { pageId: string; recipient: string; createdAt: string; sentAt?: string }>;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** Someone took the acknowledged page over from the first acknowledger. */
  takenOverAt?: string;
  calledBackAt?: string;
  calledBackBy?: string;
  breachedAt?: string;
  /**
   * Customer update cadence (R-SEV1-4), from the callback on: when the next update is due, and the
   * updates sent so far. The series becomes the incident report on resolution.
   */
  nextUpdateDueAt?: string;
  updates?: Sev1Update[];
  /** Staff lowered the case from Sev-1: the escalation chain stopped here (the pages stay on record). */
  stoppedAt?: string;
  stoppedBy?: string;
}

export interface Sev1Update {
  at: string;
  by: string;
  /** The message that carried it to the customer. */
  messageId: string;
  text: string;
  /** When this update was due; later than that, it was late. */
  dueAt: string;
  /** When the update after this one is due (the promised time, capped at the plan's interval). */
  nextDueAt: string;
}

export interface CaseRecord {
  id: string;
  /** Short human reference quoted in subjects, e.g. CF-1042. */
  reference: string;
  subject: string;
  status: CaseStatus;
  severity: Severity;
  team: Team;
  triage: TriageDecision;
  plan: string | null;
  customerId: string | null;
  customerName: string | null;
  contactStatus: ContactStatus;
  requester: { email: string; name: string | null; phone: string | null };
  /** The support address the case came in through. */
  channel: { address: string; purpose: string };
  receivedAt: string;
  createdAt: string;
  /** Message-ID of the customer's first mail, for threading the acknowledgement. */
  originMessageId: string | null;
  originReferences: string[];
  /**
   * Recorded before it is sent (`sentAt` is when it was recorded and counts for the SLA);
   * `pending` until the mailer took it, so a redelivery after a crash sends it, once.
   */
  acknowledgement?: { sentAt: string; messageId: string; pending?: true };
  /** A proven staff member forwarded the customer's mail to support; their words above it. */
  forwardedBy?: { email: string; at: string; note: string };
  /** Why no acknowledgement went out (set instead of `acknowledgement`): automated mail or the rate limit. */
  acknowledgementWithheld?: {
    at: string;
    kind: 'automated' | 'rate-limited' | 'unauthenticated' | 'repeated';
    reason: string;
  };
  /**
   * SHA-256 (hex, 32 characters) of the first mail's subject (without Re:/Fwd: and case references)
   * and text, whitespace folded: a loop repeats both.
   */
  bodyDigest?: string;
  /**
   * The case this mail named (reference, thread headers or reply address) but was not allowed to
   * join: its sender was not proven (flag NOT_AUTHENTICATED). Staff see why and may merge by hand.
   */
  unprovenThread?: { caseId: string; reference: string; reason: string };
  /** The mail that opened the case was sent by a machine (RFC 3834): never acknowledged, never paging. */
  automated?: AutomatedVerdict;
  /** Doubts about the sender (R-IN-4): flags, reasons, and when the account's TAM or team was told. */
  senderTrust?: {
    flags: TrustFlag[];
    reasons: string[];
    lookalike: Lookalike | null;
    /** Who is told (TAM or team address), and once told, when. */
    notify: string | null;
    notifiedAt?: string;
  };
  /** What the message rules did (R-BOX-7): folder, labels, team and the rules that matched. */
  messageRules?: RuleOutcome;
  sev1?: Sev1State;
  /** This case was merged into another (closed; its thread, timeline and clocks live on there). */
  mergedInto?: { caseId: string; reference: string; at: string; by: string };
  /** Cases merged into this one, oldest merge first. */
  mergedFrom?: { caseId: string; reference: string; at: string; by: string }[];
  /** Storm correlation: the incident this Sev-1 belongs to; the leader's page chain serves all. */
  incident?: { id: string; leaderCaseId: string; symptom: string };
  /** A resolved Sev-1's report, built from its callback and update series (R-SEV1-4). */
  incidentReport?: { at: string; text: string };
  /** Absolute deadlines, ISO 8601 UTC: the Sev-1 callback and the next SLA due time. */
  deadlines: { callbackDueAt?: string; nextDueAt?: string | null };
  sla?: CaseSla;
  /** The language of the customer's first mail; acknowledgements answer in it. */
  language?: Language;
  /** The content's routing category (R-TRI-4). */
  category?: TriageCategory;
  /** Bug-report completeness of the first mail (R-IN-5); the acknowledgement asks for `missing`. */
  report?: { present: string[]; missing: string[] };
  /** The staff member working the case, set from the console or the API; absent or null: nobody. */
  assignee?: { userId: string; name: string; at: string } | null;
  /** Tier hand-overs (R-ESC-3), oldest first. */
  escalations?: { at: string; from: Team; to: Team; reason: string }[];
  /** Signed plus-address set as Reply-To on every mail we send on the case (docs/staff-mail.md). */
  replyAddress?: string;
  /** Staff mail to this address becomes an internal note (R-BOX-2); never given to the customer. */
  noteAddress?: string;
  /** A resolution was proposed and awaits the customer's confirmation (R-SEV1-5); null once answered. */
  resolutionProposedAt?: string | null;
  /** Without an answer the case closes at this instant (the case clock wakes for it). */
  resolutionClosesAt?: string | null;
  /** Label ids (R-BOX-8), in the order they were applied. */
  labels?: CaseFiling['labels'];
  /** The folder the case is in (R-BOX-5/7); absent or null: the inbox. */
  folder?: CaseFiling['folder'];
  /** Marked spam: who and when, and the folder to restore when it is un-marked. */
  spam?: CaseFiling['spam'];
}

/** The SLA state of a case: facts in, everything else derived (functions/domain/sla.ts). */
export interface CaseSla {
  terms: SlaTerms;
  facts: SlaFact[];
  /** What the clock already did (warnings, breaches, notices), keyed so nothing happens twice. */
  ledger: SlaLedger;
  /** Notices waiting for their audience's working hours. */
  notices: PendingNotice[];
  /** The targets as last computed, for people and the API. */
  targets: TargetInstance[];
  /**
   * Targets already met (or given late) when the terms changed (a severity change): they keep the
   * due time and verdict they had (severity-change.ts).
   */
  settled?: TargetInstance[];
  /** The plan version the targets were computed with; a change recomputes them. */
  planFingerprint: string;
  /** The case-clock execution generation; an older execution that wakes up just ends. */
  clockGeneration: number;
  /** When the live clock execution will wake next. */
  clockWakeAt: string | null;
}

export interface PendingNotice {
  key: string;
  notifyAt: string;
  audience: 'team' | 'management';
  team: Team;
  subject: string;
  text: string;
}

export type TimelineEventType =
  | 'case.opened'
  | 'case.linked'
  | 'mail.received'
  | 'mail.forwarded'
  | 'thread.refused'
  | 'mail.unproven-names-case'
  | 'triage.decided'
  | 'ack.sent'
  | 'page.sent'
  | 'page.acknowledged'
  | 'page.skipped'
  | 'incident.opened'
  | 'incident.joined'
  | 'page.channel-failed'
  | 'page.taken-over'
  | 'page.reply-refused'
  | 'callback.completed'
  | 'sla.breached'
  | 'management.notified'
  | 'workflow.started'
  | 'workflow.rearmed'
  | 'sla.started'
  | 'sla.paused'
  | 'sla.resumed'
  | 'sla.stopped'
  | 'sla.warning'
  | 'sla.recomputed'
  | 'sla.no-guarantee'
  | 'case.escalated'
  | 'case.assigned'
  | 'case.moved'
  | 'case.severity-changed'
  | 'case.merged'
  | 'reply.sent'
  | 'notice.sent'
  | 'case.resolved'
  | 'update.sent'
  | 'update.late'
  | 'incident.report'
  | 'workflow.continued'
  // intake hardening: automated mail, bounces, sender trust, message rules
  | 'ack.withheld'
  | 'delivery.failed'
  | 'sender.flagged'
  | 'rule.applied'
  | 'case.closed'
  | 'note.added'
  | 'staff-mail.received'
  | 'staff-mail.refused'
  | 'resolution.proposed'
  | 'resolution.confirmed'
  | 'resolution.rejected'
  // availability and billable time (docs/reports.md)
  | 'outages.confirmed'
  | 'work.logged'
  // deliverability desk
  | 'dnsbl.listed'
  | 'dnsbl.delisted'
  | 'dnsbl.resolution-proposed'
  | 'remediation.updated'
  | 'case.labelled'
  | 'case.filed'
  | 'case.spam'
  | 'case.not-spam';

export interface TimelineEntry {
  at: string;
  type: TimelineEventType;
  /** One line for people. */
  summary: string;
  /** Who did it: an address, or "caseflow". */
  actor: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface MessageRecord {
  id: string;
  caseId: string;
  /** INTERNAL: a staff note, never sent to anyone. */
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL';
  /** RFC 5322 Message-ID. */
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  at: string;
  /** Where the raw MIME is kept (inbound). */
  rawKey?: string;
  /** Attachments, listed (content in the attachment store). */
  attachments?: AttachmentRef[];
  /** Attachments past `MAX_LISTED_ATTACHMENTS`: not stored apart, still in the raw MIME (`rawKey`). */
  attachmentsInRawMailOnly?: number;
  /**
   * `automated`: an inbound mail sent by a machine; `bounce`: a delivery report about one of our
   * mails; `note`: internal, never sent to the customer.
   */
  kind: 'customer' | 'acknowledgement' | 'reply' | 'notice' | 'automated' | 'bounce' | 'note';
  /** Bounces: what the delivery report said. */
  delivery?: DeliveryReport;
  /** Inbound mail: SES's verdicts on it (SPF, DKIM, DMARC, spam, virus), as staff see them. */
  verdicts?: SenderVerdicts;
  /** A copy of a message of a case merged into this one: that case's reference. */
  mergedFrom?: string;
  /** Notes: the colleagues mentioned (resolved from user ids, told by mail). */
  mentions?: { userId: string; name: string }[];
}

export function formatReference(sequence: number): string {
  return `CF-${sequence}`;
}

export const REFERENCE_PATTERN = /\bCF-(\d{1,9})\b/;

/** Subject for mail we send on a case: the reference in brackets, once. */
export function caseSubject(reference: string, subject: string): string {
  const clean = subject.replace(/[\r\n]+/g, ' ').trim() || '(no subject)';
  if (clean.includes(`[${reference}]`)) return clean;
  const withoutRe = clean.replace(/^(re|odp|aw|fw|fwd|pd)\s*:\s*/i, '');
  return `[${reference}] ${withoutRe}`;
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

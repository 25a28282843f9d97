import type { DeliveryReport } from '../../domain/delivery-status';
import type { Page } from '../page';

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

/** Which mail a new case is for: the sender's Message-ID when it has one, else the SES message id. */
export interface NewCaseMail {
  inboundId: string;
  from: string;
  messageId: string | null;
}

/** Whether this delivery may open the mail's case. */
export type NewCaseLease =
  | { kind: 'leased' }
  /** Another delivery of the same mail already opened it. */
  | { kind: 'handled'; caseId: string }
  /** Another delivery is opening it now; its lease ends at `until` (epoch ms). */
  | { kind: 'busy'; until: number };

/** One acknowledgement counted against a fixed-window limit (acknowledgement-gate.ts). */
export interface AcknowledgementAllowance {
  /** Whom the window counts: a sender address, a sender and text, or everyone (`*`). */
  key: string;
  windowStart: string;
  windowMs: number;
  limit: number;
}

/**
 * Intake guards: each inbound mail is handled once (SES message id, sender's Message-ID), one
 * acknowledgement per case, acknowledgements per sender rate-limited, bounces nobody owns kept.
 */
export interface IntakeGuardStore {
  /** The case an inbound mail already created, if any (idempotency on the SES message id). */
  findCaseIdByInbound(inboundId: string): Promise<string | undefined>;
  /** The case a mail with this Message-ID from this sender already opened (a second SMTP delivery). */
  findCaseIdByMessageId(from: string, messageId: string): Promise<string | undefined>;
  /**
   * Takes a short lease on opening the case for a mail, so that of two deliveries racing only one
   * draws a case number. The case's idempotency guard replaces the lease when the case is saved; a
   * lease left by a crash ends at `until` and the next delivery takes it over.
   */
  leaseNewCase(mail: NewCaseMail, holder: string, now: number, until: number): Promise<NewCaseLease>;
  /**
   * Claims an inbound mail that adds no customer message (a staff reply, note or refused mail) for
   * a case, once per SES message id; false when it was already claimed (a redelivery).
   */
  claimInbound(inboundId: string, caseId: string, at: string): Promise<boolean>;
  /** The recorded acknowledgement was handed to the mailer: it is no longer pending. */
  markAcknowledgementSent(caseId: string): Promise<void>;
  /**
   * Counts one acknowledgement to `sender` in the fixed window starting at `windowStart` (atomic);
   * false, and nothing counted, when `limit` were already sent in that window.
   */
  takeAcknowledgementAllowance(allowance: AcknowledgementAllowance): Promise<boolean>;
  /** Keeps a bounce no case could be found for, once per SES message id; 'duplicate' if already kept. */
  recordUnattributedBounce(bounce: UnattributedBounce): Promise<'recorded' | 'duplicate'>;
  /** Unattributed bounces, newest first. */
  listUnattributedBounces(limit: number): Promise<UnattributedBounce[]>;
  /** `listUnattributedBounces` a page at a time, from where `cursor` left off. */
  pageUnattributedBounces(limit: number, cursor?: string): Promise<Page<UnattributedBounce>>;
  countUnattributedBounces(): Promise<number>;
}

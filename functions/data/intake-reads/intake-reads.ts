import type { IntakeFailure } from '../../domain/held-mail';
import type { StoredMailSettings } from '../mail-settings/mail-settings-store';

/** What intake needs to know about a mail before it starts, read at once. */
export interface IntakeFirstLook {
  /** The case this inbound mail already created (idempotency on the SES message id). */
  caseId?: string;
  /** An earlier failed attempt at this mail (resolved when this one succeeds). */
  failure?: IntakeFailure;
  /** The asked-for customer's guaranteed minutes used in the month, when asked for. */
  guaranteedMinutes?: { customerId: string; month: string; minutes: number };
  /** The admins' message rules and support addresses, when saved (else the config's are in force). */
  mailSettings: StoredMailSettings;
}

/**
 * Reads across stores that intake makes before it starts, in one request: its idempotency guard,
 * an earlier failure, the likely customer's guaranteed-time usage, and the admins' mail settings. Each is the same item its
 * own store reads; this only fetches them together.
 */
export interface IntakeReads {
  firstLook(inboundId: string, usage?: { customerId: string; month: string }): Promise<IntakeFirstLook>;
}

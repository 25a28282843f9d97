import type { IntakeFailure } from '../../domain/held-mail';

/** What intake needs to know about a mail before it starts, read at once. */
export interface IntakeFirstLook {
  /** The case this inbound mail already created (idempotency on the SES message id). */
  caseId?: string;
  /** An earlier failed attempt at this mail (resolved when this one succeeds). */
  failure?: IntakeFailure;
  /** The asked-for customer's guaranteed minutes used in the month, when asked for. */
  guaranteedMinutes?: { customerId: string; month: string; minutes: number };
}

/**
 * Reads across stores that intake makes before it starts, in one request: its idempotency guard,
 * an earlier failure, and the likely customer's guaranteed-time usage. Each is the same item its
 * own store reads; this only fetches them together.
 */
export interface IntakeReads {
  firstLook(inboundId: string, usage?: { customerId: string; month: string }): Promise<IntakeFirstLook>;
}

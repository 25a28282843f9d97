import type { Services } from '../deps';
import { type InboundMail, IntakeError } from '../inbound-mail';

/** How long a delivery may take to open a case before another delivery of the mail may take over. */
const NEW_CASE_LEASE_MS = 15_000;
/** How long (real time) a delivery waits for a racing one before giving up (and being retried). */
const RACE_WAIT_MS = 2 * NEW_CASE_LEASE_MS;

/** A case a delivery of this mail already opened, or the lease to open it. */
export type MailLease = { kind: 'leased' } | { kind: 'handled'; caseId: string };

/**
 * Takes the lease on the mail (its sender's Message-ID, else its SES message id) before a case
 * number is drawn, so that deliveries of the same mail racing each other (an SES retry, a second
 * SMTP delivery) use one number between them. It doubles as the check for a delivery of a mail
 * that already made its case. A delivery that finds the lease taken waits for the other one's
 * case; a lease left by a crash runs out and is taken over.
 */
export async function leaseMail(
  deps: Pick<Services, 'intakeGuards' | 'clock' | 'ids'>,
  mail: InboundMail,
  from: string,
  messageId: string | null
): Promise<MailLease> {
  const identity = { inboundId: mail.sesMessageId, from, messageId };
  const holder = deps.ids.newId();
  const giveUpAt = Date.now() + RACE_WAIT_MS;
  for (;;) {
    const now = deps.clock.now().getTime();
    const lease = await deps.intakeGuards.leaseNewCase(identity, holder, now, now + NEW_CASE_LEASE_MS);
    if (lease.kind !== 'busy') return lease;
    if (Date.now() > giveUpAt)
      throw new IntakeError(`another delivery of inbound ${mail.sesMessageId} is still opening its case`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

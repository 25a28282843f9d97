import type { Services } from '../deps';
import { type InboundMail, IntakeError } from '../inbound-mail';
import type { NewCaseDraft } from './build-case';
import type { CustomerMail } from './route-mail';

/** How long a delivery may take to open a case before another delivery of the mail may take over. */
const NEW_CASE_LEASE_MS = 15_000;
/** How long (real time) a delivery waits for a racing one before giving up (and being retried). */
const RACE_WAIT_MS = 2 * NEW_CASE_LEASE_MS;

/**
 * Takes the lease on opening this mail's case before a case number is drawn, so that deliveries
 * of the same mail racing each other (an SES retry, a second SMTP delivery) use one number between
 * them. A delivery that finds the lease taken waits for the case the other one opens.
 */
export async function leaseNewCase(
  deps: Pick<Services, 'intakeGuards' | 'clock' | 'ids'>,
  mail: InboundMail,
  customerMail: CustomerMail
): Promise<{ kind: 'leased' } | { kind: 'handled'; caseId: string }> {
  const identity = {
    inboundId: mail.sesMessageId,
    from: customerMail.from,
    messageId: customerMail.parsed.messageId,
  };
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

/**
 * Saves a new case in one transaction guarded by the SES message id (and the sender's
 * Message-ID); the intake holds the acknowledgement claim from the start. When another delivery
 * of the same mail won the race, says which case it opened.
 */
export async function saveNewCase(
  deps: Pick<Services, 'caseTransactions' | 'intakeGuards' | 'log'>,
  draft: NewCaseDraft,
  mail: InboundMail
): Promise<{ saved: true } | { saved: false; winner: string }> {
  const c = draft.case;
  const outcome = await deps.caseTransactions.createCase({
    case: c,
    message: draft.message,
    timeline: draft.timeline,
    inboundId: mail.sesMessageId,
    ackClaimedAt: c.createdAt,
    queue: draft.queue,
  });
  if (outcome === 'created') {
    deps.log.info('case opened', {
      caseId: c.id,
      reference: c.reference,
      severity: c.severity,
      team: c.team,
    });
    return { saved: true };
  }
  const { messageId, from } = draft.message;
  const winner =
    (await deps.intakeGuards.findCaseIdByInbound(mail.sesMessageId)) ??
    (messageId ? await deps.intakeGuards.findCaseIdByMessageId(from, messageId) : undefined);
  if (!winner) throw new IntakeError(`duplicate inbound ${mail.sesMessageId} but no case found`);
  return { saved: false, winner };
}

import type { Services } from '../deps';
import { type InboundMail, IntakeError } from '../inbound-mail';
import type { NewCaseDraft } from './build-case';
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

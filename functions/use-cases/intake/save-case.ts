import type { Services } from '../deps';
import { type InboundMail, IntakeError } from '../inbound-mail';
import { acknowledgeNewCase } from './acknowledge';
import type { NewCaseDraft } from './build-case';
/**
 * Saves a new case in one transaction guarded by the SES message id (and the sender's
 * Message-ID), with its acknowledgement recorded and counted against its limits; when a limit was
 * reached, saves it again without one. When another delivery of the same mail won the race, says
 * which case it opened.
 */
export async function saveNewCase(
  deps: Pick<Services, 'caseTransactions' | 'intakeGuards' | 'log' | 'config' | 'ids'>,
  given: NewCaseDraft,
  mail: InboundMail
): Promise<{ saved: true; draft: NewCaseDraft } | { saved: false; winner: string }> {
  let draft = given;
  let outcome = await create(deps, draft, mail);
  if (typeof outcome === 'object') {
    // A limit was reached: the case is saved without its acknowledgement, saying why.
    const why = draft.gated[outcome.reached]?.whenReached;
    if (!why) throw new IntakeError(`acknowledgement limit ${outcome.reached} is not one of this case's`);
    deps.log.warn('acknowledgement withheld', { caseId: draft.case.id, kind: why.kind });
    const { unacknowledged } = draft;
    const acknowledged = acknowledgeNewCase(deps, unacknowledged.case, new Date(draft.case.createdAt), why);
    draft = {
      ...draft,
      case: acknowledged.case,
      queue: acknowledged.queue,
      timeline: [...unacknowledged.timeline, ...acknowledged.entries],
      acknowledgement: undefined,
      gated: [],
    };
    outcome = await create(deps, draft, mail);
  }
  const c = draft.case;
  if (outcome === 'created') {
    deps.log.info('case opened', {
      caseId: c.id,
      reference: c.reference,
      severity: c.severity,
      team: c.team,
    });
    return { saved: true, draft };
  }
  const { messageId, from } = draft.message;
  const winner =
    (await deps.intakeGuards.findCaseIdByInbound(mail.sesMessageId)) ??
    (messageId ? await deps.intakeGuards.findCaseIdByMessageId(from, messageId) : undefined);
  if (!winner) throw new IntakeError(`duplicate inbound ${mail.sesMessageId} but no case found`);
  return { saved: false, winner };
}

function create(deps: Pick<Services, 'caseTransactions'>, draft: NewCaseDraft, mail: InboundMail) {
  return deps.caseTransactions.createCase({
    case: draft.case,
    message: draft.message,
    timeline: draft.timeline,
    inboundId: mail.sesMessageId,
    ackClaimedAt: draft.case.createdAt,
    queue: draft.queue,
    acknowledgement: draft.acknowledgement,
  });
}

import type { AutomatedVerdict } from '../../domain/automated-mail';
import { type CaseRecord, isActive } from '../../domain/case';
import { forwardEntry } from '../../domain/new-case';
import { computeSla, refreshCaseClock, targetTransitions } from '../case-clock';
import type { Services } from '../deps';
import type { InboundMail, OpenCaseResult } from '../inbound-mail';
import { inboundMessage } from '../inbound-message';
import { answerResolutionProposal } from '../resolution';
import { retriageReply } from '../retriage-reply';
import { storeInboundAttachments } from '../store-attachments';
import type { CustomerMail } from './route-mail';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'paging'
  | 'incidents'
  | 'slaClocks'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
  | 'attachments'
>;

/**
 * A customer's mail in one of their case's threads (R-IN-3): stored on the case, which may be
 * raised to Sev-1 by it, and an answer to a proposed resolution (R-SEV1-5).
 */
export async function addToThread(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  customerMail: CustomerMail
): Promise<OpenCaseResult> {
  const { parsed, from, screening } = customerMail;
  const added = screening.automated
    ? await addAutomatedReply(deps, c, mail, customerMail, screening.automated)
    : await addCustomerReply(deps, c, mail, customerMail);
  await answerResolutionProposal(deps, c.id, {
    from,
    text: parsed.text,
    at: mail.receivedAt,
    automatic: screening.automated !== null,
    verdicts: mail.verdicts,
  });
  return added;
}

/**
 * A customer's reply: stored on its case; the response clock starts again and paused clocks resume.
 */
async function addCustomerReply(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  { parsed, from, forwardedBy }: CustomerMail
): Promise<OpenCaseResult> {
  const at = mail.receivedAt;
  const before = computeSla(deps, c)?.targets ?? [];
  const wasWaiting = c.status === 'WAITING_ON_CUSTOMER';
  const reopened = !isActive(c.status);
  const added = await deps.caseTransactions.addInboundMessage({
    caseId: c.id,
    inboundId: mail.sesMessageId,
    message: inboundMessage(deps, c.id, mail, parsed, from, {
      kind: 'customer',
      ...(await storeInboundAttachments(deps, c.id, parsed.attachments)),
    }),
    facts: reopened ? [{ at, kind: 'reopened' }] : [{ at, kind: 'customer-message' }],
    status: 'OPEN',
    openedAt: c.createdAt,
  });
  if (added === 'duplicate') return { caseId: c.id, reference: c.reference, created: false };
  if (parsed.messageId) await deps.cases.indexMessageRef(c.id, parsed.messageId);
  const after = await deps.cases.getCase(c.id);
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'mail.received',
      summary: reopened ? 'the customer wrote again: case reopened' : 'the customer replied',
      actor: from,
      data: { sesMessageId: mail.sesMessageId },
    },
    ...(forwardedBy ? [forwardEntry(forwardedBy, from)] : []),
    ...(wasWaiting
      ? [
          {
            at,
            type: 'sla.resumed' as const,
            summary: 'no longer waiting on the customer: clocks run again',
            actor: 'caseflow',
          },
        ]
      : []),
    ...(after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], at) : []),
  ]);
  await retriageReply(deps, c, mail, parsed, from);
  await refreshCaseClock(deps, c.id);
  await deps.events.publish({ type: 'case.message.received', caseId: c.id, kind: 'customer', at });
  return { caseId: c.id, reference: c.reference, created: false };
}

/** An automatic reply (an out-of-office answering our mail) is only stored: no clock or status changes. */
async function addAutomatedReply(
  deps: Deps,
  c: CaseRecord,
  mail: InboundMail,
  { parsed, from }: CustomerMail,
  automated: AutomatedVerdict
): Promise<OpenCaseResult> {
  const added = await deps.caseTransactions.addInboundMessage({
    caseId: c.id,
    inboundId: mail.sesMessageId,
    message: inboundMessage(deps, c.id, mail, parsed, from, { kind: 'automated' }),
    facts: [],
  });
  if (added === 'added')
    await deps.cases.appendTimeline(c.id, [
      {
        at: mail.receivedAt,
        type: 'mail.received',
        summary: `an automatic reply joined the case (${automated.reason}): no acknowledgement, clocks and status unchanged`,
        actor: from,
        data: { sesMessageId: mail.sesMessageId, automated: automated.kind },
      },
    ]);
  if (added === 'added')
    await deps.events.publish({
      type: 'case.message.received',
      caseId: c.id,
      kind: 'automated',
      at: mail.receivedAt,
    });
  return { caseId: c.id, reference: c.reference, created: false };
}

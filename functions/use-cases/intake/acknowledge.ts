import { acknowledgementFor } from '../../domain/acknowledgement';
import type { CaseRecord, MessageRecord } from '../../domain/case';
import type { SlaFact } from '../../domain/sla';
import { quietClockView } from '../case-clock';
import { AUTO_HEADERS, type Services } from '../deps';
import { mailToCustomer } from '../mail-to-customer';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'caseTransactions' | 'intakeGuards' | 'mailer' | 'ids'
>;

/**
 * Records the acknowledgement, then sends it from the record (an outbox): a crash before the send
 * leaves it pending for the redelivery to send, and a crash after it can never make the case look
 * unacknowledged (no false miss). Returns the clock's next wake-up when it stored that too.
 */
export async function acknowledge(deps: Deps, c: CaseRecord): Promise<string | undefined> {
  const plan = c.plan ? deps.config.plans[c.plan] : undefined;
  const ack = acknowledgementFor(c, plan && c.plan ? { ...plan, name: c.plan } : null);
  // Chosen once and kept in the record: every attempt at sending it is the same mail.
  const messageId = `<ack.${deps.ids.newId()}@${deps.config.domain}>`;
  const sentAt = deps.clock.now().toISOString();
  const fact: SlaFact | undefined = c.sla ? { at: sentAt, kind: 'acknowledged' } : undefined;
  // The acknowledgement stops its target: the clock's view after it goes in the same write.
  const view =
    c.sla && fact
      ? quietClockView(deps, { ...c, sla: { ...c.sla, facts: [...c.sla.facts, fact] } }, new Date(sentAt))
      : null;
  const message: MessageRecord = {
    id: deps.ids.newId(),
    caseId: c.id,
    direction: 'OUTBOUND',
    messageId,
    from: c.channel.address,
    to: [c.requester.email],
    subject: ack.subject,
    text: ack.text,
    at: sentAt,
    kind: 'acknowledgement',
  };
  // One write: the acknowledgement, its message, timeline entry, thread index, SLA fact and view.
  const recorded = await deps.caseTransactions.recordAcknowledgement(
    c.id,
    { sentAt, messageId, pending: true },
    message,
    {
      at: sentAt,
      type: 'ack.sent',
      summary: `acknowledgement sent to ${c.requester.email}`,
      actor: 'caseflow',
      data: { messageId },
    },
    fact,
    view ?? undefined
  );
  // Another delivery of the same mail recorded it first: that one sends it.
  if (recorded === 'taken') return undefined;
  await sendRecordedAcknowledgement(deps, c, message);
  return recorded === 'recorded-with-view' ? (view?.wakeAt ?? undefined) : undefined;
}

/** Sends a recorded acknowledgement that a crash left pending (a redelivery finishing the intake). */
export async function sendPendingAcknowledgement(deps: Deps, c: CaseRecord): Promise<void> {
  const messageId = c.acknowledgement?.messageId;
  if (!c.acknowledgement?.pending || !messageId) return;
  const detail = await deps.cases.getCaseDetail(c.id);
  const message = detail?.messages.find((m) => m.kind === 'acknowledgement' && m.messageId === messageId);
  if (message) await sendRecordedAcknowledgement(deps, c, message);
}

async function sendRecordedAcknowledgement(deps: Deps, c: CaseRecord, message: MessageRecord): Promise<void> {
  const fixed = message.messageId ?? undefined;
  const { messageId } = await mailToCustomer(
    deps,
    c,
    { subject: message.subject, text: message.text, headers: { ...AUTO_HEADERS }, messageId: fixed },
    false
  );
  // The record indexed the fixed id; SES sends under its own, which replies will name too.
  if (messageId !== fixed) await deps.cases.indexMessageRef(c.id, messageId);
  await deps.intakeGuards.markAcknowledgementSent(c.id);
}

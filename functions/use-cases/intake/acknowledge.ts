import { acknowledgementFor } from '../../domain/acknowledgement';
import { ACK_CLAIM_STALE_MS, type CaseRecord } from '../../domain/case';
import type { SlaFact } from '../../domain/sla';
import { quietClockView } from '../case-clock';
import { AUTO_HEADERS, type Services } from '../deps';
import { mailToCustomer } from '../mail-to-customer';

/** A redelivery's claim on the acknowledgement: won when nobody holds a fresh one. */
export function claimAcknowledgement(
  deps: Pick<Services, 'clock' | 'intakeGuards'>,
  c: CaseRecord
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.intakeGuards.claimAcknowledgement(
    c.id,
    now.toISOString(),
    new Date(now.getTime() - ACK_CLAIM_STALE_MS).toISOString()
  );
}

/** Sends and records the acknowledgement; returns the clock's next wake-up when it stored that too. */
export async function acknowledge(
  deps: Pick<Services, 'config' | 'clock' | 'cases' | 'caseTransactions' | 'mailer' | 'ids'>,
  c: CaseRecord
): Promise<string | undefined> {
  const plan = c.plan ? deps.config.plans[c.plan] : undefined;
  const ack = acknowledgementFor(c, plan && c.plan ? { ...plan, name: c.plan } : null);
  const { messageId } = await mailToCustomer(
    deps,
    c,
    { subject: ack.subject, text: ack.text, headers: { ...AUTO_HEADERS } },
    false
  );
  const sentAt = deps.clock.now().toISOString();
  const fact: SlaFact | undefined = c.sla ? { at: sentAt, kind: 'acknowledged' } : undefined;
  // The acknowledgement stops its target: the clock's view after it goes in the same write.
  const view =
    c.sla && fact
      ? quietClockView(deps, { ...c, sla: { ...c.sla, facts: [...c.sla.facts, fact] } }, new Date(sentAt))
      : null;
  // One write: the acknowledgement, its message, timeline entry, thread index, SLA fact and view.
  const viewStored = await deps.caseTransactions.recordAcknowledgement(
    c.id,
    { sentAt, messageId },
    {
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
    },
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
  return viewStored ? (view?.wakeAt ?? undefined) : undefined;
}

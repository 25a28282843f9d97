import { caseSubject } from '../domain/case';
import { formatInstant } from '../domain/time-format';
import { pagerAddress, type Services } from './deps';
import { OVERDUE_SLOTS, repageOverdueCallback } from './page-on-call';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'rosterOverrides'
  | 'mailer'
  | 'sms'
  | 'events'
  | 'signer'
  | 'ids'
  | 'publicBaseUrl'
  | 'log'
>;

/**
 * The callback deadline passed without a callback: record the SLA breach on the case once and
 * tell management (R-SEV1-2, R-ESC-6). Paging goes on; the breach does not stop the chain.
 */
export async function recordCallbackBreach(deps: Deps, caseId: string): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1 || c.sev1.calledBackAt) return;
  const at = deps.clock.now().toISOString();
  // Acknowledged but the customer not reached: the acknowledger and the next level are paged again
  // (each re-page reserved once, so a repeated step sends nothing twice).
  await repageOverdueCallback(deps, c);
  if (!(await deps.paging.recordBreach(caseId, at))) return;
  // Who was paged again is read back from the reservations, not from this run's sends: a step
  // retried while the first attempt still runs splits the re-pages between the two.
  const reserved = (await deps.cases.getCase(caseId))?.sev1?.pages ?? {};
  const repaged = OVERDUE_SLOTS.flatMap((slot) => reserved[slot]?.recipient ?? []);
  const dueAt = c.sev1.callbackDueAt;
  const state = c.sev1.acknowledgedAt
    ? `acknowledged by ${c.sev1.acknowledgedBy} at ${formatInstant(c.sev1.acknowledgedAt)}, but no callback was confirmed`
    : 'nobody acknowledged the page';
  const minutes = Math.round((Date.parse(dueAt) - Date.parse(c.sev1.receivedAt)) / 60_000);
  const paged = Object.values(c.sev1.pages)
    .map((p) => p.recipient)
    .filter((r) => r)
    .join(', ');
  const { messageId } = await deps.mailer.send({
    from: pagerAddress(deps.config),
    to: deps.config.oncall.management,
    subject: `[SLA BREACH] ${caseSubject(c.reference, c.subject)}`,
    text: [
      `The ${minutes}-minute Sev-1 callback for ${c.customerName ?? 'a customer'} (plan ${c.plan ?? 'none'}) was missed.`,
      '',
      `Case:     ${c.reference} — ${c.subject}`,
      `Received: ${formatInstant(c.receivedAt)}`,
      `Due:      ${formatInstant(dueAt)}`,
      `State:    ${state}`,
      `Paged:    ${paged || 'nobody'}`,
      ...(repaged.length ? [`Paged again: ${repaged.join(', ')} (callback overdue)`] : []),
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  await deps.cases.appendTimeline(caseId, [
    {
      at,
      type: 'sla.breached',
      summary: `Sev-1 callback deadline ${dueAt} missed: ${state}`,
      actor: 'caseflow',
      data: { dueAt },
    },
    {
      at,
      type: 'management.notified',
      summary: `management told of the breach (${deps.config.oncall.management.join(', ')})`,
      actor: 'caseflow',
      data: { messageId },
    },
  ]);
  await deps.events.publish({ type: 'sla.breached', caseId, target: 'sev1Callback', dueAt, at });
  deps.log.warn('sev1 callback breached', { caseId });
}

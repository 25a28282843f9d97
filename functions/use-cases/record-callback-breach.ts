import type { TimelineEntry } from '../domain/case';
import {
  callbackMissedLines,
  missedEvent,
  missedMomentNotice,
  targetsMissedAt,
} from '../domain/missed-notice';
import { missedNotice } from '../domain/sla-notices';
import { formatInstant } from '../domain/time-format';
import { computeSla, nextTier } from './case-clock';
import { pagerAddress, type Services } from './deps';
import { OVERDUE_SLOTS, repageOverdueCallback } from './page-on-call';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'rosterOverrides'
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
  | 'notices'
>;

/**
 * The callback deadline passed without a callback: record the SLA breach on the case once and
 * tell management (R-SEV1-2, R-ESC-6) — in one notice with whatever else was missed at the same
 * moment (the first response), unless the case clock already told them. Paging goes on; the
 * breach does not stop the chain.
 */
export async function recordCallbackBreach(deps: Deps, caseId: string): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1 || c.sev1.calledBackAt) return;
  const now = deps.clock.now();
  const at = now.toISOString();
  // Acknowledged but the customer not reached: the acknowledger and the next level are paged again
  // (each re-page reserved once, so a repeated step sends nothing twice).
  await repageOverdueCallback(deps, c);
  if (!(await deps.paging.recordBreach(caseId, at))) return;
  // Who was paged again is read back from the reservations, not from this run's sends: a step
  // retried while the first attempt still runs splits the re-pages between the two.
  const current = (await deps.cases.getCase(caseId)) ?? c;
  const reserved = current.sev1?.pages ?? {};
  const repaged = OVERDUE_SLOTS.flatMap((slot) => reserved[slot]?.recipient ?? []);
  const dueAt = c.sev1.callbackDueAt;
  const state = c.sev1.acknowledgedAt
    ? `acknowledged by ${c.sev1.acknowledgedBy} at ${formatInstant(c.sev1.acknowledgedAt)}, but no callback was confirmed`
    : 'nobody acknowledged the page';
  const entries: TimelineEntry[] = [
    {
      at,
      type: 'sla.breached',
      summary: `Sev-1 callback deadline ${dueAt} missed: ${state}`,
      actor: 'caseflow',
      data: { dueAt },
    },
  ];
  const claim = await deps.notices.claim(
    caseId,
    missedEvent('management', dueAt),
    'the Sev-1 callback workflow',
    at
  );
  if (claim.claimed) {
    // What else fell due unmet at this moment goes in the same notice (24/7 plans: the first response).
    const alsoMissed = targetsMissedAt(computeSla(deps, current)?.targets ?? [], dueAt, now);
    const notice = missedMomentNotice(
      c,
      [
        { what: 'Sev-1 callback', lines: callbackMissedLines(c, repaged, formatInstant) },
        ...alsoMissed.map((t) => ({
          what: t.label,
          lines: missedNotice(current, t, nextTier(deps, current, t)).text.split('\n'),
        })),
      ],
      true
    );
    const { messageId } = await deps.mailer.send({
      from: pagerAddress(deps.config),
      to: deps.config.oncall.management,
      subject: notice.subject,
      text: notice.text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    entries.push({
      at,
      type: 'management.notified',
      summary: `management told of the breach${alsoMissed.length ? ` and the ${alsoMissed.map((t) => t.label).join(', ')} missed with it` : ''} (${deps.config.oncall.management.join(', ')})`,
      actor: 'caseflow',
      data: { messageId },
    });
  } else {
    entries.push({
      at,
      type: 'management.notified',
      summary: `management already told of this moment by ${claim.by} at ${claim.at}: no second notice`,
      actor: 'caseflow',
      data: { dueAt },
    });
  }
  await deps.cases.appendTimeline(caseId, entries);
  await deps.events.publish({ type: 'sla.breached', caseId, target: 'sev1Callback', dueAt, at });
  deps.log.warn('sev1 callback breached', { caseId });
}

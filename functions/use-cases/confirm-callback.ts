import type { CaseRecord } from '../domain/case';
import { refreshCaseClock } from './case-clock';
import type { Services } from './deps';
import { openPageLink } from './open-page-link';
import { firstUpdateDue } from './sev1-updates';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'paging'
  | 'slaClocks'
  | 'caseTransactions'
  | 'incidents'
  | 'signer'
  | 'workflows'
  | 'events'
  | 'mailer'
  | 'ids'
  | 'log'
>;

export type CallbackOutcome =
  | { outcome: 'confirmed'; caseId: string; by: string }
  | { outcome: 'already-confirmed'; caseId: string; by: string }
  | { outcome: 'not-acknowledged'; caseId: string }
  /** Another engineer acknowledged: only they confirm, or whoever takes the page over first. */
  | { outcome: 'not-yours'; caseId: string; by: string }
  | { outcome: 'invalid' | 'expired' };

/** The engineer confirms "customer called back" (R-SEV1-2): the goal, not the acknowledgement. */
export async function confirmCallback(
  deps: Deps,
  pageId: string,
  exp?: string,
  sig?: string,
  nextUpdateInMinutes?: number
): Promise<CallbackOutcome> {
  const access = await openPageLink(deps, pageId, exp, sig);
  if (!access.ok) return { outcome: access.reason };
  const acknowledgedBy = access.case.sev1?.acknowledgedBy;
  if (acknowledgedBy && acknowledgedBy !== access.page.recipient)
    return { outcome: 'not-yours', caseId: access.case.id, by: acknowledgedBy };
  return confirmCaseCallback(deps, access.case, access.page.recipient, pageId, nextUpdateInMinutes);
}

/**
 * Confirms "customer reached" on a case whose caller is already trusted: a page link, or the staff
 * API (`POST /api/cases/:id/callback`), which is how each customer of a storm incident is confirmed.
 */
export async function confirmCaseCallback(
  deps: Deps,
  c: CaseRecord,
  by: string,
  pageId: string | null,
  /** When the customer was told they will hear next (capped at the plan's update interval). */
  nextUpdateInMinutes?: number
): Promise<CallbackOutcome> {
  const page = { recipient: by };
  if (!c.sev1?.acknowledgedAt) return { outcome: 'not-acknowledged', caseId: c.id };
  const at = deps.clock.now().toISOString();
  // From here the customer hears from us at the agreed cadence (R-SEV1-4). The first due time is
  // written with the callback: a workflow step that reads the case in between must see both.
  const nextUpdateDueAt = firstUpdateDue(deps.config, c, at, nextUpdateInMinutes);
  if (!(await deps.paging.recordCallback(c.id, page.recipient, at, nextUpdateDueAt))) {
    const current = await deps.cases.getCase(c.id);
    return { outcome: 'already-confirmed', caseId: c.id, by: current?.sev1?.calledBackBy ?? 'someone' };
  }
  const late = Date.parse(at) > Date.parse(c.sev1.callbackDueAt);
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'callback.completed',
      summary: `customer called back by ${page.recipient}${late ? ' (after the deadline)' : ' within the deadline'}; first update due by ${nextUpdateDueAt}`,
      actor: page.recipient,
      data: { pageId, late, nextUpdateDueAt },
    },
  ]);
  await deps.events.publish({ type: 'callback.completed', caseId: c.id, by: page.recipient, at });
  // The callback is the first human response (R-SLA-2): the response clock stops.
  if (c.sla) {
    // The callback starts the update cadence: the SLA's update target times the same due instant.
    const minutes = (Date.parse(nextUpdateDueAt) - Date.parse(at)) / 60_000;
    await deps.slaClocks.appendSlaFacts(c.id, [
      {
        at,
        kind: 'agent-reply',
        waitingOnCustomer: false,
        nextUpdate: { from: at, minutes, after: 'callback' },
      },
    ]);
    await refreshCaseClock(deps, c.id);
  }
  const token = await deps.paging.getWaitToken(c.id, 'callback');
  if (token) {
    const resumed = await deps.workflows.resume(token, { calledBackBy: page.recipient, at });
    deps.log.info('callback confirmed', { caseId: c.id, workflow: resumed });
  }
  return { outcome: 'confirmed', caseId: c.id, by: page.recipient };
}

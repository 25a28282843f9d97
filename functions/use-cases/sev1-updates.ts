import type { Config } from '../config/schema';
import type { CaseRecord } from '../domain/case';
import { caseSubject, isActive } from '../domain/case';
import { incidentReport } from '../domain/incident-report';
import { decideSev1, nextUpdateDue } from '../domain/sev1';
import { AUTO_HEADERS, type Services } from './deps';
import { noticeToCustomer } from './mail-to-customer';
import { pageLateUpdate } from './page-on-call';

/**
 * Customer update cadence of a Sev-1 (R-SEV1-4). After the callback the customer hears from us at
 * the agreed interval; every reply to them is an update; the Sev-1 workflow waits for each one in
 * `AwaitUpdate` and pages when one is late.
 */

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
  | 'workflows'
>;

/** The plan's agreed interval between updates, in minutes. */
export function updateIntervalMinutes(config: Config, c: CaseRecord): number {
  const plan = c.plan ? config.plans[c.plan] : undefined;
  return plan?.critical.updateEvery?.minutes ?? config.oncall.updates.defaultIntervalMinutes;
}

/** The cadence starts with the callback: the first update is due by the promised time, at the latest one interval later. */
export function firstUpdateDue(config: Config, c: CaseRecord, at: string, inMinutes?: number): string {
  return nextUpdateDue(at, updateIntervalMinutes(config, c), inMinutes);
}

/**
 * A reply to the customer of a called-back Sev-1 is an update: it joins the series and sets when
 * the next one is due; the waiting workflow is woken to time the new due instant.
 */
export async function recordSev1Update(
  deps: Pick<Services, 'cases' | 'paging' | 'workflows'>,
  c: CaseRecord,
  update: { at: string; by: string; messageId: string; text: string; nextDueAt: string }
): Promise<void> {
  if (!c.sev1?.calledBackAt) return;
  const { nextDueAt } = update;
  const dueAt = c.sev1.nextUpdateDueAt ?? update.at;
  const number = (c.sev1.updates?.length ?? 0) + 1;
  await deps.paging.scheduleSev1Update(c.id, nextDueAt, {
    at: update.at,
    by: update.by,
    messageId: update.messageId,
    text: update.text,
    dueAt,
    nextDueAt,
  });
  await deps.cases.appendTimeline(c.id, [
    {
      at: update.at,
      type: 'update.sent',
      summary: `customer update ${number} sent by ${update.by}${update.at > dueAt ? ` (late: due ${dueAt})` : ''}; next due by ${nextDueAt}`,
      actor: update.by,
      data: { update: number, dueAt, nextDueAt, late: update.at > dueAt },
    },
  ]);
  const token = await deps.paging.getWaitToken(c.id, 'update');
  if (token) await deps.workflows.resume(token, { update: number });
}

/** When the update after one sent now is due, for a called-back Sev-1 (undefined otherwise). */
export function nextUpdateAfterReply(
  config: Config,
  c: CaseRecord,
  at: string,
  inMinutes?: number
): string | undefined {
  if (!c.sev1?.calledBackAt) return undefined;
  return nextUpdateDue(at, updateIntervalMinutes(config, c), inMinutes);
}

/** The workflow's `AwaitUpdate` task: park the token, and page for an update that is late. */
export async function awaitUpdate(deps: Deps, caseId: string, taskToken: string): Promise<void> {
  const now = deps.clock.now();
  await deps.paging.setWaitToken(caseId, 'update', taskToken, now.toISOString());
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1) return;
  // Resolved meanwhile: a resolution that read the previous token could not wake this wait, so it
  // ends itself (token first, then the case: one of the two always sees the other).
  if (!isActive(c.status)) {
    await deps.workflows.resume(taskToken, { woken: 'resolved' });
    return;
  }
  const decision = decideSev1(c, [], now, deps.config.oncall.updates);
  if (decision.lateUpdatePages?.length) await pageLateUpdate(deps, c, decision.lateUpdatePages);
}

/**
 * On resolution the update series becomes the incident report (R-SEV1-4): stored on the case and
 * sent to the customer on their thread. Once per case.
 */
export async function writeIncidentReport(
  deps: Pick<Services, 'config' | 'cases' | 'mailer' | 'ids'>,
  caseId: string,
  resolved: { at: string; by: string }
): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1 || c.incidentReport) return;
  const text = incidentReport(c, resolved);
  const subject = caseSubject(c.reference, `Incident report: ${c.subject}`);
  const { messageId } = await noticeToCustomer(
    deps,
    c,
    { subject, text, headers: { ...AUTO_HEADERS } },
    resolved.at
  );
  await deps.cases.updateCaseFields(caseId, { incidentReport: { at: resolved.at, text } }, [
    {
      at: resolved.at,
      type: 'incident.report',
      summary: `incident report sent to the customer (${c.sev1.updates?.length ?? 0} updates)`,
      actor: 'caseflow',
      data: { messageId },
    },
  ]);
}

/** A resolved case's Sev-1 workflow ends now rather than at its next timeout. */
export async function wakeSev1Workflow(
  deps: Pick<Services, 'paging' | 'workflows'>,
  caseId: string
): Promise<void> {
  for (const kind of ['ack', 'callback', 'update'] as const) {
    const token = await deps.paging.getWaitToken(caseId, kind);
    if (token) await deps.workflows.resume(token, { woken: 'resolved' });
  }
}

import { isActive } from '../domain/case';
import { computeSla, refreshCaseClock, targetTransitions } from './case-clock';
import type { Services } from './deps';
import { wakeSev1Workflow, writeIncidentReport } from './sev1-updates';

type Deps = Pick<
  Services,
  | 'config'
  | 'clock'
  | 'cases'
  | 'caseTransactions'
  | 'incidents'
  | 'paging'
  | 'slaClocks'
  | 'mailer'
  | 'workflows'
  | 'events'
  | 'ids'
  | 'log'
>;

/**
 * Marks a case resolved (or closed, when the customer agreed or let a proposed resolution stand):
 * its clocks stop and it leaves the queue.
 */
export async function resolveCase(
  deps: Deps,
  caseId: string,
  by: string,
  close?: { summary: string }
): Promise<boolean> {
  const c = await deps.cases.getCase(caseId);
  if (!c || !isActive(c.status) || !c.sla) return false;
  const before = computeSla(deps, c)?.targets ?? [];
  const at = deps.clock.now().toISOString();
  // Two resolutions at once (staff and the auto-close, say): only the first one acts.
  if (
    !(await deps.caseTransactions.settleCase(caseId, { at, kind: 'resolved' }, close ? 'CLOSED' : 'RESOLVED'))
  )
    return false;
  // Staff resolving it settles a proposed resolution still waiting for the customer (R-SEV1-5).
  if (!close && c.resolutionClosesAt)
    await deps.cases.updateCaseFields(caseId, { resolutionProposedAt: null, resolutionClosesAt: null }, []);
  const after = await deps.cases.getCase(caseId);
  await deps.cases.appendTimeline(caseId, [
    close
      ? { at, type: 'case.closed', summary: close.summary, actor: by }
      : { at, type: 'case.resolved', summary: `resolved by ${by}`, actor: by },
    ...(after ? targetTransitions(before, computeSla(deps, after)?.targets ?? [], at) : []),
  ]);
  await refreshCaseClock(deps, caseId);
  if (c.sev1) {
    await writeIncidentReport(deps, caseId, { at, by });
    await wakeSev1Workflow(deps, caseId);
  }
  if (c.incident?.leaderCaseId === c.id) {
    // The leader's resolution ends the incident's page chain; members are resolved one by one.
    const members = await deps.incidents.listIncidentMembers(c.id);
    await deps.events.publish({
      type: 'incident.resolved',
      incidentId: c.incident.id,
      members: members.length,
      at,
    });
  }
  return true;
}

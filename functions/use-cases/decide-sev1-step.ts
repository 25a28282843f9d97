import { escalationSteps } from '../config/oncall';
import { decideSev1, type Sev1Decision } from '../domain/sev1';
import type { Services } from './deps';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'paging'>;

/** The workflow's `Decide` step: re-read the case and say what comes next. */
export async function decideSev1Step(deps: Deps, caseId: string): Promise<Sev1Decision> {
  let c = await deps.cases.getCase(caseId);
  if (!c) return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'case not found' };
  const now = deps.clock.now();
  if (c.incident && c.incident.leaderCaseId !== c.id) {
    // A member of a storm incident: the leader's chain pages; its acknowledgement counts here too,
    // and this customer's own callback deadline is timed by this execution.
    const leader = await deps.cases.getCase(c.incident.leaderCaseId);
    const by = leader?.sev1?.acknowledgedBy;
    if (by && leader?.sev1?.acknowledgedAt && c.sev1 && !c.sev1.acknowledgedAt) {
      const at = now.toISOString();
      if (await deps.paging.recordPageAcknowledged(c.id, by, at)) {
        await deps.cases.appendTimeline(c.id, [
          {
            at,
            type: 'page.acknowledged',
            summary: `acknowledged with incident ${leader.reference} by ${by}; call this customer back too`,
            actor: by,
            data: { incidentId: c.incident.id },
          },
        ]);
      }
      c = (await deps.cases.getCase(caseId)) ?? c;
    }
    return decideSev1(c, [], now, deps.config.oncall.updates);
  }
  return decideSev1(c, escalationSteps(deps.config), now, deps.config.oncall.updates);
}

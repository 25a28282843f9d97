import type { CaseRecord } from '../domain/case';
import { maySeeTeam, type StaffUser } from '../domain/staff';
import type { Team } from '../domain/team';
import { refreshCaseClock } from './case-clock';
import type { Services } from './deps';

type Deps = Pick<Services, 'cases' | 'staff' | 'clock'> & Parameters<typeof refreshCaseClock>[0];

export class TriageError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'invalid' | 'conflict'
  ) {
    super(message);
  }
}

/**
 * Assigns the case to a staff member who may work it (an enabled user of its team, or a
 * supervisor or admin), or to nobody. The timeline says who did it.
 */
export async function assignCase(
  deps: Deps,
  c: CaseRecord,
  assigneeId: string | null,
  by: string
): Promise<CaseRecord> {
  const at = deps.clock.now().toISOString();
  let assignee: CaseRecord['assignee'] = null;
  if (assigneeId) {
    const user = await deps.staff.getUser(assigneeId);
    if (!user?.enabled) throw new TriageError(`no enabled user ${assigneeId}`, 'not-found');
    if (!maySeeTeam({ kind: 'staff', user }, c.team))
      throw new TriageError(`${user.displayName} does not work team ${c.team}'s cases`, 'invalid');
    assignee = { userId: user.id, name: user.displayName, at };
  }
  if ((c.assignee?.userId ?? null) === (assignee?.userId ?? null)) return c;
  await deps.cases.updateCaseFields(c.id, { assignee }, [
    {
      at,
      type: 'case.assigned',
      summary: assignee ? `assigned to ${assignee.name} by ${by}` : `unassigned by ${by}`,
      actor: by,
      data: { assignee: assignee?.userId ?? null },
    },
  ]);
  return { ...c, assignee };
}

/**
 * Moves the case to another team's queue with a reason (the timeline keeps it); its clock and
 * queue place are computed again for the new team. An assignee who does not work that team is
 * taken off it.
 */
export async function moveCase(
  deps: Deps,
  c: CaseRecord,
  to: Team,
  reason: string,
  by: string
): Promise<CaseRecord> {
  if (!deps.config.teams[to]) throw new TriageError(`no team ${to} in the config`, 'invalid');
  if (to === c.team) return c;
  const at = deps.clock.now().toISOString();
  await deps.cases.escalateTeam(c.id, { at, from: c.team, to, reason });
  const assignee = c.assignee ? await deps.staff.getUser(c.assignee.userId) : undefined;
  const keepsAssignee = assignee?.enabled && maySeeTeam({ kind: 'staff', user: assignee as StaffUser }, to);
  await deps.cases.updateCaseFields(c.id, keepsAssignee ? {} : { assignee: null }, [
    {
      at,
      type: 'case.moved',
      summary: `moved from ${c.team} to ${to} by ${by}: ${reason}`,
      actor: by,
      data: { from: c.team, to },
    },
  ]);
  // The queue place follows the team (R-SLA-3).
  await refreshCaseClock(deps, c.id);
  return { ...c, team: to, assignee: keepsAssignee ? c.assignee : null };
}

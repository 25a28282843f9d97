import type { Context } from 'hono';
import type { CaseRecord } from '../domain/case';
import type { Services } from '../use-cases/deps';
import { refuse, type StaffEnv, seesTeam } from './staff-access';

type Deps = Pick<Services, 'cases' | 'audit' | 'events' | 'ids' | 'clock' | 'log'>;

/** A case named by id or by reference (`CF-1001`, any case). */
export const caseIdOf = (deps: Pick<Services, 'cases'>, key: string) =>
  /^CF-\d+$/i.test(key) ? deps.cases.findCaseIdByReference(key.toUpperCase()) : Promise.resolve(key);

/** The case the route's `:id` names, when the actor may see its team; else the answer to send. */
export async function visibleCase(
  deps: Deps,
  c: Context<StaffEnv>,
  action: string
): Promise<{ case: CaseRecord } | { response: Response }> {
  const key = c.req.param('id') ?? '';
  const caseId = await caseIdOf(deps, key);
  const found = caseId ? await deps.cases.getCase(caseId) : undefined;
  if (!found) return { response: c.json({ error: `no case ${key}` }, 404) };
  if (!seesTeam(c, found.team))
    return { response: await refuse(deps, c, action, `access to team ${found.team}'s cases`, found.id) };
  return { case: found };
}

/** The signed-in person a change is written by; machine callers have none. */
export const personOf = (c: Context<StaffEnv>) => {
  const actor = c.get('actor');
  return actor.kind === 'staff' ? actor.user : undefined;
};

export const needsPerson = (c: Context<StaffEnv>) =>
  c.json({ error: 'forbidden: a signed-in staff member writes this, not a machine caller' }, 403);

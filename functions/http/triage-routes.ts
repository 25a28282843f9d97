import { Hono } from 'hono';
import * as z from 'zod';
import { actorName, maySeeTeam } from '../domain/staff';
import { TeamSchema } from '../domain/team';
import { changeSeverity } from '../use-cases/change-severity';
import type { Services } from '../use-cases/deps';
import { mergeCase } from '../use-cases/merge-case';
import { assignCase, moveCase, TriageError } from '../use-cases/triage-actions';
import { caseIdOf, needsPerson, personOf, visibleCase } from './case-access';
import { BAD_CURSOR, jsonBody, limitOf, pageOfAll, takesQuery } from './request';
import { audit, refuse, requires, type StaffEnv, seesTeam } from './staff-access';

export type TriageApiDeps = Pick<Services, 'staff' | 'cases' | 'audit' | 'events' | 'ids' | 'clock' | 'log'> &
  Parameters<typeof moveCase>[0] &
  Parameters<typeof changeSeverity>[0] &
  Parameters<typeof mergeCase>[0];

const AssignBodySchema = z.strictObject({
  /** `me`, a colleague's user id, or null for nobody. */
  to: z.union([z.literal('me'), z.string().min(1), z.null()]),
});
const MoveBodySchema = z.strictObject({ team: TeamSchema, reason: z.string().trim().min(3).max(500) });
const SeverityBodySchema = z.strictObject({
  severity: z.enum(['SEV1', 'NON_CRITICAL']),
  reason: z.string().trim().min(3).max(500),
});
/** The case that lives on: its reference (`CF-1001`, any case) or id. */
const MergeBodySchema = z.strictObject({ into: z.string().trim().min(1).max(100) });

const triageError = (error: unknown) => {
  if (!(error instanceof TriageError)) throw error;
  const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
  return { body: { error: error.message }, status } as const;
};

/**
 * Triage under /api: assign a case (to me, a colleague, nobody), move it to another team with a
 * reason, change its severity with a reason, merge a duplicate into another case, and the
 * colleagues a case of a team may be assigned to.
 */
export function triageRoutes(deps: TriageApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('/colleagues', requires(deps, 'cases:read'));

  // Who works a team's cases (enabled staff of the team, supervisors, admins): the assign picker.
  app.get('/colleagues', takesQuery('team', 'limit', 'cursor'), async (c) => {
    const team = TeamSchema.safeParse(c.req.query('team'));
    if (!team.success) return c.json({ error: `team must be one of ${TeamSchema.options.join(', ')}` }, 400);
    if (!seesTeam(c, team.data))
      return c.json({ error: `forbidden: access to team ${team.data}'s cases` }, 403);
    const users = (await deps.staff.listUsers()).filter(
      (user) => user.enabled && maySeeTeam({ kind: 'staff', user }, team.data)
    );
    const page = pageOfAll(users, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({
      colleagues: page.items.map((u) => ({ id: u.id, name: u.displayName, email: u.email })),
      cursor: page.cursor,
      total: page.total,
    });
  });

  app.post('/cases/:id/assign', async (c) => {
    const input = await jsonBody(c.req, AssignBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.assign');
    if ('response' in found) return found.response;
    const me = personOf(c);
    if (input.data.to === 'me' && !me) return needsPerson(c);
    try {
      const to = input.data.to === 'me' ? (me?.id ?? null) : input.data.to;
      const updated = await assignCase(deps, found.case, to, actorName(c.get('actor')));
      await audit(deps, c, 'case.assign', { target: to ?? 'nobody', caseId: found.case.id });
      return c.json({ assignee: updated.assignee ?? null });
    } catch (error) {
      const { body, status } = triageError(error);
      return c.json(body, status);
    }
  });

  app.post('/cases/:id/team', async (c) => {
    const input = await jsonBody(c.req, MoveBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.move');
    if ('response' in found) return found.response;
    try {
      const updated = await moveCase(
        deps,
        found.case,
        input.data.team,
        input.data.reason,
        actorName(c.get('actor'))
      );
      await audit(deps, c, 'case.move', {
        target: input.data.team,
        caseId: found.case.id,
        detail: input.data.reason,
      });
      return c.json({ team: updated.team, assignee: updated.assignee ?? null });
    } catch (error) {
      const { body, status } = triageError(error);
      return c.json(body, status);
    }
  });

  app.post('/cases/:id/severity', async (c) => {
    const input = await jsonBody(c.req, SeverityBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.severity');
    if ('response' in found) return found.response;
    try {
      const changed = await changeSeverity(
        deps,
        found.case,
        input.data.severity,
        input.data.reason,
        actorName(c.get('actor'))
      );
      await audit(deps, c, 'case.severity', {
        target: input.data.severity,
        caseId: found.case.id,
        detail: input.data.reason,
      });
      return c.json(changed);
    } catch (error) {
      const { body, status } = triageError(error);
      return c.json(body, status);
    }
  });

  app.post('/cases/:id/merge', async (c) => {
    const input = await jsonBody(c.req, MergeBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.merge');
    if ('response' in found) return found.response;
    const targetId = await caseIdOf(deps, input.data.into);
    const target = targetId ? await deps.cases.getCase(targetId) : undefined;
    if (!target) return c.json({ error: `no case ${input.data.into}` }, 404);
    // Both cases must be the actor's to see: a merge shows one's thread in the other.
    if (!seesTeam(c, target.team))
      return refuse(deps, c, 'case.merge', `access to team ${target.team}'s cases`, target.id);
    try {
      const merged = await mergeCase(deps, found.case, target, actorName(c.get('actor')));
      await audit(deps, c, 'case.merge', { target: target.reference, caseId: found.case.id });
      return c.json(merged);
    } catch (error) {
      const { body, status } = triageError(error);
      return c.json(body, status);
    }
  });

  return app;
}

import { Hono } from 'hono';
import { TeamSchema } from '../domain/team';
import type { Services } from '../use-cases/deps';
import { takesQuery } from './request';
import { requires, type StaffEnv, seesTeam } from './staff-access';

export type RailApiDeps = Pick<Services, 'slaClocks' | 'audit' | 'events' | 'clock' | 'ids'>;

/**
 * What the console's rail counts beside each team queue: `GET /api/queues`, every team the caller
 * sees with the cases in its queue (one COUNT of the queue index per team). The whole list in one
 * answer; folders and labels count on their own lists.
 */
export function railRoutes(deps: RailApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.get('/queues', requires(deps, 'cases:read'), takesQuery(), async (c) => {
    const teams = TeamSchema.options.filter((team) => seesTeam(c, team));
    const queues = await Promise.all(
      teams.map(async (team) => ({ team, total: await deps.slaClocks.countQueue(team) }))
    );
    return c.json({ queues, cursor: null, total: queues.length });
  });
  return app;
}

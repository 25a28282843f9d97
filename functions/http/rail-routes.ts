import { Hono } from 'hono';
import { TeamSchema } from '../domain/team';
import type { Services } from '../use-cases/deps';
import { QUEUE_TOTAL_COUNTED } from './case-routes';
import { takesQuery } from './request';
import { requires, type StaffEnv, seesTeam } from './staff-access';

export type RailApiDeps = Pick<Services, 'slaClocks' | 'audit' | 'events' | 'clock' | 'ids'>;

/**
 * What the console's rail counts beside each team queue: `GET /api/queues`, every team the caller
 * sees with the cases in its queue (COUNT of the queue index per team, up to the queue page's bound). The whole list in one
 * answer; folders and labels count on their own lists.
 */
export function railRoutes(deps: RailApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.get('/queues', requires(deps, 'cases:read'), takesQuery(), async (c) => {
    const teams = TeamSchema.options.filter((team) => seesTeam(c, team));
    const queues = await Promise.all(
      teams.map(async (team) => {
        // Counted as the queue's own page counts it: past the bound, a lower bound said so.
        const { count, exact } = await deps.slaClocks.countQueue(team, QUEUE_TOTAL_COUNTED);
        return { team, total: count, totalExact: exact };
      })
    );
    return c.json({ queues, cursor: null, total: queues.length });
  });
  return app;
}

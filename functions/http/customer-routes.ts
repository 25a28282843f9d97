import { Hono } from 'hono';
import * as z from 'zod';
import { TeamSchema } from '../domain/team';
import { customerSummary } from '../use-cases/customer-summary';
import type { Services } from '../use-cases/deps';
import { caseIdOf, personOf } from './case-access';
import { summary } from './case-routes';
import { takesQuery } from './request';
import { requires, type StaffEnv, seesTeam } from './staff-access';

export type CustomerApiDeps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'search' | 'slaClocks' | 'workLog' | 'audit' | 'events' | 'ids'
>;

/** How many open and how many recent cases the summary lists: a sidebar's worth; search pages the rest. */
export const SUMMARY_CASES = { default: 10, max: 50 } as const;
const SummaryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(SUMMARY_CASES.max).default(SUMMARY_CASES.default),
  except: z.string().min(1).max(100).optional(),
});

/**
 * Customers under /api: the summary the case view shows beside a case — account, plan terms,
 * contacts, TAM, this month's guaranteed time and package, and the customer's other open and
 * recent cases among those the reader's teams may see.
 */
export function customerRoutes(deps: CustomerApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('/customers/*', requires(deps, 'cases:read'));

  app.get('/customers/:id/summary', takesQuery('limit', 'except'), async (c) => {
    const query = SummaryQuerySchema.safeParse({
      limit: c.req.query('limit'),
      except: c.req.query('except'),
    });
    if (!query.success)
      return c.json(
        { error: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400
      );
    const searcher = {
      sees: (team: z.infer<typeof TeamSchema>) => seesTeam(c, team),
      seesEveryTeam: TeamSchema.options.every((team) => seesTeam(c, team)),
      userId: personOf(c)?.id ?? null,
    };
    // The case beside the summary, left out of its lists (one the reader may not see changes nothing).
    const exceptId = query.data.except ? await caseIdOf(deps, query.data.except) : undefined;
    const except = exceptId ? await deps.cases.getCase(exceptId) : undefined;
    const found = await customerSummary(deps, c.req.param('id'), searcher, {
      limit: query.data.limit,
      except: except && searcher.sees(except.team) ? except : undefined,
    });
    if (!found) return c.json({ error: `no customer ${c.req.param('id')}` }, 404);
    return c.json({
      ...found,
      openCases: { cases: found.openCases.cases.map(summary), total: found.openCases.total },
      recentCases: { cases: found.recentCases.cases.map(summary), total: found.recentCases.total },
    });
  });

  return app;
}

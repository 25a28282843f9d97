import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { agentsCsv, slaCsv } from '../domain/reports/report-csv';
import { MONTH_PATTERN } from '../domain/reports/report-day';
import { hasPermission } from '../domain/staff';
import { agentReport, type ReportReadDeps, slaReport } from '../use-cases/reports/read-reports';
import { isTamOf } from './report-time-routes';
import { takesQuery } from './request';
import { refuse, requires, type StaffEnv } from './staff-access';

export type ReportApiDeps = ReportReadDeps & Parameters<typeof requires>[0];

/** `?format=csv` or `Accept: text/csv` asks for CSV; JSON otherwise. */
function wantsCsv(c: Context<StaffEnv>): boolean | null {
  const format = c.req.query('format');
  if (format !== undefined && format !== 'csv' && format !== 'json') return null;
  if (format) return format === 'csv';
  return /\btext\/csv\b/.test(c.req.header('accept') ?? '');
}

/**
 * Reports under /api/reports (docs/reports.md), for supervisors and admins: SLA compliance per
 * customer and plan, agent and team statistics. Each reads a month's day aggregates.
 */
export function reportRoutes(deps: ReportApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  // Per route: /api/reports/availability and /billing (report-time-routes) also serve a customer's TAM.
  const readers = requires(deps, 'reports:read');
  // A customer's TAM (R-DLV-1) reads that customer's SLA figures, as availability and billing.
  const slaReaders: MiddlewareHandler<StaffEnv> = async (c, next) => {
    const customer = c.req.query('customer');
    if (
      hasPermission(c.get('actor'), 'reports:read') ||
      (customer && isTamOf(deps.config, c.get('actor'), customer))
    )
      return next();
    return refuse(deps, c, `${c.req.method} ${c.req.path}`, 'reports:read (or being the customer’s TAM)');
  };

  const serve =
    <T>(read: (month: string) => Promise<T>, csv: (report: T) => string, name: string) =>
    async (c: Context<StaffEnv>) => {
      const month = c.req.query('month') ?? '';
      if (!MONTH_PATTERN.test(month)) return c.json({ error: 'month must be yyyy-mm, e.g. 2026-11' }, 400);
      const asCsv = wantsCsv(c);
      if (asCsv === null) return c.json({ error: 'format must be csv or json' }, 400);
      const report = await read(month);
      if (!asCsv) return c.json(report);
      return c.body(csv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="caseflow-${name}-${month}.csv"`,
      });
    };

  app.get('/sla', slaReaders, takesQuery('month', 'format', 'customer'), async (c) => {
    const customer = c.req.query('customer');
    if (customer !== undefined && !deps.config.customers.some((x) => x.id === customer))
      return c.json({ error: `no customer ${customer}` }, 404);
    return serve((m) => slaReport(deps, m, customer), slaCsv, customer ? `sla-${customer}` : 'sla')(c);
  });
  app.get(
    '/agents',
    readers,
    takesQuery('month', 'format'),
    serve((m) => agentReport(deps, m), agentsCsv, 'agents')
  );
  return app;
}

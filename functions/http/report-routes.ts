import { type Context, Hono } from 'hono';
import { agentsCsv, slaCsv } from '../domain/reports/report-csv';
import { MONTH_PATTERN } from '../domain/reports/report-day';
import { agentReport, type ReportReadDeps, slaReport } from '../use-cases/reports/read-reports';
import { takesQuery } from './request';
import { requires, type StaffEnv } from './staff-access';

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

  app.get(
    '/sla',
    readers,
    takesQuery('month', 'format'),
    serve((m) => slaReport(deps, m), slaCsv, 'sla')
  );
  app.get(
    '/agents',
    readers,
    takesQuery('month', 'format'),
    serve((m) => agentReport(deps, m), agentsCsv, 'agents')
  );
  return app;
}

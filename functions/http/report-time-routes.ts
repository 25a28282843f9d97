import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as z from 'zod';
import type { IngestOutcome } from '../data/outages/outage-store';
import {
  availabilityCsv,
  availabilityRow,
  ConfirmedIntervalSchema,
  intervalChecks,
  intervalLength,
  MonthSchema,
  OutageServiceSchema,
} from '../domain/availability';
import { statementCsv, WorkInputSchema } from '../domain/billing';
import { type Actor, actorName, hasPermission } from '../domain/staff';
import type { Services } from '../use-cases/deps';
import {
  confirmCaseOutages,
  MAX_CASE_INTERVALS,
  outagesRefusal,
} from '../use-cases/reports-time/case-outages';
import { logWork } from '../use-cases/reports-time/log-work';
import { availabilityReport, billingReport } from '../use-cases/reports-time/reports';
import { visibleCase } from './case-access';
import { BAD_CURSOR, jsonBody, limitOf, pageOfAll, takesQuery } from './request';
import { audit, refuse, requires, requiresToChange, type StaffEnv } from './staff-access';

export type ReportTimeApiDeps = Pick<
  Services,
  'config' | 'outages' | 'workLog' | 'cases' | 'clock' | 'ids' | 'audit' | 'events' | 'log'
>;

export const CaseOutagesBodySchema = z.strictObject({
  intervals: z.array(ConfirmedIntervalSchema).max(MAX_CASE_INTERVALS),
});

const MonitoringIntervalSchema = z
  .strictObject({
    /** The monitoring system's id for the interval: the same id again changes nothing. */
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'id: letters, digits, . _ : - (at most 200)'),
    service: OutageServiceSchema,
    /** Absent: the service was unavailable to every customer. */
    customerId: z.string().min(1).optional(),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
  })
  .refine(...intervalChecks)
  .refine(...intervalLength);
const IngestBodySchema = z.strictObject({ intervals: z.array(MonitoringIntervalSchema).min(1).max(100) });

/** Whether the actor is the TAM of an account of the customer (config `accounts[].tam`). */
export function isTamOf(config: Services['config'], actor: Actor, customerId: string): boolean {
  return (
    actor.kind === 'staff' &&
    config.accounts.some((a) => a.customerId === customerId && a.tam.email === actor.user.email)
  );
}

/** The month a report is for: `month=yyyy-mm`, required. */
function monthOf(c: Context<StaffEnv>): string | Response {
  const month = MonthSchema.safeParse(c.req.query('month'));
  return month.success ? month.data : c.json({ error: 'month is required as yyyy-mm, e.g. 2026-11' }, 400);
}

/** `format=csv` or `json` (the default). */
function formatOf(c: Context<StaffEnv>): 'csv' | 'json' | Response {
  const format = c.req.query('format') ?? 'json';
  return format === 'csv' || format === 'json' ? format : c.json({ error: 'format is json or csv' }, 400);
}

const csv = (c: Context<StaffEnv>, text: string, name: string) =>
  c.body(text, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}.csv"`,
  });

/**
 * Availability and billable time under /api (docs/reports.md): the monthly reports for
 * supervisors and admins, the work logged on a case, a Sev-1 case's confirmed unavailable
 * intervals (editable, every version kept and audited), and monitoring's intervals.
 */
export function reportTimeRoutes(deps: ReportTimeApiDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  // Supervisors and admins read every customer's reports; a TAM (R-DLV-1) their own customers'.
  const readsReports: MiddlewareHandler<StaffEnv> = async (c, next) => {
    const actor = c.get('actor');
    const customer = c.req.query('customer');
    if (hasPermission(actor, 'reports:read') || (customer && isTamOf(deps.config, actor, customer)))
      return next();
    return refuse(deps, c, `${c.req.method} ${c.req.path}`, 'reports:read (or being the customer’s TAM)');
  };
  app.use('/reports/availability', readsReports);
  app.use('/reports/billing', readsReports);
  const readOutages = requires(deps, 'reports:read');
  const reportOutages = requires(deps, 'outages:report');
  app.use('/outages', (c, next) => (c.req.method === 'GET' ? readOutages(c, next) : reportOutages(c, next)));
  app.use('/cases/:id/work', requires(deps, 'cases:read'));
  app.use('/cases/:id/work', requiresToChange(deps, 'cases:act'));
  app.use('/cases/:id/outages', requires(deps, 'cases:read'));
  app.use('/cases/:id/outages', requiresToChange(deps, 'cases:act'));

  const knownCustomer = (c: Context<StaffEnv>) => {
    const id = c.req.query('customer');
    if (id && !deps.config.customers.some((x) => x.id === id))
      return c.json({ error: `no customer ${id}` }, 404);
    return id;
  };

  /** A report's query: the month, the format and the customer (if one), or the answer refusing it. */
  const reportQuery = (c: Context<StaffEnv>) => {
    const month = monthOf(c);
    if (month instanceof Response) return month;
    const format = formatOf(c);
    if (format instanceof Response) return format;
    const customer = knownCustomer(c);
    if (customer instanceof Response) return customer;
    return { month, format, customer };
  };
  const reportQueryParams = takesQuery('month', 'customer', 'format', 'limit', 'cursor');

  app.get('/reports/availability', reportQueryParams, async (c) => {
    const q = reportQuery(c);
    if (q instanceof Response) return q;
    const rows = await availabilityReport(deps, q.month, q.customer);
    if (q.format === 'csv') return csv(c, availabilityCsv(q.month, rows), `availability-${q.month}`);
    const page = pageOfAll(rows, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({
      month: q.month,
      monthBoundaries: 'UTC',
      customers: page.items.map(availabilityRow),
      cursor: page.cursor,
      total: page.total,
    });
  });

  app.get('/reports/billing', reportQueryParams, async (c) => {
    const q = reportQuery(c);
    if (q instanceof Response) return q;
    const statements = await billingReport(deps, q.month, q.customer);
    if (q.format === 'csv') return csv(c, statementCsv(statements), `billing-${q.month}`);
    const page = pageOfAll(statements, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ month: q.month, statements: page.items, cursor: page.cursor, total: page.total });
  });

  app.get('/outages', takesQuery('month', 'limit', 'cursor'), async (c) => {
    const month = monthOf(c);
    if (month instanceof Response) return month;
    const all = await deps.outages.listMonth(month);
    all.sort((a, b) => a.start.localeCompare(b.start) || a.service.localeCompare(b.service));
    const page = pageOfAll(all, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ month, intervals: page.items, cursor: page.cursor, total: page.total });
  });

  // Monitoring reports unavailable intervals; the same id twice is recorded once (R-SLA-7).
  app.post('/outages', async (c) => {
    const input = await jsonBody(c.req, IngestBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const unknown = input.data.intervals.find(
      (i) => i.customerId && !deps.config.customers.some((x) => x.id === i.customerId)
    );
    if (unknown) return c.json({ error: `no customer ${unknown.customerId}` }, 400);
    const receivedAt = deps.clock.now().toISOString();
    const results: { id: string; outcome: IngestOutcome }[] = [];
    for (const i of input.data.intervals) {
      const outcome = await deps.outages.recordMonitoring({
        id: i.id,
        service: i.service,
        customerId: i.customerId ?? null,
        start: new Date(i.start).toISOString(),
        end: new Date(i.end).toISOString(),
        receivedAt,
      });
      results.push({ id: i.id, outcome });
    }
    const recorded = results.filter((r) => r.outcome === 'recorded').length;
    await audit(deps, c, 'outages.report', { detail: `${recorded} of ${results.length} recorded` });
    const conflict = results.some((r) => r.outcome === 'conflict');
    return c.json({ results }, conflict ? 409 : recorded ? 201 : 200);
  });

  app.get('/cases/:id/work', takesQuery('limit', 'cursor'), async (c) => {
    const found = await visibleCase(deps, c, 'case.work.read');
    if ('response' in found) return found.response;
    const entries = await deps.workLog.listCase(found.case.id);
    const page = pageOfAll(entries, limitOf(c.req.query('limit')), c.req.query('cursor'));
    if (!page) return c.json(BAD_CURSOR, 400);
    return c.json({ entries: page.items, cursor: page.cursor, total: page.total });
  });

  app.post('/cases/:id/work', async (c) => {
    const input = await jsonBody(c.req, WorkInputSchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.work');
    if ('response' in found) return found.response;
    const customerId = found.case.customerId;
    if (!customerId) return c.json({ error: `case ${found.case.reference} has no customer to bill` }, 400);
    const entry = await logWork(deps, { ...found.case, customerId }, input.data, actorName(c.get('actor')));
    await audit(deps, c, 'case.work', {
      target: entry.id,
      caseId: found.case.id,
      detail: `${entry.minutes} min ${entry.kind}`,
    });
    return c.json(entry, 201);
  });

  app.get('/cases/:id/outages', takesQuery(), async (c) => {
    const found = await visibleCase(deps, c, 'case.outages.read');
    if ('response' in found) return found.response;
    const [current, history] = await Promise.all([
      deps.outages.getCaseOutages(found.case.id),
      deps.outages.listCaseOutageHistory(found.case.id),
    ]);
    return c.json({ current: current ?? null, history, total: history.length });
  });

  // Correcting the intervals later: a new version; the earlier ones stay in the history.
  app.post('/cases/:id/outages', async (c) => {
    const input = await jsonBody(c.req, CaseOutagesBodySchema);
    if (!input.ok) return c.json({ error: input.error }, 400);
    const found = await visibleCase(deps, c, 'case.outages');
    if ('response' in found) return found.response;
    const refusal = outagesRefusal(found.case);
    if (refusal) return c.json({ error: refusal }, 400);
    const outcome = await confirmCaseOutages(
      deps,
      found.case,
      input.data.intervals,
      actorName(c.get('actor'))
    );
    if ('conflict' in outcome)
      return c.json({ error: 'the intervals changed meanwhile: read them again and retry' }, 409);
    await audit(deps, c, 'case.outages', {
      target: found.case.id,
      caseId: found.case.id,
      detail: `revision ${outcome.saved.revision}: ${outcome.saved.intervals.length} interval(s)`,
    });
    return c.json(outcome.saved);
  });

  return app;
}

import type { AgentReport } from './agent-report';
import type { SlaReport } from './sla-report';

/** RFC 4180 fields: quoted when they hold a comma, quote or line break; a formula lead is defused. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // A spreadsheet would run "=…"; a leading quote keeps it text.
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const lines = (rows: (string | number | null | undefined)[][]) =>
  `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;

/** One line per customer or plan and target kind; guaranteed time on the customer's lines. */
export function slaCsv(report: SlaReport): string {
  const rows: (string | number | null)[][] = [
    [
      'month',
      'kind',
      'id',
      'name',
      'plan',
      'target',
      'count',
      'met',
      'missed',
      'percent_met',
      'median_minutes',
      'p90_minutes',
      'guaranteed_used_minutes',
      'guaranteed_limit_minutes',
      'limit_reached_on',
    ],
  ];
  for (const row of [...report.customers, ...report.plans])
    for (const t of row.targets)
      rows.push([
        report.month,
        row.kind,
        row.id,
        row.name,
        row.plan,
        t.target,
        t.count,
        t.met,
        t.missed,
        t.percentMet,
        t.medianMinutes,
        t.p90Minutes,
        row.guaranteed?.usedMinutes ?? null,
        row.guaranteed?.limitMinutes ?? null,
        row.guaranteed?.limitReachedOn ?? null,
      ]);
  return lines(rows);
}

/** The agents' lines, then one line per day of each series. */
export function agentsCsv(report: AgentReport): string {
  const rows: (string | number | null)[][] = [
    [
      'month',
      'agent',
      'messages_read',
      'replies_sent',
      'first_responses',
      'median_first_response_minutes',
      'cases_resolved',
    ],
    ...report.agents.map((a) => [
      report.month,
      a.agent,
      a.messagesRead,
      a.repliesSent,
      a.firstResponses,
      a.medianFirstResponseMinutes,
      a.casesResolved,
    ]),
    [],
    ['day', 'dimension', 'value', 'opened', 'resolved', 'open'],
    ...report.series.flatMap((s) => s.days.map((d) => [d.day, s.dim, s.value, d.opened, d.resolved, d.open])),
  ];
  return lines(rows);
}

import { type AggregateItem, ALL, type Counters, sumCounters } from './aggregate';
import { daysOfMonth } from './report-day';
import { histogramOf, percentileOf } from './sla-report';

/**
 * Agent and team statistics (R-REP-1, R-REP-2, R-BOX-9) from a month's day items and the backlog's
 * month net changes.
 */
export interface AgentRow {
  agent: string;
  messagesRead: number;
  repliesSent: number;
  firstResponses: number;
  medianFirstResponseMinutes: number | null;
  casesResolved: number;
}

export interface DaySeries {
  /** "all", a team or a severity. */
  dim: 'all' | 'team' | 'severity';
  value: string;
  /** Per day of the month: cases opened, resolved, and open at the day's end (the backlog). */
  days: { day: string; opened: number; resolved: number; open: number }[];
  /** Opened in the 7 and 30 days up to the report's last day. */
  openedLast7: number;
  openedLast30: number;
}

export interface AgentReport {
  month: string;
  /** The last day counted: the month's end, or today in a running month. */
  asOf: string;
  agents: AgentRow[];
  series: DaySeries[];
}

export function agentRows(items: readonly AggregateItem[]): AgentRow[] {
  const byAgent = new Map<string, AggregateItem[]>();
  for (const i of items) if (i.dim === 'agent') byAgent.set(i.value, [...(byAgent.get(i.value) ?? []), i]);
  return [...byAgent.entries()]
    .map(([agent, days]) => {
      const c = sumCounters(days);
      const h = histogramOf(c, 'firstResponse');
      return {
        agent,
        messagesRead: c.read ?? 0,
        repliesSent: c.replies ?? 0,
        firstResponses: (c.t_firstResponse_met ?? 0) + (c.t_firstResponse_missed ?? 0),
        medianFirstResponseMinutes: percentileOf(h, 0.5),
        casesResolved: c.resolved ?? 0,
      };
    })
    .sort(
      (a, b) =>
        b.repliesSent - a.repliesSent || b.messagesRead - a.messagesRead || a.agent.localeCompare(b.agent)
    );
}

/**
 * Opened / resolved / open per day for one series. `before` is the net change of the backlog over
 * every earlier month (opened + reopened − resolved), so the first day starts from the cases
 * still open at the month's start.
 */
export function daySeries(
  dim: DaySeries['dim'],
  value: string,
  days: readonly AggregateItem[],
  before: number,
  month: string,
  asOf: string
): DaySeries {
  const byDay = new Map<string, Counters>(days.map((d) => [d.period, d.counters]));
  let open = before;
  const out: DaySeries['days'] = [];
  for (const day of daysOfMonth(month)) {
    if (day > asOf) break;
    const c = byDay.get(day) ?? {};
    const opened = c.opened ?? 0;
    const resolved = c.resolved ?? 0;
    open += opened + (c.reopened ?? 0) - resolved;
    out.push({ day, opened, resolved, open });
  }
  const sumLast = (n: number) => out.slice(-n).reduce((s, d) => s + d.opened, 0);
  return { dim, value, days: out, openedLast7: sumLast(7), openedLast30: sumLast(30) };
}

export { ALL };

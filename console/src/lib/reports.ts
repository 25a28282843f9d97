/**
 * The figures of GET /api/reports/sla and /agents the console shows (docs/reports.md), and what the
 * pages derive from them; no I/O here (report-api.ts reads them). Only the fields read here are
 * typed: the API may add more, and they are left alone.
 */
export type TargetKind = 'acknowledgement' | 'firstResponse' | 'update' | 'resolution' | 'sev1Callback';
export const TARGET_KINDS: readonly TargetKind[] = [
  'acknowledgement',
  'firstResponse',
  'update',
  'resolution',
  'sev1Callback',
];

export interface TargetFigures {
  /** One of TARGET_KINDS; a kind the API adds later is shown under its own name. */
  target: TargetKind | (string & {});
  count: number;
  met: number;
  missed: number;
  percentMet: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SlaRow {
  kind: 'customer' | 'plan';
  id: string;
  name: string;
  plan: string | null;
  targets: TargetFigures[];
  guaranteed?: { usedMinutes: number; limitMinutes: number | null; limitReachedOn: string | null };
}

export interface SlaReport {
  month: string;
  customers: SlaRow[];
  plans: SlaRow[];
}

export interface AgentRow {
  agent: string;
  messagesRead: number;
  repliesSent: number;
  firstResponses: number;
  medianFirstResponseMinutes: number | null;
  casesResolved: number;
}

export interface DayFigures {
  day: string;
  opened: number;
  resolved: number;
  open: number;
}

export interface DaySeries {
  dim: 'all' | 'team' | 'severity';
  value: string;
  days: DayFigures[];
  openedLast7: number;
  openedLast30: number;
}

export interface AgentReport {
  month: string;
  asOf: string;
  agents: AgentRow[];
  series: DaySeries[];
}

/** A target kind's figures in a row, or none when nothing of that kind stopped in the month. */
export const counted = (row: SlaRow): TargetFigures[] => row.targets.filter((t) => t.count > 0);

/** % met per target kind over every plan (each case counts under exactly one plan). */
export function percentMetByKind(
  report: SlaReport
): { target: TargetFigures['target']; met: number; count: number; percent: number }[] {
  const kinds = new Set<string>([...TARGET_KINDS, ...report.plans.flatMap((p) => p.targets.map((t) => t.target))]);
  return [...kinds].flatMap((target) => {
    const figures = report.plans.flatMap((p) => p.targets.filter((t) => t.target === target));
    const met = figures.reduce((s, t) => s + t.met, 0);
    const count = figures.reduce((s, t) => s + t.count, 0);
    return count ? [{ target, met, count, percent: Math.round((met / count) * 10_000) / 100 }] : [];
  });
}

/** The month before `yyyy-mm`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/**
 * The last `days` days up to the report's last day, per series, the previous month's days first
 * when the window reaches back into it (its backlog ends where this month's starts). A series
 * missing from a month had nothing then: nothing opened and nothing open.
 */
export function lastDays(
  report: AgentReport,
  before: AgentReport | undefined,
  days: number
): { axis: string[]; series: { dim: DaySeries['dim']; value: string; days: DayFigures[] }[] } {
  const daysOf = (r: AgentReport | undefined) => r?.series.find((s) => s.dim === 'all')?.days.map((d) => d.day) ?? [];
  const axis = [...daysOf(before), ...daysOf(report)].slice(-days);
  return {
    axis,
    series: report.series.map((s) => {
      const earlier = before?.series.find((b) => b.dim === s.dim && b.value === s.value)?.days ?? [];
      const byDay = new Map([...earlier, ...s.days].map((d) => [d.day, d]));
      return {
        dim: s.dim,
        value: s.value,
        days: axis.map((day) => byDay.get(day) ?? { day, opened: 0, resolved: 0, open: 0 }),
      };
    }),
  };
}

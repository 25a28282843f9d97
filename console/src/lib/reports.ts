/**
 * The figures of GET /api/reports/sla and /agents the console shows (docs/reports.md), and what the
 * pages derive from them; no I/O here (report-api.ts reads them). The shapes are the domain's
 * (functions/domain/reports); fields the API adds later are left alone.
 */
import type { ReportTargetKind } from '../../../functions/domain/reports/facts';
import type { AgentReport, DaySeries } from '../../../functions/domain/reports/agent-report';
import type { SlaReport, SlaRow, TargetFigures } from '../../../functions/domain/reports/sla-report';

export type { AgentReport, AgentRow, DaySeries } from '../../../functions/domain/reports/agent-report';
export type { SlaReport, SlaRow, TargetFigures } from '../../../functions/domain/reports/sla-report';
export type TargetKind = ReportTargetKind;
export type DayFigures = DaySeries['days'][number];
/** The kinds in the order the pages show them; a kind the API adds later follows under its own name. */
export const TARGET_KINDS: readonly TargetKind[] = [
  'acknowledgement',
  'firstResponse',
  'update',
  'resolution',
  'sev1Callback',
];

/** A target kind's figures in a row, or none when nothing of that kind stopped in the month. */
export const counted = (row: SlaRow): TargetFigures[] => row.targets.filter((t) => t.count > 0);

/** % met per target kind over every plan (each case counts under exactly one plan). */
export function percentMetByKind(
  report: SlaReport
): { target: TargetFigures['target']; met: number; count: number; percent: number }[] {
  const kinds = new Set<TargetKind>([...TARGET_KINDS, ...report.plans.flatMap((p) => p.targets.map((t) => t.target))]);
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

import type { Counters } from './aggregate';
import { REPORT_TARGET_KINDS, type ReportTargetKind } from './facts';
import { daysOfMonth } from './report-day';

/**
 * SLA compliance (R-REP-3, R-SLA-4) from a month's day items: per customer and per plan, per
 * target kind, how many targets stopped in the month, how many were met, and the median and p90
 * of the whole minutes they took, exact from the minutes histogram.
 */
export interface TargetFigures {
  target: ReportTargetKind;
  count: number;
  met: number;
  missed: number;
  /** Met / count × 100, two decimals; null when nothing was counted. */
  percentMet: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface GuaranteedTime {
  usedMinutes: number;
  /** The plan's monthly limit; null: the plan has none. */
  limitMinutes: number | null;
  /** The first day the month's running total reached the limit; null: it was not reached. */
  limitReachedOn: string | null;
}

export interface SlaRow {
  kind: 'customer' | 'plan';
  id: string;
  name: string;
  plan: string | null;
  targets: TargetFigures[];
  /** Customer rows only. */
  guaranteed?: GuaranteedTime;
}

export interface SlaReport {
  month: string;
  customers: SlaRow[];
  plans: SlaRow[];
}

/** The value at rank ⌈p·n⌉ of the sorted minutes (nearest rank): always a minute that occurred. */
export function percentileOf(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const entries = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [minutes, n] of entries) {
    seen += n;
    if (seen >= rank) return minutes;
  }
  return null;
}

/** The minutes histogram of one target kind in summed counters. */
export function histogramOf(counters: Counters, target: string): Map<number, number> {
  const prefix = `h_${target}_`;
  const h = new Map<number, number>();
  for (const [name, n] of Object.entries(counters))
    if (name.startsWith(prefix)) h.set(Number(name.slice(prefix.length)), n);
  return h;
}

export function targetFigures(counters: Counters): TargetFigures[] {
  return REPORT_TARGET_KINDS.map((target) => {
    const met = counters[`t_${target}_met`] ?? 0;
    const missed = counters[`t_${target}_missed`] ?? 0;
    const count = met + missed;
    const h = histogramOf(counters, target);
    return {
      target,
      count,
      met,
      missed,
      percentMet: count ? Math.round((met / count) * 10_000) / 100 : null,
      medianMinutes: percentileOf(h, 0.5),
      p90Minutes: percentileOf(h, 0.9),
    };
  });
}

/**
 * The running total of guaranteed minutes over the month's days (the month sum's `g_<dd>`
 * counters), and the first day it reached the limit.
 */
export function guaranteedTime(
  month: Counters,
  limitMinutes: number | null,
  monthId: string
): GuaranteedTime {
  let used = 0;
  let reached: string | null = null;
  for (const day of daysOfMonth(monthId)) {
    used += month[`g_${day.slice(8)}`] ?? 0;
    if (reached === null && limitMinutes !== null && used >= limitMinutes) reached = day;
  }
  return { usedMinutes: used, limitMinutes, limitReachedOn: reached };
}

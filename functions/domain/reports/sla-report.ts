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
  return percentilesOf(histogram, [p])[0] ?? null;
}

/** Several nearest-rank percentiles (ascending `ps`) of one histogram, sorted once. */
function percentilesOf(histogram: ReadonlyMap<number, number>, ps: readonly number[]): (number | null)[] {
  const entries = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (!total) return ps.map(() => null);
  const out: (number | null)[] = [];
  let seen = 0;
  let at = 0;
  for (const p of ps) {
    const rank = Math.max(1, Math.ceil(p * total));
    while (at < entries.length && seen + (entries[at] as [number, number])[1] < rank)
      seen += (entries[at++] as [number, number])[1];
    out.push(at < entries.length ? (entries[at] as [number, number])[0] : null);
  }
  return out;
}

/** The minutes histogram of one target kind in summed counters. */
export function histogramOf(counters: Counters, target: string): Map<number, number> {
  return histogramsOf(counters).get(target) ?? new Map();
}

/**
 * Every target kind's minutes histogram (`h_<kind>_<minutes>` counters) in one pass over the
 * counters: a month's sums of a hundred customers hold tens of thousands of them.
 */
function histogramsOf(counters: Counters): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const name in counters) {
    if (!name.startsWith('h_')) continue;
    const cut = name.lastIndexOf('_');
    const target = name.slice(2, cut);
    let h = out.get(target);
    if (!h) {
      h = new Map();
      out.set(target, h);
    }
    h.set(Number(name.slice(cut + 1)), counters[name] as number);
  }
  return out;
}

export function targetFigures(counters: Counters): TargetFigures[] {
  const histograms = histogramsOf(counters);
  return REPORT_TARGET_KINDS.map((target) => {
    const met = counters[`t_${target}_met`] ?? 0;
    const missed = counters[`t_${target}_missed`] ?? 0;
    const count = met + missed;
    const [median, p90] = percentilesOf(histograms.get(target) ?? new Map(), [0.5, 0.9]);
    return {
      target,
      count,
      met,
      missed,
      percentMet: count ? Math.round((met / count) * 10_000) / 100 : null,
      medianMinutes: median ?? null,
      p90Minutes: p90 ?? null,
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

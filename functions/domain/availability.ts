import * as z from 'zod';

/**
 * Monthly availability per customer and service (R-SLA-7, R-REP-4). A second is unavailable when
 * all of the customer's API calls, or all of its SMTP injections, fail server-side (R-TRI-1); the
 * inputs are intervals of such seconds, confirmed by staff on a critical case or reported by
 * monitoring. They overlap (two reports of one outage): every second counts once, whoever reported
 * it. Months are calendar months in UTC (docs/reports.md says why); an interval crossing a month's
 * edge counts in each month for its part there.
 */
export const OutageServiceSchema = z.enum(['api', 'smtp']);
export type OutageService = z.infer<typeof OutageServiceSchema>;
export const OUTAGE_SERVICES = OutageServiceSchema.options;

/** The provider's promise when a plan names none: 99.98 % in every calendar month (R-SLA-7). */
export const DEFAULT_AVAILABILITY_PERCENT = 99.98;

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is yyyy-mm');

const instant = z.iso.datetime({ offset: true });

/**
 * The longest interval one report may name: 31 days, so it touches at most two months and a case's
 * intervals with their month items fit one DynamoDB transaction. A longer outage is reported as
 * several intervals.
 */
export const MAX_INTERVAL_MS = 31 * 86_400_000;

/** end after start, and at most MAX_INTERVAL_MS later. */
export const intervalChecks = [
  (i: { start: string; end: string }) => Date.parse(i.end) > Date.parse(i.start),
  { message: 'end must be after start' },
] as const;
export const intervalLength = [
  (i: { start: string; end: string }) => Date.parse(i.end) - Date.parse(i.start) <= MAX_INTERVAL_MS,
  { message: 'an interval is at most 31 days: report a longer one as several' },
] as const;

/** An interval as staff confirm it on a case: start, end and the services that were down. */
export const ConfirmedIntervalSchema = z
  .strictObject({
    start: instant,
    end: instant,
    services: z.array(OutageServiceSchema).min(1),
  })
  .refine(...intervalChecks)
  .refine(...intervalLength);
export type ConfirmedInterval = z.infer<typeof ConfirmedIntervalSchema>;

/** Where an interval came from: a case it was confirmed on, or a monitoring report. */
export type IntervalSource =
  | { kind: 'case'; caseId: string; reference: string }
  | { kind: 'monitoring'; id: string };

/** One service's unavailable interval, as stored: customer null when monitoring saw it for everyone. */
export interface OutageInterval {
  service: OutageService;
  customerId: string | null;
  start: string;
  end: string;
  source: IntervalSource;
}

/** The first instant of a month and of the next (UTC). */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
}

/** The months (yyyy-mm, UTC) an interval [start, end) touches. */
export function monthsTouched(start: string, end: string): string[] {
  const months: string[] = [];
  const last = new Date(Date.parse(end) - 1);
  let at = new Date(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1));
  while (at <= last) {
    months.push(at.toISOString().slice(0, 7));
    at = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  }
  return months;
}

export const monthSeconds = (month: string) => {
  const { start, end } = monthBounds(month);
  return (end.getTime() - start.getTime()) / 1000;
};

/**
 * Seconds a month may be unavailable at a target: its seconds × (100 % − target). Counted in
 * millionths so 99.98 % is exact: a 31-day month allows 2,678,400 × 0.0002 = 535.68 s (8.928 min).
 */
export function allowedDowntimeSeconds(month: string, targetPercent: number): number {
  const unavailableMillionths = 1_000_000 - Math.round(targetPercent * 10_000);
  return (monthSeconds(month) * unavailableMillionths) / 1_000_000;
}

/** Whole seconds: a second in which any part was unavailable counts (start down, end up). */
const secondsOf = (start: string, end: string) => ({
  from: Math.floor(Date.parse(start) / 1000),
  to: Math.ceil(Date.parse(end) / 1000),
});

/** Merges intervals (epoch seconds, [from, to)) into disjoint ones, sorted. */
export function mergeIntervals(intervals: { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: { from: number; to: number }[] = [];
  for (const i of sorted) {
    const last = merged.at(-1);
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else merged.push({ ...i });
  }
  return merged;
}

export interface ServiceAvailability {
  service: OutageService;
  targetPercent: number;
  monthSeconds: number;
  allowedSeconds: number;
  /** Seconds unavailable: the union of every interval in the month, each second once. */
  usedSeconds: number;
  /** allowed − used; negative when the promise was broken. */
  remainingSeconds: number;
  availabilityPercent: number;
  held: boolean;
  /** The union, as periods (ISO), what `usedSeconds` adds up. */
  periods: { start: string; end: string; seconds: number }[];
  /** Each reported interval, cut to the month, with where it came from. */
  intervals: (OutageInterval & { seconds: number })[];
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * One customer's availability of one service in a month, from the intervals that apply to it (its
 * own and those monitoring reported for every customer).
 */
export function serviceAvailability(
  month: string,
  service: OutageService,
  targetPercent: number,
  intervals: OutageInterval[]
): ServiceAvailability {
  const bounds = monthBounds(month);
  const lo = bounds.start.getTime() / 1000;
  const hi = bounds.end.getTime() / 1000;
  const clipped = intervals
    .filter((i) => i.service === service)
    .map((i) => {
      const s = secondsOf(i.start, i.end);
      return { interval: i, from: Math.max(lo, s.from), to: Math.min(hi, s.to) };
    })
    .filter((x) => x.to > x.from)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const periods = mergeIntervals(clipped);
  const used = periods.reduce((sum, p) => sum + (p.to - p.from), 0);
  const total = monthSeconds(month);
  const allowed = allowedDowntimeSeconds(month, targetPercent);
  return {
    service,
    targetPercent,
    monthSeconds: total,
    allowedSeconds: allowed,
    usedSeconds: used,
    remainingSeconds: Math.round((allowed - used) * 1000) / 1000,
    availabilityPercent: Math.round((1 - used / total) * 100 * 1_000_000) / 1_000_000,
    held: used <= allowed,
    periods: periods.map((p) => ({ start: iso(p.from), end: iso(p.to), seconds: p.to - p.from })),
    intervals: clipped.map((x) => ({
      ...x.interval,
      start: iso(x.from),
      end: iso(x.to),
      seconds: x.to - x.from,
    })),
  };
}

/** Minutes for people, to three decimals (8.928). */
export const minutesOf = (seconds: number) => Math.round((seconds / 60) * 1000) / 1000;

/** Rows of the availability report as CSV: one per customer and service, the same figures as the JSON. */
export function availabilityCsv(
  month: string,
  rows: { customerId: string; plan: string; services: ServiceAvailability[] }[]
): string {
  const lines = [
    'customer,month,plan,service,target_percent,allowed_minutes,used_minutes,remaining_minutes,availability_percent,held,intervals',
  ];
  for (const r of rows)
    for (const s of r.services)
      lines.push(
        [
          r.customerId,
          month,
          r.plan,
          s.service,
          s.targetPercent,
          minutesOf(s.allowedSeconds),
          minutesOf(s.usedSeconds),
          minutesOf(s.remainingSeconds),
          s.availabilityPercent,
          s.held ? 'yes' : 'no',
          s.intervals.length,
        ].join(',')
      );
  return `${lines.join('\n')}\n`;
}

/** One customer's availability of each service in a month. */
export interface CustomerAvailability {
  customerId: string;
  customerName: string;
  plan: string;
  services: ServiceAvailability[];
}
/** A service's availability as the API sends it: the seconds, and the minutes people read. */
export type ServiceAvailabilityRow = ServiceAvailability & {
  allowedMinutes: number;
  usedMinutes: number;
  remainingMinutes: number;
};
/** One customer's row of GET /api/reports/availability, as the CLI and the console read it. */
export type CustomerAvailabilityRow = Omit<CustomerAvailability, 'services'> & {
  services: ServiceAvailabilityRow[];
};

export const availabilityRow = (row: CustomerAvailability): CustomerAvailabilityRow => ({
  ...row,
  services: row.services.map((s) => ({
    ...s,
    allowedMinutes: minutesOf(s.allowedSeconds),
    usedMinutes: minutesOf(s.usedSeconds),
    remainingMinutes: minutesOf(s.remainingSeconds),
  })),
});

import { utcToWall } from '../calendar/time-zone';

/**
 * Reports count in the provider's zone, as the guaranteed-time month does (sla-policy monthOf):
 * a reply at 23:30 UTC on 31 October is a 1 November fact in Warsaw.
 */
export const REPORT_TIME_ZONE = 'Europe/Warsaw';

/** "2026-11-03": the local day an instant falls on. */
export function reportDay(iso: string): string {
  return new Date(utcToWall(REPORT_TIME_ZONE, Date.parse(iso))).toISOString().slice(0, 10);
}

/** Every day of a month "2026-11", in order. */
export function daysOfMonth(month: string): string[] {
  const count = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The last day of a month "2026-11". */
export const lastDayOf = (month: string) => daysOfMonth(month).at(-1) as string;

/** Every day from `from` to `to`, both included ("yyyy-mm-dd"). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

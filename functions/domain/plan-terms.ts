import type { Plan } from '../config/plan-schema';
import { type CalendarDefinitionInput, WEEKDAYS, type Weekday } from './calendar';

/**
 * A plan's terms as staff read them beside a case (the customer sidebar): per class of case the
 * targets and the hours its clocks count in, the Sev-1 callback, the monthly guaranteed-time limit
 * (R-SLA-4) and the hour package (R-SLA-6). Pure: the config's plan in, plain facts out.
 */

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/**
 * The hours a calendar is open, as people read them: "24/7", or runs of days with the same ranges
 * ("Mon–Fri 07:00–17:00"), the zone, and whether Polish holidays close it.
 */
export function calendarHours(calendar: CalendarDefinitionInput): string {
  if (calendar.weekly === '24/7') return '24/7';
  const weekly = calendar.weekly;
  const rangesOf = (day: Weekday) => (weekly[day] ?? []).map(([from, to]) => `${from}–${to}`).join(', ');
  const runs: { from: Weekday; to: Weekday; ranges: string }[] = [];
  for (const day of WEEKDAYS) {
    const ranges = rangesOf(day);
    const last = runs.at(-1);
    if (last && last.ranges === ranges) last.to = day;
    else runs.push({ from: day, to: day, ranges });
  }
  const open = runs
    .filter((r) => r.ranges)
    .map((r) => `${DAY_NAMES[r.from]}${r.from === r.to ? '' : `–${DAY_NAMES[r.to]}`} ${r.ranges}`);
  const zone = calendar.timeZone ?? 'Europe/Warsaw';
  const holidays = (calendar.holidays ?? 'PL') === 'PL' ? ', closed on Polish public holidays' : '';
  return `${open.join('; ')} (${zone})${holidays}`;
}

/** One class of case on a plan: targets in minutes of its clock, and that clock's hours. */
export interface ClassTerms {
  /** `wall` when the calendar is 24/7 (clock minutes), else business minutes. */
  clock: 'wall' | 'business';
  hours: string;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  updateEveryMinutes: number | null;
}

export interface PlanTerms {
  name: string;
  description: string;
  serviceHours: string;
  critical: ClassTerms;
  nonCritical: ClassTerms;
  /** The 24/7 Sev-1 callback, minutes; null when the plan has none (no paging). */
  sev1CallbackMinutes: number | null;
  /** Guaranteed e-mail support a month for matters other than defects; null: no limit. */
  monthlyGuaranteedMinutes: number | null;
  /** Phone, remote and development work in the monthly package, hours; null: none. */
  packageHours: number | null;
  phoneSupport: boolean;
  developmentWork: boolean;
  technicalAccountManager: boolean;
  availabilityPercent: number | null;
}

const classTerms = (policy: Plan['critical']): ClassTerms => ({
  clock: policy.calendar.weekly === '24/7' ? 'wall' : 'business',
  hours: calendarHours(policy.calendar),
  responseMinutes: policy.response?.minutes ?? null,
  resolutionMinutes: policy.resolution?.minutes ?? null,
  updateEveryMinutes: policy.updateEvery?.minutes ?? null,
});

export function planTerms(name: string, plan: Plan): PlanTerms {
  return {
    name,
    description: plan.description,
    serviceHours: plan.serviceHours,
    critical: classTerms(plan.critical),
    nonCritical: classTerms(plan.nonCritical),
    sev1CallbackMinutes: plan.sev1Callback?.callbackMinutes ?? null,
    monthlyGuaranteedMinutes: plan.monthlyGuaranteedMinutes,
    packageHours: plan.packageHours,
    phoneSupport: plan.phoneSupport,
    developmentWork: plan.developmentWork,
    technicalAccountManager: plan.technicalAccountManager,
    availabilityPercent: plan.availabilityPercent,
  };
}

/** Guaranteed time used in a month against the plan's limit (R-SLA-4). */
export interface GuaranteedTimeUse {
  month: string;
  usedMinutes: number;
  limitMinutes: number | null;
  /** Past the limit new non-defect cases carry no guarantee (they are still answered). */
  exhausted: boolean;
}

export function guaranteedTimeUse(
  month: string,
  usedMinutes: number,
  limitMinutes: number | null
): GuaranteedTimeUse {
  return {
    month,
    usedMinutes,
    limitMinutes,
    exhausted: limitMinutes !== null && usedMinutes >= limitMinutes,
  };
}

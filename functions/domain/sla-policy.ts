import { allTheTime } from '../config/plan-presets';
import type { Config, Plan, TeamConfig } from '../config/schema';
import type { CalendarDefinition } from './calendar';
import { type BusinessCalendar, CalendarDefinitionSchema, createCalendar } from './calendar';
import type { PolicyForCase, SlaTerms } from './sla';

/** Calendars are built once per definition: building one precomputes its week. */
const calendars = new Map<string, BusinessCalendar>();

export function calendarFor(definition: CalendarDefinition): BusinessCalendar {
  const key = JSON.stringify(definition);
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createCalendar(definition);
    calendars.set(key, calendar);
  }
  return calendar;
}

/** The 24/7 calendar that clock-minute targets (acknowledgement, update cadence) count in. */
let wall: BusinessCalendar | undefined;
export const wallClock = (): BusinessCalendar =>
  (wall ??= calendarFor(CalendarDefinitionSchema.parse(allTheTime)));

/** A short, stable fingerprint of a plan: when it changes, open cases' deadlines are recomputed. */
export function planFingerprint(plan: Plan | undefined): string {
  const text = JSON.stringify(plan ?? null);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The policy a case's terms select on the current config; a case without a plan gets only the acknowledgement. */
export function policyFor(config: Config, terms: SlaTerms): PolicyForCase {
  const plan = config.plans[terms.plan];
  if (!plan) {
    const calendar = CalendarDefinitionSchema.parse(allTheTime);
    return {
      terms,
      policy: { calendar, response: null, resolution: null, updateEvery: null },
      calendar: calendarFor(calendar),
      acknowledgementMinutes: 2,
      warnAt: [],
    };
  }
  const policy = terms.class === 'critical' ? plan.critical : plan.nonCritical;
  return {
    terms,
    policy,
    calendar: calendarFor(policy.calendar),
    acknowledgementMinutes: plan.acknowledgementMinutes,
    warnAt: plan.warnAt,
  };
}

export function teamCalendar(team: TeamConfig): BusinessCalendar {
  return calendarFor(team.calendar);
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11" in the plan's zone: the month a guaranteed-time limit counts in. */
export function monthOf(at: Date, timeZone = 'Europe/Warsaw'): string {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}

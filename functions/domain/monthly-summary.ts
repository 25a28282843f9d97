import { minutesOf, type ServiceAvailability } from './availability';
import { polishHolidayMap } from './calendar/holidays';
import { wallToUtc } from './calendar/time-zone';
import type { SlaRow } from './reports/sla-report';
import { TARGET_KIND_NAMES } from './reports/target-names';

/**
 * The monthly summary mail (issue 15 part 6): on the first working day of a month, each customer's
 * TAM (or designated contacts) gets the previous month's availability, SLA compliance and cases, in the
 * customer's language. Working days are Mon–Fri without Polish statutory holidays, in
 * Europe/Warsaw, like every calendar of the plans.
 */
export const SUMMARY_TIME_ZONE = 'Europe/Warsaw';
/** Runs missed on the first working day (an outage of the scheduler) still send up to this day. */
export const SUMMARY_LAST_CATCH_UP_DAY = 7;

const pad = (n: number) => String(n).padStart(2, '0');

/** The hour (Europe/Warsaw) the summary looks whether it is due: the AWS schedule's, and the local timer's. */
export const SUMMARY_HOUR = 7;

/**
 * Whether a daily run at SUMMARY_HOUR Warsaw time falls in (from, to]: the local runtime runs the
 * summary when its clock passes that hour, as the deployed schedule does, never merely at start.
 */
export function dailyRunBetween(from: Date, to: Date): boolean {
  const day = localDate(to);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, SUMMARY_HOUR);
  for (const at of [wallToUtc(SUMMARY_TIME_ZONE, wall), wallToUtc(SUMMARY_TIME_ZONE, wall - 86_400_000)])
    if (at > from.getTime() && at <= to.getTime()) return true;
  return false;
}

/** The calendar date (yyyy-mm-dd) of an instant in Europe/Warsaw. */
export function localDate(at: Date, timeZone = SUMMARY_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The first Mon–Fri of a month (yyyy-mm) that is no Polish statutory holiday. */
export function firstWorkingDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const holidays = polishHolidayMap(y);
  for (let d = 1; ; d++) {
    const date = `${y}-${pad(m)}-${pad(d)}`;
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(date)) return date;
  }
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/**
 * The month whose summary is due at `at`: the previous one, from the first working day of this
 * month (Warsaw) to the catch-up day; else none.
 */
export function summaryMonthDue(at: Date): string | null {
  const today = localDate(at);
  const month = today.slice(0, 7);
  const first = firstWorkingDay(month);
  if (today < first || Number(today.slice(8, 10)) > SUMMARY_LAST_CATCH_UP_DAY) return null;
  return previousMonth(month);
}

export interface SummaryFacts {
  customerName: string;
  month: string;
  services: ServiceAvailability[];
  /** Cases the customer opened in the month, and how many of those are resolved or closed. */
  cases: { opened: number; resolved: number };
  /** The customer's SLA compliance for the month (the SLA report's row of the customer). */
  sla: Pick<SlaRow, 'targets' | 'guaranteed'>;
}

const MONTHS = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  pl: [
    'styczeń',
    'luty',
    'marzec',
    'kwiecień',
    'maj',
    'czerwiec',
    'lipiec',
    'sierpień',
    'wrzesień',
    'październik',
    'listopad',
    'grudzień',
  ],
} as const;

/** A target kind's figures, when at least one target of it stopped in the month. */
interface TargetLine {
  count: number;
  met: number;
  missed: number;
  percentMet: number;
  medianMinutes: number;
  p90Minutes: number;
}

const decimalComma = (n: number) => String(n).replace('.', ',');

const WORDS = {
  en: {
    subject: (month: string, name: string) => `Service report for ${month}: ${name}`,
    intro: (month: string, name: string) => `The service report of ${name} for ${month}.`,
    availability: 'Availability (R-SLA-7, months in UTC)',
    service: { api: 'API', smtp: 'SMTP injection' },
    line: (s: ServiceAvailability, svc: string) =>
      `${svc}: ${s.availabilityPercent} % (target ${s.targetPercent} %); unavailable ${minutesOf(s.usedSeconds)} min of ${minutesOf(s.allowedSeconds)} min allowed; ${s.held ? 'the promise held' : 'the promise was NOT kept'}.`,
    interval: 'unavailable',
    cases: (c: { opened: number; resolved: number }) =>
      `Cases opened in the month: ${c.opened}; of them resolved: ${c.resolved}.`,
    sla: 'SLA compliance (targets that stopped in the month; business minutes)',
    targets: TARGET_KIND_NAMES.en,
    target: (name: string, t: TargetLine) =>
      `${name}: ${t.met} of ${t.count} met (${t.percentMet} %), ${t.missed} missed; median ${t.medianMinutes} min, p90 ${t.p90Minutes} min.`,
    noTargets: 'No target stopped in the month.',
    guaranteed: (used: number, limit: number | null, reachedOn: string | null) =>
      limit === null
        ? `Guaranteed time used: ${used} min (the plan has no monthly limit).`
        : `Guaranteed time used: ${used} min of the ${limit} min monthly limit; ${reachedOn ? `the limit was reached on ${reachedOn}` : 'the limit was not reached'}.`,
    monitoring: 'monitoring',
    end: 'This mail is sent automatically once a month. Questions: reply to it.',
  },
  pl: {
    subject: (month: string, name: string) => `Raport usług za ${month}: ${name}`,
    intro: (month: string, name: string) => `Raport usług firmy ${name} za ${month}.`,
    availability: 'Dostępność (R-SLA-7, miesiące według UTC)',
    service: { api: 'API', smtp: 'wstrzykiwanie SMTP' },
    line: (s: ServiceAvailability, svc: string) =>
      `${svc}: ${String(s.availabilityPercent).replace('.', ',')} % (cel ${String(s.targetPercent).replace('.', ',')} %); niedostępność ${String(minutesOf(s.usedSeconds)).replace('.', ',')} min z dopuszczalnych ${String(minutesOf(s.allowedSeconds)).replace('.', ',')} min; ${s.held ? 'zobowiązanie dotrzymane' : 'zobowiązanie NIEDOTRZYMANE'}.`,
    interval: 'niedostępność',
    cases: (c: { opened: number; resolved: number }) =>
      `Zgłoszenia otwarte w miesiącu: ${c.opened}; w tym rozwiązane: ${c.resolved}.`,
    sla: 'Zgodność z SLA (cele zakończone w miesiącu; minuty robocze)',
    targets: TARGET_KIND_NAMES.pl,
    target: (name: string, t: TargetLine) =>
      `${name}: dotrzymane ${t.met} z ${t.count} (${decimalComma(t.percentMet)} %), przekroczone ${t.missed}; mediana ${t.medianMinutes} min, p90 ${t.p90Minutes} min.`,
    noTargets: 'Żaden cel nie zakończył się w miesiącu.',
    guaranteed: (used: number, limit: number | null, reachedOn: string | null) =>
      limit === null
        ? `Wykorzystany czas gwarantowany: ${used} min (plan nie ma miesięcznego limitu).`
        : `Wykorzystany czas gwarantowany: ${used} min z miesięcznego limitu ${limit} min; ${reachedOn ? `limit osiągnięto ${reachedOn}` : 'limitu nie osiągnięto'}.`,
    monitoring: 'monitoring',
    end: 'Ta wiadomość jest wysyłana automatycznie raz w miesiącu. Pytania: prosimy odpowiedzieć na nią.',
  },
} as const;

/** The summary's subject and plain text in the customer's language. */
export function summaryMail(language: 'pl' | 'en', facts: SummaryFacts): { subject: string; text: string } {
  const w = WORDS[language];
  const [y, m] = facts.month.split('-').map(Number) as [number, number];
  const monthName = `${MONTHS[language][m - 1]} ${y}`;
  const lines = [w.intro(monthName, facts.customerName), '', w.availability];
  for (const s of facts.services) {
    lines.push(`- ${w.line(s, w.service[s.service])}`);
    for (const i of s.intervals)
      lines.push(
        `    ${w.interval} ${i.start} – ${i.end} (${i.seconds} s, ${i.source.kind === 'case' ? i.source.reference : w.monitoring})`
      );
  }
  lines.push('', w.cases(facts.cases));
  lines.push('', w.sla);
  const stopped = facts.sla.targets.filter((t) => t.count > 0);
  for (const t of stopped)
    lines.push(
      `- ${w.target(w.targets[t.target], {
        ...t,
        percentMet: t.percentMet ?? 0,
        medianMinutes: t.medianMinutes ?? 0,
        p90Minutes: t.p90Minutes ?? 0,
      })}`
    );
  if (!stopped.length) lines.push(`- ${w.noTargets}`);
  const g = facts.sla.guaranteed;
  if (g) lines.push(`- ${w.guaranteed(g.usedMinutes, g.limitMinutes, g.limitReachedOn)}`);
  lines.push('', w.end);
  return { subject: w.subject(monthName, facts.customerName), text: `${lines.join('\n')}\n` };
}

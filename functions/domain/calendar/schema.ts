import * as z from 'zod';
import { isValidTimeZone } from './time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** 'HH:MM' → minutes after local midnight ('24:00' → 1440). */
export const timeToMinutes = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const Time = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, "a local time 'HH:MM' (00:00–24:00)");

/** One opening range of a day, local wall-clock time, start inclusive, end exclusive. */
export const RangeSchema = z
  .tuple([Time, Time])
  .refine(([from, to]) => timeToMinutes(from) < timeToMinutes(to), {
    message: "a range opens before it closes ('24:00' closes at midnight)",
  });
export type Range = z.infer<typeof RangeSchema>;

const DayRanges = z.array(RangeSchema).superRefine((ranges, ctx) => {
  const sorted = [...ranges].sort((a, b) => timeToMinutes(a[0]) - timeToMinutes(b[0]));
  sorted.reduce<Range | undefined>((prev, cur) => {
    if (prev && timeToMinutes(cur[0]) < timeToMinutes(prev[1])) {
      ctx.addIssue({ code: 'custom', message: `ranges ${prev.join('–')} and ${cur.join('–')} overlap` });
    }
    return cur;
  }, undefined);
});

/**
 * Every weekday must be listed (an empty array is a closed day): a schedule with a day left out is a
 * mistake, not a closed day (osTicket #6739: a schedule missing Monday made every case instantly overdue).
 */
const Weekly = z
  .strictObject({
    mon: DayRanges,
    tue: DayRanges,
    wed: DayRanges,
    thu: DayRanges,
    fri: DayRanges,
    sat: DayRanges,
    sun: DayRanges,
  })
  .refine((w) => WEEKDAYS.some((d) => w[d].length > 0), {
    message: "a calendar must open at least once a week (use '24/7' for always open)",
  });

const LocalDate = z.iso.date();

export const ClosureSchema = z
  .strictObject({
    from: LocalDate,
    to: LocalDate,
    reason: z.string().min(1).optional(),
  })
  .refine((c) => c.from <= c.to, { message: 'a closure ends on or after the day it starts' });
export type Closure = z.infer<typeof ClosureSchema>;

export const CalendarDefinitionSchema = z.strictObject({
  /** IANA time zone of the opening hours. */
  timeZone: z
    .string()
    .refine(isValidTimeZone, { message: 'an IANA time zone such as Europe/Warsaw' })
    .default('Europe/Warsaw'),
  /** Opening ranges per weekday in local wall-clock time, or '24/7'. */
  weekly: z.union([z.literal('24/7'), Weekly]),
  /** 'PL': closed on Polish statutory public holidays. 'none': holidays are ordinary days. */
  holidays: z.enum(['PL', 'none']).default('PL'),
  /** Extra closed local dates, inclusive. */
  closures: z.array(ClosureSchema).default([]),
});

export type CalendarDefinition = z.infer<typeof CalendarDefinitionSchema>;
/** What people write (defaults not yet applied). `createCalendar` accepts either. */
export type CalendarDefinitionInput = z.input<typeof CalendarDefinitionSchema>;

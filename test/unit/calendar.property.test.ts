import Holidays from 'date-holidays';
import fc from 'fast-check';
import moment from 'moment-timezone';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  type CalendarDefinitionInput,
  createCalendar,
  type Interval,
} from '../../functions/domain/calendar';

const weekdays = (ranges: [string, string][], sat: [string, string][] = []) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat,
  sun: [] as [string, string][],
});

const definitions: Record<string, CalendarDefinitionInput> = {
  standard: { weekly: weekdays([['07:00', '17:00']]) },
  split: {
    weekly: weekdays(
      [
        ['08:00', '12:00'],
        ['13:00', '16:00'],
      ],
      [['09:00', '13:00']]
    ),
  },
  allDayPL: { weekly: '24/7', holidays: 'PL' },
  allDay: { weekly: '24/7', holidays: 'none' },
  closures: {
    weekly: weekdays([['07:00', '17:00']]),
    closures: [
      { from: '2026-07-27', to: '2026-08-07', reason: 'summer' },
      { from: '2027-12-27', to: '2028-01-05' },
    ],
  },
  newYork: { timeZone: 'America/New_York', weekly: weekdays([['09:00', '17:00']]), holidays: 'none' },
};
const calendars = Object.fromEntries(Object.entries(definitions).map(([k, v]) => [k, createCalendar(v)]));
const names = Object.keys(definitions);

const FROM = Date.UTC(2025, 11, 1);
const TO = Date.UTC(2028, 0, 31);
const DAY = 86_400_000;

/** Any millisecond, a whole minute, or exactly a local opening/closing/midnight of some day. */
const instantFor = (name: string) => {
  const def = definitions[name]!;
  const zone = def.timeZone ?? 'Europe/Warsaw';
  const edges = ['00:00', '07:00', '08:00', '09:00', '12:00', '13:00', '16:00', '17:00'];
  return fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => m * 60_000),
    fc
      .record({
        day: fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY) }),
        edge: fc.constantFrom(...edges),
      })
      .map(({ day, edge }) =>
        moment
          .tz(`${new Date(FROM + day * DAY).toISOString().slice(0, 10)} ${edge}`, 'YYYY-MM-DD HH:mm', zone)
          .valueOf()
      )
  );
};

/** Minutes with millisecond precision (so that sums are exact), from 0 to ~4 business weeks. */
const minutesArb = fc.oneof(
  fc.integer({ min: 0, max: 600 }),
  fc.integer({ min: 0, max: 12_000 }),
  fc.integer({ min: 0, max: 12_000 * 60_000 }).map((ms) => ms / 60_000)
);

/** Up to four pauses around the start, in any order, overlapping or not, now and then open-ended. */
const pausesAround = (start: number) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: -2 * DAY, max: 12 * DAY }),
        length: fc.integer({ min: 0, max: 4 * DAY }),
        forever: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }),
      { maxLength: 4 }
    )
    .map((ps) =>
      ps.map<Interval>(({ offset, length, forever }) => ({
        start: new Date(start + offset),
        end: forever ? new Date('9999-12-31T23:59:59Z') : new Date(start + offset + length),
      }))
    );

const scenario = fc.constantFrom(...names).chain((name) =>
  instantFor(name).chain((start) =>
    fc.record({
      name: fc.constant(name),
      start: fc.constant(start),
      minutes: minutesArb,
      more: minutesArb,
      pauses: pausesAround(start),
      extra: pausesAround(start),
    })
  )
);

const cal = (name: string): BusinessCalendar => calendars[name]!;
const opts = { numRuns: 400 };

describe('calendar invariants (fast-check)', () => {
  it('due ≥ start, and ≥ the next opening', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, pauses }) => {
        const due = cal(name).addBusinessMinutes(new Date(start), minutes, pauses).getTime();
        expect(due).toBeGreaterThanOrEqual(start);
        expect(due).toBeGreaterThanOrEqual(cal(name).nextOpening(new Date(start)).getTime());
      }),
      opts
    );
  });

  it('adding a then b equals adding a + b at once (b > 0), with or without pauses', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, more, pauses }) => {
        fc.pre(more > 0);
        const c = cal(name);
        const once = c.addBusinessMinutes(new Date(start), minutes + more, pauses).getTime();
        const first = c.addBusinessMinutes(new Date(start), minutes, pauses);
        if (first.getTime() >= Date.UTC(9999, 0, 1)) return; // paused for good: no due either way
        const twice = c.addBusinessMinutes(first, more, pauses).getTime();
        expect(twice).toBe(once);
      }),
      opts
    );
  });

  it('pausing never makes a deadline earlier (more pauses, later or equal due)', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, pauses, extra }) => {
        const c = cal(name);
        const none = c.addBusinessMinutes(new Date(start), minutes).getTime();
        const some = c.addBusinessMinutes(new Date(start), minutes, pauses).getTime();
        const more = c.addBusinessMinutes(new Date(start), minutes, [...pauses, ...extra]).getTime();
        expect(some).toBeGreaterThanOrEqual(none);
        expect(more).toBeGreaterThanOrEqual(some);
      }),
      opts
    );
  });

  it('businessMinutesBetween(start, addBusinessMinutes(start, m)) = m, with the same pauses', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, pauses }) => {
        const c = cal(name);
        expect(
          c.businessMinutesBetween(new Date(start), c.addBusinessMinutes(new Date(start), minutes))
        ).toBeCloseTo(minutes, 9);
        const due = c.addBusinessMinutes(new Date(start), minutes, pauses);
        if (due.getTime() >= Date.UTC(9999, 0, 1)) return;
        expect(c.businessMinutesBetween(new Date(start), due, pauses)).toBeCloseTo(minutes, 9);
      }),
      opts
    );
  });

  it('nextOpening(t) is open, not before t, with no business time in between', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), instantFor(name))),
        ([name, t]) => {
          const c = cal(name);
          const next = c.nextOpening(new Date(t));
          expect(c.isOpen(next)).toBe(true);
          expect(next.getTime()).toBeGreaterThanOrEqual(t);
          expect(c.businessMinutesBetween(new Date(t), next)).toBe(0);
          if (c.isOpen(new Date(t))) expect(next.getTime()).toBe(t);
        }
      ),
      opts
    );
  });

  it('the due is monotone in the minutes', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, more, pauses }) => {
        const c = cal(name);
        const a = c.addBusinessMinutes(new Date(start), minutes, pauses).getTime();
        const b = c.addBusinessMinutes(new Date(start), minutes + more, pauses).getTime();
        expect(b).toBeGreaterThanOrEqual(a);
      }),
      opts
    );
  });

  it('explainAdd is the same computation: same due, its work adds up to the target', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes, pauses }) => {
        const c = cal(name);
        const ex = c.explainAdd(new Date(start), minutes, pauses);
        expect(ex.due.getTime()).toBe(c.addBusinessMinutes(new Date(start), minutes, pauses).getTime());
        if (ex.due.getTime() >= Date.UTC(9999, 0, 1)) return;
        const worked = ex.steps.filter((s) => s.kind === 'work').reduce((sum, s) => sum + s.minutes!, 0);
        expect(worked).toBeCloseTo(minutes, 6);
        for (const s of ex.steps) expect(s.to.getTime()).toBeGreaterThanOrEqual(s.from.getTime());
      }),
      { numRuns: 200 }
    );
  });
});

// An independent, deliberately naive oracle: opening hours built day by day with moment-timezone's own tz
// data and date-holidays' public holidays, walked interval by interval.
const holidaysPL = new Holidays('PL', { types: ['public'] });
const holidayDates = new Set<string>();
for (let y = 2024; y <= 2029; y++)
  for (const h of holidaysPL.getHolidays(y)) holidayDates.add(h.date.slice(0, 10));
const dayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function oracleIntervals(def: CalendarDefinitionInput, fromMs: number, days: number): [number, number][] {
  const zone = def.timeZone ?? 'Europe/Warsaw';
  const out: [number, number][] = [];
  const first = moment.tz(fromMs, zone).startOf('day').subtract(1, 'day');
  for (let i = 0; i < days; i++) {
    const day = first.clone().add(i, 'day');
    const date = day.format('YYYY-MM-DD');
    if ((def.holidays ?? 'PL') === 'PL' && holidayDates.has(date)) continue;
    if ((def.closures ?? []).some((c) => c.from <= date && date <= c.to)) continue;
    const ranges = def.weekly === '24/7' ? [['00:00', '24:00']] : def.weekly[dayKeys[day.day()]!];
    for (const [from, to] of ranges) {
      const at = (hhmm: string) =>
        hhmm === '24:00'
          ? moment.tz(day.clone().add(1, 'day').format('YYYY-MM-DD'), 'YYYY-MM-DD', zone).valueOf()
          : moment.tz(`${date} ${hhmm}`, 'YYYY-MM-DD HH:mm', zone).valueOf();
      out.push([at(from!), at(to!)]);
    }
  }
  return out;
}

function oracleAdd(def: CalendarDefinitionInput, start: number, minutes: number): number {
  const ms = Math.round(minutes * 60_000);
  const intervals = oracleIntervals(def, start, 70);
  let rem = ms;
  for (const [s, e] of intervals) {
    if (e <= start) continue;
    const from = Math.max(s, start);
    if (ms === 0) return from;
    if (rem <= e - from) return from + rem;
    rem -= e - from;
  }
  throw new Error('oracle ran out of days');
}

describe('calendar against a naive oracle (moment-timezone + date-holidays)', () => {
  it('addBusinessMinutes agrees on random starts and targets', () => {
    fc.assert(
      fc.property(scenario, ({ name, start, minutes }) => {
        expect(new Date(cal(name).addBusinessMinutes(new Date(start), minutes).getTime()).toISOString()).toBe(
          new Date(oracleAdd(definitions[name]!, start, minutes)).toISOString()
        );
      }),
      { numRuns: 1000 }
    );
  });
});

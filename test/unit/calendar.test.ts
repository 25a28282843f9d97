import { describe, expect, it } from 'vitest';
import { type CalendarDefinitionInput, createCalendar, type Interval } from '../../functions/domain/calendar';

// Every expected instant below was worked out by hand from a wall calendar (weekdays, holidays, the last
// Sundays of March and October) — not by running the code.

const weekdays = (ranges: [string, string][]) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat: [],
  sun: [],
});

/** The STANDARD plan's hours: Mon–Fri 07:00–17:00 Europe/Warsaw, Polish holidays. */
const STANDARD: CalendarDefinitionInput = { weekly: weekdays([['07:00', '17:00']]) };
const standard = createCalendar(STANDARD);
/** Two ranges a day with a lunch break, and Saturday mornings. */
const split = createCalendar({
  weekly: {
    ...weekdays([
      ['08:00', '12:00'],
      ['13:00', '16:00'],
    ]),
    sat: [['09:00', '13:00']],
  },
});
const allDay = createCalendar({ weekly: '24/7', holidays: 'none' });
const allDayPL = createCalendar({ weekly: '24/7', holidays: 'PL' });

const d = (s: string) => new Date(s);
const iso = (x: Date) => x.toISOString();
const H = 60;

type AddCase = [name: string, received: string, minutes: number, due: string];

function addTable(cal: ReturnType<typeof createCalendar>, cases: AddCase[]) {
  it.each(cases)('%s', (_name, received, minutes, due) => {
    expect(iso(cal.addBusinessMinutes(d(received), minutes))).toBe(iso(d(due)));
    // The explanation is the same computation.
    expect(iso(cal.explainAdd(d(received), minutes).due)).toBe(iso(d(due)));
    // And the clock measures back exactly what was added.
    if (minutes > 0) expect(cal.businessMinutesBetween(d(received), d(due))).toBe(minutes);
  });
}

describe('STANDARD hours (Mon–Fri 07:00–17:00 Europe/Warsaw, Polish holidays)', () => {
  describe('the issue example and Christmas (24 Dec a holiday from 2025 on)', () => {
    addTable(standard, [
      // Wed 23 Dec 2026: 30 min left; Thu 24, Fri 25 holidays, Sat 26 (holiday) and Sun closed.
      [
        'Wed 2026-12-23 16:30 +4 h → Mon 28 Dec 10:30',
        '2026-12-23T16:30:00+01:00',
        4 * H,
        '2026-12-28T10:30:00+01:00',
      ],
      [
        'Wed 2026-12-23 16:30 +30 min → at closing, 17:00',
        '2026-12-23T16:30:00+01:00',
        30,
        '2026-12-23T17:00:00+01:00',
      ],
      [
        'Wed 2026-12-23 17:00 (at closing) +4 h → Mon 28 Dec 11:00',
        '2026-12-23T17:00:00+01:00',
        4 * H,
        '2026-12-28T11:00:00+01:00',
      ],
      [
        'Thu 2026-12-24 10:00 (holiday) +4 h → Mon 28 Dec 11:00',
        '2026-12-24T10:00:00+01:00',
        4 * H,
        '2026-12-28T11:00:00+01:00',
      ],
      // 2025: Wed 24, Thu 25, Fri 26 holidays.
      [
        'Tue 2025-12-23 16:30 +4 h → Mon 29 Dec 10:30',
        '2025-12-23T16:30:00+01:00',
        4 * H,
        '2025-12-29T10:30:00+01:00',
      ],
      // 2024: 24 Dec was still a working day; 25 and 26 were not.
      [
        'Mon 2024-12-23 16:30 +4 h → Tue 24 Dec 10:30 (a working day in 2024)',
        '2024-12-23T16:30:00+01:00',
        4 * H,
        '2024-12-24T10:30:00+01:00',
      ],
      [
        'Tue 2024-12-24 16:00 +4 h → Fri 27 Dec 10:00',
        '2024-12-24T16:00:00+01:00',
        4 * H,
        '2024-12-27T10:00:00+01:00',
      ],
    ]);
    it('is closed on 24 Dec from 2025 on, open on 24 Dec 2024', () => {
      expect(standard.isOpen(d('2024-12-24T10:00:00+01:00'))).toBe(true);
      expect(standard.isOpen(d('2025-12-24T10:00:00+01:00'))).toBe(false);
      expect(standard.isOpen(d('2026-12-24T10:00:00+01:00'))).toBe(false);
      expect(standard.isOpen(d('2026-12-25T10:00:00+01:00'))).toBe(false);
      expect(standard.isOpen(d('2024-12-26T10:00:00+01:00'))).toBe(false);
    });
  });

  describe('DST weekends (last Sundays of March and October)', () => {
    addTable(standard, [
      // 29 Mar 2026 clocks go forward: Fri is +01:00, Mon is +02:00; still 07:00–17:00 wall time.
      [
        'Fri 2026-03-27 15:00 CET +4 h → Mon 30 Mar 09:00 CEST',
        '2026-03-27T15:00:00+01:00',
        4 * H,
        '2026-03-30T09:00:00+02:00',
      ],
      [
        'Sat 2026-03-28 12:00 +1 min → Mon 30 Mar 07:01 CEST',
        '2026-03-28T12:00:00+01:00',
        1,
        '2026-03-30T07:01:00+02:00',
      ],
      // 25 Oct 2026 clocks go back.
      [
        'Fri 2026-10-23 16:00 CEST +4 h → Mon 26 Oct 10:00 CET',
        '2026-10-23T16:00:00+02:00',
        4 * H,
        '2026-10-26T10:00:00+01:00',
      ],
      [
        'Fri 2026-10-23 07:00 CEST +2 days → Mon 26 Oct 17:00 CET',
        '2026-10-23T07:00:00+02:00',
        20 * H,
        '2026-10-26T17:00:00+01:00',
      ],
      // 28 Mar 2027 is both the DST Sunday and Easter Sunday; Mon 29 Mar is Easter Monday.
      [
        'Fri 2027-03-26 15:00 CET +4 h → Tue 30 Mar 09:00 CEST (DST + Easter)',
        '2027-03-26T15:00:00+01:00',
        4 * H,
        '2027-03-30T09:00:00+02:00',
      ],
    ]);
    it('counts the week of a DST change as 5 × 10 h', () => {
      expect(
        standard.businessMinutesBetween(d('2026-03-23T00:00:00+01:00'), d('2026-03-30T00:00:00+02:00'))
      ).toBe(3000);
      expect(
        standard.businessMinutesBetween(d('2026-10-19T00:00:00+02:00'), d('2026-10-26T00:00:00+01:00'))
      ).toBe(3000);
    });
  });

  describe('Easter Monday, Corpus Christi, 1 and 11 November, 1 and 6 January, 1 and 3 May', () => {
    addTable(standard, [
      // Good Friday is a working day in Poland (a holiday feed that closes it is Zammad #390).
      [
        'Good Friday 2026-04-03 10:00 +4 h → 14:00 the same day',
        '2026-04-03T10:00:00+02:00',
        4 * H,
        '2026-04-03T14:00:00+02:00',
      ],
      [
        'Fri 2026-04-03 15:00 +4 h → Tue 7 Apr 09:00 (Easter Monday closed)',
        '2026-04-03T15:00:00+02:00',
        4 * H,
        '2026-04-07T09:00:00+02:00',
      ],
      [
        'Wed 2026-06-03 16:00 +4 h → Fri 5 Jun 10:00 (Corpus Christi Thu 4 Jun)',
        '2026-06-03T16:00:00+02:00',
        4 * H,
        '2026-06-05T10:00:00+02:00',
      ],
      [
        'Tue 2028-10-31 16:00 +4 h → Thu 2 Nov 10:00 (1 Nov a Wednesday)',
        '2028-10-31T16:00:00+01:00',
        4 * H,
        '2028-11-02T10:00:00+01:00',
      ],
      [
        'Fri 2027-10-29 15:00 CEST +4 h → Tue 2 Nov 09:00 CET (DST, then 1 Nov a Monday)',
        '2027-10-29T15:00:00+02:00',
        4 * H,
        '2027-11-02T09:00:00+01:00',
      ],
      [
        'Tue 2026-11-10 16:00 +4 h → Thu 12 Nov 10:00 (11 Nov a Wednesday)',
        '2026-11-10T16:00:00+01:00',
        4 * H,
        '2026-11-12T10:00:00+01:00',
      ],
      [
        'Thu 2026-12-31 16:00 +4 h → Mon 4 Jan 2027 10:00 (1 Jan a Friday)',
        '2026-12-31T16:00:00+01:00',
        4 * H,
        '2027-01-04T10:00:00+01:00',
      ],
      [
        'Tue 2027-01-05 15:00 +4 h → Thu 7 Jan 09:00 (6 Jan a Wednesday)',
        '2027-01-05T15:00:00+01:00',
        4 * H,
        '2027-01-07T09:00:00+01:00',
      ],
      [
        'Thu 2026-04-30 16:00 +4 h → Mon 4 May 10:00 (1 May a Friday)',
        '2026-04-30T16:00:00+02:00',
        4 * H,
        '2026-05-04T10:00:00+02:00',
      ],
      [
        'Fri 2027-04-30 16:00 +4 h → Tue 4 May 10:00 (3 May a Monday)',
        '2027-04-30T16:00:00+02:00',
        4 * H,
        '2027-05-04T10:00:00+02:00',
      ],
    ]);
    it.each([
      ['2026-01-01', false],
      ['2026-01-02', true],
      ['2026-01-06', false],
      ['2026-04-06', false],
      ['2026-05-01', false],
      ['2026-06-04', false],
      ['2026-11-11', false],
      ['2027-05-03', false],
      ['2027-11-01', false],
      ['2026-04-03', true], // Good Friday
      ['2026-04-02', true], // Maundy Thursday
      ['2026-12-31', true], // New Year's Eve
      ['2026-11-02', true], // All Souls' Day
    ])('%s at noon is open: %s', (date, open) => {
      expect(standard.isOpen(d(`${date}T12:00:00Z`))).toBe(open);
    });
  });

  describe('out-of-hours starts and exact edges', () => {
    addTable(standard, [
      [
        'before opening: Mon 06:00 +4 h → 11:00',
        '2026-11-16T06:00:00+01:00',
        4 * H,
        '2026-11-16T11:00:00+01:00',
      ],
      [
        'evening: Mon 20:00 +4 h → Tue 11:00',
        '2026-11-16T20:00:00+01:00',
        4 * H,
        '2026-11-17T11:00:00+01:00',
      ],
      [
        'weekend: Sat 12:00 +4 h → Mon 11:00',
        '2026-11-14T12:00:00+01:00',
        4 * H,
        '2026-11-16T11:00:00+01:00',
      ],
      [
        'just after midnight Mon 00:00 +1 min → 07:01',
        '2026-11-16T00:00:00+01:00',
        1,
        '2026-11-16T07:01:00+01:00',
      ],
      [
        'exactly at opening: Mon 07:00 +4 h → 11:00',
        '2026-11-16T07:00:00+01:00',
        4 * H,
        '2026-11-16T11:00:00+01:00',
      ],
      [
        'exactly at closing: Mon 17:00 +4 h → Tue 11:00',
        '2026-11-16T17:00:00+01:00',
        4 * H,
        '2026-11-17T11:00:00+01:00',
      ],
      [
        'ends exactly at closing: Mon 13:00 +4 h → Mon 17:00, not Tue 07:00',
        '2026-11-16T13:00:00+01:00',
        4 * H,
        '2026-11-16T17:00:00+01:00',
      ],
      [
        'a whole day: Fri 07:00 +10 h → Fri 17:00',
        '2026-11-20T07:00:00+01:00',
        10 * H,
        '2026-11-20T17:00:00+01:00',
      ],
      [
        'one minute past a whole day: Fri 07:00 +601 min → Mon 07:01',
        '2026-11-20T07:00:00+01:00',
        601,
        '2026-11-23T07:01:00+01:00',
      ],
      [
        'one minute before closing: Mon 16:59 +1 min → 17:00',
        '2026-11-16T16:59:00+01:00',
        1,
        '2026-11-16T17:00:00+01:00',
      ],
      [
        'one minute before closing: Mon 16:59 +2 min → Tue 07:01',
        '2026-11-16T16:59:00+01:00',
        2,
        '2026-11-17T07:01:00+01:00',
      ],
      [
        'fractional minutes: Mon 16:59:30 +0.5 min → 17:00',
        '2026-11-16T16:59:30+01:00',
        0.5,
        '2026-11-16T17:00:00+01:00',
      ],
      ['0 min in hours → the instant itself', '2026-11-16T10:00:00+01:00', 0, '2026-11-16T10:00:00+01:00'],
      ['0 min at closing → the next opening', '2026-11-16T17:00:00+01:00', 0, '2026-11-17T07:00:00+01:00'],
      ['0 min on Saturday → Monday opening', '2026-11-14T10:00:00+01:00', 0, '2026-11-16T07:00:00+01:00'],
    ]);

    it('treats periods as [open, close)', () => {
      expect(standard.isOpen(d('2026-11-16T06:59:59.999+01:00'))).toBe(false);
      expect(standard.isOpen(d('2026-11-16T07:00:00+01:00'))).toBe(true);
      expect(standard.isOpen(d('2026-11-16T16:59:59.999+01:00'))).toBe(true);
      expect(standard.isOpen(d('2026-11-16T17:00:00+01:00'))).toBe(false);
    });

    it.each([
      ['in hours → itself', '2026-11-16T10:00:00+01:00', '2026-11-16T10:00:00+01:00'],
      ['at opening → itself', '2026-11-16T07:00:00+01:00', '2026-11-16T07:00:00+01:00'],
      ['at closing → next morning', '2026-11-16T17:00:00+01:00', '2026-11-17T07:00:00+01:00'],
      ['Friday evening → Monday', '2026-11-20T18:00:00+01:00', '2026-11-23T07:00:00+01:00'],
      [
        'Wed before Christmas 2026 evening → Mon 28 Dec',
        '2026-12-23T17:00:00+01:00',
        '2026-12-28T07:00:00+01:00',
      ],
      [
        'New Year’s Eve 2026 evening → Mon 4 Jan 2027',
        '2026-12-31T17:00:00+01:00',
        '2027-01-04T07:00:00+01:00',
      ],
      [
        'Saturday before the spring DST change → Mon 07:00 CEST',
        '2026-03-28T12:00:00+01:00',
        '2026-03-30T07:00:00+02:00',
      ],
    ])('nextOpening: %s', (_name, at, next) => {
      expect(iso(standard.nextOpening(d(at)))).toBe(iso(d(next)));
    });
  });

  describe('targets spanning several days and weeks', () => {
    addTable(standard, [
      [
        'one business week: Mon 07:00 +50 h → Fri 17:00',
        '2026-11-16T07:00:00+01:00',
        50 * H,
        '2026-11-20T17:00:00+01:00',
      ],
      [
        'a week and a minute → next Mon 07:01',
        '2026-11-16T07:00:00+01:00',
        50 * H + 1,
        '2026-11-23T07:01:00+01:00',
      ],
      [
        '10 business days over 11 Nov: Mon 9 Nov 07:00 → Mon 23 Nov 17:00',
        '2026-11-09T07:00:00+01:00',
        100 * H,
        '2026-11-23T17:00:00+01:00',
      ],
      [
        '3 business days from Wed 16:00 → Mon 16:00',
        '2026-11-18T16:00:00+01:00',
        30 * H,
        '2026-11-23T16:00:00+01:00',
      ],
      // Over Christmas and New Year 2026/27: Wed 23 Dec (1 h), Mon 28–Thu 31 (4 days), Mon 4 Jan…
      [
        'Wed 2026-12-23 16:00 +61 h → Tue 5 Jan 2027 17:00',
        '2026-12-23T16:00:00+01:00',
        60 * H + 1 * H,
        '2027-01-05T17:00:00+01:00',
      ],
    ]);
    it('counts 253 working days of 10 h in 2026', () => {
      // 261 weekdays less 8 weekday holidays (1 & 6 Jan, 6 Apr, 1 May, 4 Jun, 11 Nov, 24 & 25 Dec).
      expect(
        standard.businessMinutesBetween(d('2026-01-01T00:00:00+01:00'), d('2027-01-01T00:00:00+01:00'))
      ).toBe(253 * 600);
    });
    it('adds a year of business time in one go', () => {
      expect(iso(standard.addBusinessMinutes(d('2026-01-01T00:00:00+01:00'), 253 * 600))).toBe(
        iso(d('2026-12-31T17:00:00+01:00'))
      );
      expect(iso(standard.addBusinessMinutes(d('2026-01-01T00:00:00+01:00'), 253 * 600 + 1))).toBe(
        iso(d('2027-01-04T07:01:00+01:00'))
      );
    });
    it('returns 0 for an empty or reversed span', () => {
      const t = d('2026-11-16T10:00:00+01:00');
      expect(standard.businessMinutesBetween(t, t)).toBe(0);
      expect(standard.businessMinutesBetween(t, d('2026-11-16T09:00:00+01:00'))).toBe(0);
    });
  });
});

describe('several ranges per day', () => {
  addTable(split, [
    ['Mon 11:00 +2 h → 14:00 across lunch', '2026-11-16T11:00:00+01:00', 2 * H, '2026-11-16T14:00:00+01:00'],
    [
      'Mon 11:00 +1 h → 12:00, at the morning’s closing',
      '2026-11-16T11:00:00+01:00',
      1 * H,
      '2026-11-16T12:00:00+01:00',
    ],
    ['received at lunch 12:00 +30 min → 13:30', '2026-11-16T12:00:00+01:00', 30, '2026-11-16T13:30:00+01:00'],
    ['Fri 15:00 +2 h → Sat 10:00', '2026-11-20T15:00:00+01:00', 2 * H, '2026-11-21T10:00:00+01:00'],
    ['Sat 12:00 +2 h → Mon 09:00', '2026-11-21T12:00:00+01:00', 2 * H, '2026-11-23T09:00:00+01:00'],
  ]);
  it('is closed at lunch and opens again at 13:00', () => {
    expect(split.isOpen(d('2026-11-16T12:00:00+01:00'))).toBe(false);
    expect(iso(split.nextOpening(d('2026-11-16T12:30:00+01:00')))).toBe(iso(d('2026-11-16T13:00:00+01:00')));
    expect(split.businessMinutesBetween(d('2026-11-16T00:00:00+01:00'), d('2026-11-17T00:00:00+01:00'))).toBe(
      7 * H
    );
  });
  it('joins ranges that touch into one period', () => {
    const touching = createCalendar({
      weekly: weekdays([
        ['07:00', '12:00'],
        ['12:00', '17:00'],
      ]),
    });
    expect(touching.isOpen(d('2026-11-16T12:00:00+01:00'))).toBe(true);
    expect(iso(touching.addBusinessMinutes(d('2026-11-16T11:00:00+01:00'), 2 * H))).toBe(
      iso(d('2026-11-16T13:00:00+01:00'))
    );
  });
  it('follows the issue’s after-hours example on a 07:00–16:00 calendar', () => {
    // "received Fri 16:30 after hours → starts Mon 07:00 → +4 business hours → Mon 11:00"
    const early = createCalendar({ weekly: weekdays([['07:00', '16:00']]) });
    const ex = early.explainAdd(d('2026-11-20T16:30:00+01:00'), 4 * H);
    expect(iso(ex.startedAt)).toBe(iso(d('2026-11-23T07:00:00+01:00')));
    expect(iso(ex.due)).toBe(iso(d('2026-11-23T11:00:00+01:00')));
  });
});

describe('pauses (waiting on the customer)', () => {
  const p = (start: string, end: string): Interval => ({ start: d(start), end: d(end) });
  it.each<[string, string, number, Interval[], string]>([
    [
      'across a night: Mon 15:00 +4 h, paused Mon 16:00 → Tue 09:00 → Tue 12:00',
      '2026-11-16T15:00:00+01:00',
      4 * H,
      [p('2026-11-16T16:00:00+01:00', '2026-11-17T09:00:00+01:00')],
      '2026-11-17T12:00:00+01:00',
    ],
    [
      'across a weekend: Fri 14:00 +4 h, paused Fri 15:00 → Mon 10:00 → Mon 13:00',
      '2026-11-20T14:00:00+01:00',
      4 * H,
      [p('2026-11-20T15:00:00+01:00', '2026-11-23T10:00:00+01:00')],
      '2026-11-23T13:00:00+01:00',
    ],
    [
      'a pause within closed time changes nothing: Fri 14:00 +4 h → Mon 08:00',
      '2026-11-20T14:00:00+01:00',
      4 * H,
      [p('2026-11-21T10:00:00+01:00', '2026-11-22T10:00:00+01:00')],
      '2026-11-23T08:00:00+01:00',
    ],
    [
      'overlapping pauses in any order merge: Mon 15:00 +4 h → Tue 14:00',
      '2026-11-16T15:00:00+01:00',
      4 * H,
      [
        p('2026-11-17T10:00:00+01:00', '2026-11-17T11:00:00+01:00'),
        p('2026-11-16T16:00:00+01:00', '2026-11-17T09:30:00+01:00'),
        p('2026-11-17T09:00:00+01:00', '2026-11-17T10:30:00+01:00'),
      ],
      '2026-11-17T14:00:00+01:00',
    ],
    [
      'received while paused: starts when the pause ends',
      '2026-11-16T10:00:00+01:00',
      1 * H,
      [p('2026-11-16T09:00:00+01:00', '2026-11-16T12:00:00+01:00')],
      '2026-11-16T13:00:00+01:00',
    ],
    [
      'a pause ending after hours resumes at the next opening',
      '2026-11-16T15:00:00+01:00',
      2 * H,
      [p('2026-11-16T16:00:00+01:00', '2026-11-16T20:00:00+01:00')],
      '2026-11-17T08:00:00+01:00',
    ],
    [
      'a target ending exactly as a pause starts is due then',
      '2026-11-16T10:00:00+01:00',
      1 * H,
      [p('2026-11-16T11:00:00+01:00', '2026-11-16T12:00:00+01:00')],
      '2026-11-16T11:00:00+01:00',
    ],
    [
      'pauses over the Christmas holidays: Wed 23 Dec 2026 16:00 +2 h, paused Mon 28 07:00 → 08:00',
      '2026-12-23T16:00:00+01:00',
      2 * H,
      [p('2026-12-28T07:00:00+01:00', '2026-12-28T08:00:00+01:00')],
      '2026-12-28T09:00:00+01:00',
    ],
    [
      '0 min while paused → when the pause ends',
      '2026-11-16T10:00:00+01:00',
      0,
      [p('2026-11-16T09:00:00+01:00', '2026-11-16T12:00:00+01:00')],
      '2026-11-16T12:00:00+01:00',
    ],
    [
      'an empty or reversed pause is ignored',
      '2026-11-16T10:00:00+01:00',
      1 * H,
      [
        p('2026-11-16T10:30:00+01:00', '2026-11-16T10:30:00+01:00'),
        p('2026-11-16T10:40:00+01:00', '2026-11-16T10:20:00+01:00'),
      ],
      '2026-11-16T11:00:00+01:00',
    ],
  ])('%s', (_name, received, minutes, pauses, due) => {
    expect(iso(standard.addBusinessMinutes(d(received), minutes, pauses))).toBe(iso(d(due)));
    expect(iso(standard.explainAdd(d(received), minutes, pauses).due)).toBe(iso(d(due)));
    if (minutes > 0) expect(standard.businessMinutesBetween(d(received), d(due), pauses)).toBe(minutes);
  });

  it('an open-ended pause (end in the far future) means not due while paused', () => {
    const forever = d('9999-12-31T23:59:59Z');
    const due = standard.addBusinessMinutes(d('2026-11-16T10:00:00+01:00'), 4 * H, [
      { start: d('2026-11-16T11:00:00+01:00'), end: forever },
    ]);
    expect(iso(due)).toBe(iso(forever));
    const maxDate = new Date(8.64e15);
    expect(
      iso(
        standard.addBusinessMinutes(d('2026-11-16T10:00:00+01:00'), 30, [
          { start: d('2026-11-16T09:00:00+01:00'), end: maxDate },
        ])
      )
    ).toBe(iso(maxDate));
    // Time used before the pause is still measured.
    expect(
      standard.businessMinutesBetween(d('2026-11-16T10:00:00+01:00'), d('2026-11-18T10:00:00+01:00'), [
        { start: d('2026-11-16T11:00:00+01:00'), end: forever },
      ])
    ).toBe(60);
  });

  it('subtracts pauses from businessMinutesBetween', () => {
    expect(
      standard.businessMinutesBetween(d('2026-11-16T07:00:00+01:00'), d('2026-11-17T17:00:00+01:00'), [
        p('2026-11-16T16:00:00+01:00', '2026-11-17T09:00:00+01:00'),
      ])
    ).toBe(20 * H - 3 * H);
  });
});

describe('24/7', () => {
  it('has no gap at midnight (Zammad #3180)', () => {
    expect(allDay.isOpen(d('2026-11-16T23:59:30+01:00'))).toBe(true);
    expect(allDay.isOpen(d('2026-11-17T00:00:00+01:00'))).toBe(true);
    expect(iso(allDay.addBusinessMinutes(d('2026-11-16T23:59:00+01:00'), 2))).toBe(
      iso(d('2026-11-17T00:01:00+01:00'))
    );
    expect(
      allDay.businessMinutesBetween(d('2026-11-16T00:00:00+01:00'), d('2026-11-23T00:00:00+01:00'))
    ).toBe(7 * 24 * H);
  });
  it("written as 00:00–24:00 every day it is the same as '24/7'", () => {
    const r: [string, string][] = [['00:00', '24:00']];
    const explicit = createCalendar({
      weekly: { mon: r, tue: r, wed: r, thu: r, fri: r, sat: r, sun: r },
      holidays: 'none',
    });
    expect(iso(explicit.addBusinessMinutes(d('2026-11-16T23:59:00+01:00'), 2))).toBe(
      iso(d('2026-11-17T00:01:00+01:00'))
    );
    expect(explicit.isOpen(d('2026-11-17T00:00:00+01:00'))).toBe(true);
  });
  it("with holidays 'none' it is open on holidays", () => {
    expect(allDay.isOpen(d('2026-12-25T10:00:00+01:00'))).toBe(true);
    expect(iso(allDay.addBusinessMinutes(d('2026-12-24T10:00:00+01:00'), 60))).toBe(
      iso(d('2026-12-24T11:00:00+01:00'))
    );
  });
  it("with holidays 'PL' it is closed on holidays", () => {
    expect(allDayPL.isOpen(d('2026-12-24T10:00:00+01:00'))).toBe(false);
    expect(allDayPL.isOpen(d('2026-12-23T23:59:59+01:00'))).toBe(true);
    // 30 min to midnight, then 24–26 Dec closed, Sunday 27 Dec open from 00:00.
    expect(iso(allDayPL.addBusinessMinutes(d('2026-12-23T23:30:00+01:00'), 60))).toBe(
      iso(d('2026-12-27T00:30:00+01:00'))
    );
  });
  it('counts real elapsed minutes across DST: 23 h and 25 h days', () => {
    expect(
      allDay.businessMinutesBetween(d('2026-03-29T00:00:00+01:00'), d('2026-03-30T00:00:00+02:00'))
    ).toBe(23 * H);
    expect(
      allDay.businessMinutesBetween(d('2026-10-25T00:00:00+02:00'), d('2026-10-26T00:00:00+01:00'))
    ).toBe(25 * H);
    expect(iso(allDay.addBusinessMinutes(d('2026-03-29T01:30:00+01:00'), 60))).toBe(
      iso(d('2026-03-29T03:30:00+02:00'))
    );
    expect(iso(allDay.addBusinessMinutes(d('2026-10-25T02:30:00+02:00'), 60))).toBe(
      iso(d('2026-10-25T02:30:00+01:00'))
    );
  });
});

describe('DST inside opening hours', () => {
  const sundays = (range: [string, string]) =>
    createCalendar({
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [range] },
      holidays: 'none',
    });
  it('a range inside the skipped hour (02:00–03:00 on 29 Mar 2026) is empty that day', () => {
    const cal = sundays(['02:00', '03:00']);
    expect(cal.businessMinutesBetween(d('2026-03-29T00:00:00+01:00'), d('2026-03-30T00:00:00+02:00'))).toBe(
      0
    );
    expect(iso(cal.nextOpening(d('2026-03-28T12:00:00+01:00')))).toBe(iso(d('2026-04-05T02:00:00+02:00')));
  });
  it('a range over the repeated hour (02:00–03:00 on 25 Oct 2026) lasts 2 h', () => {
    const cal = sundays(['02:00', '03:00']);
    expect(cal.businessMinutesBetween(d('2026-10-25T00:00:00+02:00'), d('2026-10-26T00:00:00+01:00'))).toBe(
      2 * H
    );
    expect(iso(cal.nextOpening(d('2026-10-24T12:00:00+02:00')))).toBe(iso(d('2026-10-25T02:00:00+02:00')));
  });
  it('a range across the change counts the real hours: 01:00–04:00 is 2 h in March, 4 h in October', () => {
    const cal = sundays(['01:00', '04:00']);
    expect(cal.businessMinutesBetween(d('2026-03-29T00:00:00+01:00'), d('2026-03-30T00:00:00+02:00'))).toBe(
      2 * H
    );
    expect(cal.businessMinutesBetween(d('2026-10-25T00:00:00+02:00'), d('2026-10-26T00:00:00+01:00'))).toBe(
      4 * H
    );
  });
});

describe('other time zones', () => {
  it('New York 09:00–17:00 across the US change (8 Mar 2026)', () => {
    const ny = createCalendar({
      timeZone: 'America/New_York',
      weekly: weekdays([['09:00', '17:00']]),
      holidays: 'none',
    });
    expect(iso(ny.addBusinessMinutes(d('2026-03-06T16:00:00-05:00'), 2 * H))).toBe(
      iso(d('2026-03-09T10:00:00-04:00'))
    );
  });
  it('UTC', () => {
    const utc = createCalendar({ timeZone: 'UTC', weekly: weekdays([['07:00', '17:00']]), holidays: 'none' });
    expect(iso(utc.addBusinessMinutes(d('2026-03-27T16:00:00Z'), 2 * H))).toBe(
      iso(d('2026-03-30T08:00:00Z'))
    );
  });
  it('Sydney (southern hemisphere, DST ends 5 Apr 2026)', () => {
    const syd = createCalendar({
      timeZone: 'Australia/Sydney',
      weekly: weekdays([['09:00', '17:00']]),
      holidays: 'none',
    });
    expect(iso(syd.addBusinessMinutes(d('2026-04-03T16:00:00+11:00'), 2 * H))).toBe(
      iso(d('2026-04-06T10:00:00+10:00'))
    );
  });
});

describe('closures', () => {
  const cal = createCalendar({
    ...STANDARD,
    closures: [{ from: '2026-11-16', to: '2026-11-17', reason: 'office move' }],
  });
  it('closes the listed local dates, inclusive', () => {
    expect(cal.isOpen(d('2026-11-16T10:00:00+01:00'))).toBe(false);
    expect(cal.isOpen(d('2026-11-17T16:59:00+01:00'))).toBe(false);
    expect(cal.isOpen(d('2026-11-18T07:00:00+01:00'))).toBe(true);
    expect(iso(cal.addBusinessMinutes(d('2026-11-13T16:00:00+01:00'), 2 * H))).toBe(
      iso(d('2026-11-18T08:00:00+01:00'))
    );
  });
  it('says why in the explanation', () => {
    const ex = cal.explainAdd(d('2026-11-13T16:00:00+01:00'), 2 * H);
    const closed = ex.steps.find((s) => s.kind === 'holiday');
    expect(closed?.note).toContain('office move');
  });
  it('spans a year boundary', () => {
    const xmas = createCalendar({ ...STANDARD, closures: [{ from: '2026-12-28', to: '2027-01-08' }] });
    expect(iso(xmas.nextOpening(d('2026-12-23T17:00:00+01:00')))).toBe(iso(d('2027-01-11T07:00:00+01:00')));
  });
});

describe('holidays none', () => {
  it('keeps the weekly hours on holidays', () => {
    const cal = createCalendar({ ...STANDARD, holidays: 'none' });
    expect(cal.isOpen(d('2026-12-24T10:00:00+01:00'))).toBe(true);
    expect(iso(cal.addBusinessMinutes(d('2026-12-23T16:30:00+01:00'), 4 * H))).toBe(
      iso(d('2026-12-24T10:30:00+01:00'))
    );
  });
});

describe('input checks', () => {
  it('rejects negative, infinite and NaN minutes and invalid dates', () => {
    const t = d('2026-11-16T10:00:00+01:00');
    expect(() => standard.addBusinessMinutes(t, -1)).toThrow(RangeError);
    expect(() => standard.addBusinessMinutes(t, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => standard.addBusinessMinutes(t, Number.NaN)).toThrow(RangeError);
    expect(() => standard.addBusinessMinutes(new Date('nope'), 1)).toThrow(RangeError);
    expect(() => standard.isOpen(new Date('nope'))).toThrow(RangeError);
  });
  it('exposes the parsed definition with its defaults', () => {
    expect(standard.definition).toMatchObject({ timeZone: 'Europe/Warsaw', holidays: 'PL', closures: [] });
  });
  it('shares one calendar (and its year tables) per definition, frozen', () => {
    expect(createCalendar(STANDARD)).toBe(standard);
    expect(createCalendar(standard.definition)).toBe(standard);
    expect(Object.isFrozen(standard.definition.weekly)).toBe(true);
  });
  it('fails loudly for a calendar closed for years', () => {
    const shut = createCalendar({ ...STANDARD, closures: [{ from: '2026-01-01', to: '2040-12-31' }] });
    expect(() => shut.nextOpening(d('2026-06-01T10:00:00+02:00'))).toThrow(/no opening/);
  });
});

import { describe, expect, it } from 'vitest';
import { CalendarDefinitionSchema, createCalendar } from '../../functions/domain/calendar';

const closed: [string, string][] = [];
const day: [string, string][] = [['07:00', '17:00']];
const week = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: closed, sun: closed };

describe('CalendarDefinitionSchema', () => {
  it('applies the defaults: Europe/Warsaw, Polish holidays, no closures', () => {
    expect(CalendarDefinitionSchema.parse({ weekly: week })).toEqual({
      timeZone: 'Europe/Warsaw',
      weekly: week,
      holidays: 'PL',
      closures: [],
    });
    expect(CalendarDefinitionSchema.parse({ weekly: '24/7' }).weekly).toBe('24/7');
  });

  it.each<[string, unknown]>([
    ['an unknown time zone', { weekly: week, timeZone: 'Europe/Warszawa' }],
    [
      'a missing weekday (osTicket #6739)',
      { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: closed } },
    ],
    ['a misspelt weekday', { weekly: { ...week, thur: day } }],
    ['a range closing before it opens', { weekly: { ...week, mon: [['17:00', '07:00']] } }],
    ['an empty range', { weekly: { ...week, mon: [['07:00', '07:00']] } }],
    ['opening at 24:00', { weekly: { ...week, mon: [['24:00', '24:00']] } }],
    ['a time past 24:00', { weekly: { ...week, mon: [['07:00', '24:30']] } }],
    ['a time without a leading zero', { weekly: { ...week, mon: [['7:00', '17:00']] } }],
    [
      'overlapping ranges',
      {
        weekly: {
          ...week,
          mon: [
            ['07:00', '12:00'],
            ['11:00', '17:00'],
          ],
        },
      },
    ],
    [
      'a week with no opening at all',
      { weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } },
    ],
    ['an unknown holiday set', { weekly: week, holidays: 'DE' }],
    [
      'a closure ending before it starts',
      { weekly: week, closures: [{ from: '2026-12-31', to: '2026-12-24' }] },
    ],
    [
      'a closure on an impossible date',
      { weekly: week, closures: [{ from: '2026-02-30', to: '2026-03-01' }] },
    ],
    ['24/7 spelt otherwise', { weekly: '24x7' }],
    ['an unknown key', { weekly: week, timezone: 'UTC' }],
  ])('rejects %s', (_name, input) => {
    expect(CalendarDefinitionSchema.safeParse(input).success).toBe(false);
  });

  it('accepts several ranges a day, ranges that touch, and 24:00', () => {
    const r = CalendarDefinitionSchema.safeParse({
      weekly: {
        ...week,
        mon: [
          ['13:00', '24:00'],
          ['00:00', '08:00'],
          ['08:00', '12:00'],
        ],
      },
      closures: [{ from: '2026-12-24', to: '2026-12-24', reason: 'stocktaking' }],
    });
    expect(r.success).toBe(true);
  });

  it('createCalendar validates too', () => {
    expect(() => createCalendar({ weekly: { ...week, mon: [['17:00', '07:00']] } })).toThrow();
  });
});

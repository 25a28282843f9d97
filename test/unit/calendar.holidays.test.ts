import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { easterSunday, polishHolidays } from '../../functions/domain/calendar';

// Hand-checked against the statute (art. 1 of the 1951 act on days off work, as amended in 2010 for
// 6 January and in 2024 for 24 December) and a printed calendar for the Easter dates.
const fixed = (y: number) => [
  `${y}-01-01`,
  `${y}-01-06`,
  `${y}-05-01`,
  `${y}-05-03`,
  `${y}-08-15`,
  `${y}-11-01`,
  `${y}-11-11`,
];
const christmas = (y: number) => (y >= 2025 ? [`${y}-12-24`] : []).concat([`${y}-12-25`, `${y}-12-26`]);

// year → [Easter Sunday, Easter Monday, Pentecost, Corpus Christi]
const movable: Record<number, [string, string, string, string]> = {
  2024: ['2024-03-31', '2024-04-01', '2024-05-19', '2024-05-30'],
  2025: ['2025-04-20', '2025-04-21', '2025-06-08', '2025-06-19'],
  2026: ['2026-04-05', '2026-04-06', '2026-05-24', '2026-06-04'],
  2027: ['2027-03-28', '2027-03-29', '2027-05-16', '2027-05-27'],
  2028: ['2028-04-16', '2028-04-17', '2028-06-04', '2028-06-15'],
  2029: ['2029-04-01', '2029-04-02', '2029-05-20', '2029-05-31'],
  2030: ['2030-04-21', '2030-04-22', '2030-06-09', '2030-06-20'],
};

describe('Polish statutory holidays', () => {
  it.each(Object.keys(movable).map(Number))('%i matches the hand-checked table', (year) => {
    const expected = [...fixed(year), ...movable[year]!, ...christmas(year)].sort();
    expect(polishHolidays(year).map((h) => h.date)).toEqual(expected);
  });

  it('has 24 December from 2025 on only (the 2024 amendment)', () => {
    expect(polishHolidays(2024).some((h) => h.date === '2024-12-24')).toBe(false);
    for (let y = 2025; y <= 2030; y++) {
      expect(polishHolidays(y).find((h) => h.date === `${y}-12-24`)?.name).toBe('Wigilia Bożego Narodzenia');
    }
  });

  it('has no non-statutory days: Good Friday, Holy Saturday, All Souls, New Year’s Eve (Zammad #390)', () => {
    const dates = polishHolidays(2026).map((h) => h.date);
    for (const day of ['2026-04-03', '2026-04-04', '2026-11-02', '2026-12-31', '2026-05-02']) {
      expect(dates).not.toContain(day);
    }
    expect(polishHolidays(2026)).toHaveLength(14);
    expect(polishHolidays(2024)).toHaveLength(13);
  });

  it('has 6 January from 2011 on only', () => {
    expect(polishHolidays(2010).map((h) => h.date)).not.toContain('2010-01-06');
    expect(polishHolidays(2011).map((h) => h.date)).toContain('2011-01-06');
  });

  it('computes Easter for known years', () => {
    expect(easterSunday(2000)).toEqual({ month: 4, day: 23 });
    expect(easterSunday(2019)).toEqual({ month: 4, day: 21 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 }); // latest possible
    expect(easterSunday(2285)).toEqual({ month: 3, day: 22 }); // earliest possible
  });

  it('returns copies (callers cannot change the cached year)', () => {
    const list = polishHolidays(2026);
    list[0]!.date = 'x';
    list.pop();
    expect(polishHolidays(2026)[0]!.date).toBe('2026-01-01');
    expect(polishHolidays(2026)).toHaveLength(14);
  });

  // date-holidays (the field's library; a devDependency here) agrees on every year, 24 Dec included.
  // Only its 'public' type: its full PL feed also lists observances such as Good Friday.
  it('agrees with date-holidays (type public) for 2011–2100', () => {
    const hd = new Holidays('PL', { types: ['public'] });
    for (let y = 2011; y <= 2100; y++) {
      const theirs = [...new Set(hd.getHolidays(y).map((h) => h.date.slice(0, 10)))].sort();
      expect(
        polishHolidays(y).map((h) => h.date),
        String(y)
      ).toEqual(theirs);
    }
  });
});

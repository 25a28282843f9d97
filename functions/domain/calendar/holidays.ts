/**
 * Polish statutory public holidays (ustawa z dnia 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1):
 * the days closed by law, and only those (Zammad #390: a holiday feed with observances such as Good Friday,
 * or Christmas Eve before 2025, closed days that were working days).
 *
 * Computed here rather than read from `date-holidays` at run time: its data agrees with this table
 * (test/unit/calendar.holidays.test.ts checks every year 2011–2100 against it, Christmas Eve included), but it
 * would add ~2 MB and ~100 ms of cold start to every Lambda bundle that imports the domain.
 */

export interface Holiday {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  name: string;
}

/** 24 December became a public holiday from 2025 on (the 2024 amendment of the 1951 act). */
export const CHRISTMAS_EVE_FROM_YEAR = 2025;
/** 6 January (Epiphany) has been a public holiday again since 2011. */
export const EPIPHANY_FROM_YEAR = 2011;

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number) => `${year}-${pad2(month)}-${pad2(day)}`;

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function plusDays(year: number, month: number, day: number, days: number): string {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const cache = new Map<number, readonly Holiday[]>();

/** Polish statutory public holidays of a year as local dates `YYYY-MM-DD` with their Polish names, in date order. */
export function polishHolidays(year: number): { date: string; name: string }[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`unsupported year ${year}`);
  let list = cache.get(year);
  if (!list) {
    const easter = easterSunday(year);
    const days: Holiday[] = [
      { date: iso(year, 1, 1), name: 'Nowy Rok' },
      ...(year >= EPIPHANY_FROM_YEAR ? [{ date: iso(year, 1, 6), name: 'Święto Trzech Króli' }] : []),
      { date: iso(year, easter.month, easter.day), name: 'Wielkanoc' },
      { date: plusDays(year, easter.month, easter.day, 1), name: 'Poniedziałek Wielkanocny' },
      { date: iso(year, 5, 1), name: 'Święto Pracy' },
      { date: iso(year, 5, 3), name: 'Święto Konstytucji 3 Maja' },
      { date: plusDays(year, easter.month, easter.day, 49), name: 'Zielone Świątki' },
      { date: plusDays(year, easter.month, easter.day, 60), name: 'Boże Ciało' },
      { date: iso(year, 8, 15), name: 'Wniebowzięcie Najświętszej Maryi Panny' },
      { date: iso(year, 11, 1), name: 'Wszystkich Świętych' },
      { date: iso(year, 11, 11), name: 'Narodowe Święto Niepodległości' },
      ...(year >= CHRISTMAS_EVE_FROM_YEAR
        ? [{ date: iso(year, 12, 24), name: 'Wigilia Bożego Narodzenia' }]
        : []),
      { date: iso(year, 12, 25), name: 'Boże Narodzenie (pierwszy dzień)' },
      { date: iso(year, 12, 26), name: 'Boże Narodzenie (drugi dzień)' },
    ];
    days.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
    list = Object.freeze(days.map((h) => Object.freeze(h)));
    cache.set(year, list);
  }
  return list.map((h) => ({ ...h }));
}

const byDate = new Map<number, ReadonlyMap<string, string>>();

/** The year's holidays keyed by `YYYY-MM-DD` (cached). */
export function polishHolidayMap(year: number): ReadonlyMap<string, string> {
  let m = byDate.get(year);
  if (!m) {
    m = new Map(polishHolidays(year).map((h) => [h.date, h.name]));
    byDate.set(year, m);
  }
  return m;
}

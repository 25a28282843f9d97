/**
 * Time-zone arithmetic on the runtime's own tz database (Intl, full ICU on Node and on Lambda), with no
 * library. Only the per-year tables of a calendar use it (once per zone and year, cached); answering
 * `isOpen`/`addBusinessMinutes` never formats a date.
 *
 * "Wall" values are local wall-clock times written as if they were UTC milliseconds:
 * `Date.UTC(y, m - 1, d, hh, mm)`.
 */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone (`Europe/Warsaw`, `UTC`, …). */
export function isValidTimeZone(timeZone: string): boolean {
  // Schemas check the zone on every parse; building a formatter each time showed in intake profiles.
  let known = validity.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    validity.set(timeZone, known);
  }
  return known;
}
const validity = new Map<string, boolean>();

/** The zone's UTC offset in milliseconds at an instant (positive east of Greenwich). */
export function offsetAt(timeZone: string, utcMs: number): number {
  const seconds = Math.floor(utcMs / 1000) * 1000;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of formatter(timeZone).formatToParts(seconds)) {
    switch (part.type) {
      case 'year':
        y = Number(part.value);
        break;
      case 'month':
        mo = Number(part.value);
        break;
      case 'day':
        d = Number(part.value);
        break;
      case 'hour':
        h = Number(part.value);
        break;
      case 'minute':
        mi = Number(part.value);
        break;
      case 'second':
        s = Number(part.value);
        break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - seconds;
}

/**
 * The instant of a local wall-clock time. Like Temporal's `disambiguation: 'compatible'`: a time that
 * occurs twice (autumn fall-back) is its first occurrence; a time skipped by a spring-forward gap is
 * moved forward by the gap (02:30 on the last Sunday of March in Warsaw → 03:30 CEST).
 */
export function wallToUtc(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const candidates = before === after ? [before] : [before, after];
  let best: number | undefined;
  for (const offset of candidates) {
    const t = wall - offset;
    if (offsetAt(timeZone, t) === offset && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return best;
  // In a gap: read the wall time with the offset in force before the gap.
  return wall - before;
}

/** Local wall-clock time (as UTC-written ms) of an instant. */
export function utcToWall(timeZone: string, utcMs: number): number {
  return utcMs + offsetAt(timeZone, utcMs);
}

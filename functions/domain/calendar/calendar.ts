// biome-ignore-all lint/style/noNonNullAssertion: typed-array reads in the year tables are bounds-checked by construction (noUncheckedIndexedAccess cannot see it)
import { polishHolidayMap } from './holidays';
import {
  type CalendarDefinition,
  type CalendarDefinitionInput,
  CalendarDefinitionSchema,
  timeToMinutes,
  WEEKDAYS,
} from './schema';
import { wallToUtc } from './time-zone';

export interface Interval {
  start: Date;
  end: Date;
}

export type ExplanationStepKind = 'start' | 'closed' | 'holiday' | 'pause' | 'work' | 'due';

export interface ExplanationStep {
  kind: ExplanationStepKind;
  from: Date;
  to: Date;
  /** Business minutes: used (work), not counted because paused (pause), or the total (due). */
  minutes?: number;
  note: string;
}

export interface CalendarExplanation {
  due: Date;
  /** After moving to the next opening / out of a pause. */
  startedAt: Date;
  steps: ExplanationStep[];
}

export interface BusinessCalendar {
  readonly definition: CalendarDefinition;
  isOpen(at: Date): boolean;
  /** `at` itself when open; else the start of the next open period. Periods are [open, close): an instant exactly at closing time is closed. */
  nextOpening(at: Date): Date;
  /**
   * Adds business minutes from `start` (moved to the next opening first), skipping closed time and the
   * given pauses (any order, may overlap, may be open-ended with end = far future). A target that ends
   * exactly at a closing time is due AT that closing time (not the next opening). 0 minutes →
   * nextOpening(start) (pauses considered). A pause still running at the due's place with an end past
   * the calendar's horizon (year 9999) makes the result that pause's end: "not due while paused".
   */
  addBusinessMinutes(start: Date, minutes: number, pauses?: readonly Interval[]): Date;
  /** Business minutes (fractional allowed) in [from, to), minus pauses. 0 if to <= from. */
  businessMinutesBetween(from: Date, to: Date, pauses?: readonly Interval[]): number;
  /** The same computation as addBusinessMinutes, as steps people can read. */
  explainAdd(start: Date, minutes: number, pauses?: readonly Interval[]): CalendarExplanation;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Local years a calendar computes in. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
/** Instants from here on are "never": an open-ended pause ending here or later is never resumed. */
const HORIZON_MS = Date.UTC(MAX_YEAR, 11, 31);
/** A calendar that stays closed this long (closures) is treated as a configuration error. */
const MAX_CLOSED_YEARS = 10;

/** One local year of a calendar: day boundaries, open intervals and cumulative open time, as UTC ms. */
interface YearTable {
  readonly year: number;
  readonly days: number;
  /** UTC instant of each local midnight; `dayStart[days]` is 1 January of the next year. */
  readonly dayStart: Float64Array;
  /** Intervals of day i are `ivStart/ivEnd[ivIdx[i] .. ivIdx[i+1])`, sorted, disjoint, non-empty. */
  readonly ivIdx: Int32Array;
  readonly ivStart: Float64Array;
  readonly ivEnd: Float64Array;
  /** Open ms of the year before day i; `cum[days]` is the year's total. */
  readonly cum: Float64Array;
  /** Why a day the weekly hours would open is closed (holiday name, closure reason). */
  readonly closedWhy: readonly (string | undefined)[];
}

interface ZoneYear {
  dayStart: Float64Array;
  /** 1 when the UTC offset at the day's midnight differs from the next midnight's (a DST day). */
  shifts: Uint8Array;
  /** Local wall midnight (as UTC-written ms) of each day. */
  wall: Float64Array;
}

const zoneYears = new Map<string, ZoneYear>();

function zoneYear(timeZone: string, year: number): ZoneYear {
  const key = `${timeZone}|${year}`;
  let z = zoneYears.get(key);
  if (!z) {
    const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
    const dayStart = new Float64Array(days + 1);
    const wall = new Float64Array(days + 1);
    const offsets = new Float64Array(days + 1);
    const firstWall = Date.UTC(year, 0, 1);
    for (let i = 0; i <= days; i++) wall[i] = firstWall + i * DAY_MS;
    const exact = (i: number) => {
      dayStart[i] = wallToUtc(timeZone, wall[i]!);
      offsets[i] = wall[i]! - dayStart[i]!;
    };
    // Midnights a week apart with the same offset have it all week (zones change at most once a week);
    // between two with different offsets, bisect down to the day of the change.
    const fill = (lo: number, hi: number): void => {
      if (hi - lo < 2) return;
      if (offsets[lo] === offsets[hi]) {
        for (let i = lo + 1; i < hi; i++) {
          offsets[i] = offsets[lo]!;
          dayStart[i] = wall[i]! - offsets[i]!;
        }
        return;
      }
      const mid = (lo + hi) >> 1;
      exact(mid);
      fill(lo, mid);
      fill(mid, hi);
    };
    exact(0);
    for (let lo = 0; lo < days; lo += 7) {
      const hi = Math.min(lo + 7, days);
      exact(hi);
      fill(lo, hi);
    }
    const shifts = new Uint8Array(days);
    for (let i = 0; i < days; i++) {
      shifts[i] = offsets[i] === offsets[i + 1] ? 0 : 1;
    }
    z = { dayStart, shifts, wall };
    zoneYears.set(key, z);
  }
  return z;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoDateOfWall(wall: number): string {
  const d = new Date(wall);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Opening ranges per weekday (0 = Monday) as merged [from, to) minute pairs. */
function weeklyMinutes(def: CalendarDefinition): number[][][] {
  return WEEKDAYS.map((day) => {
    const ranges =
      def.weekly === '24/7'
        ? [[0, 1440]]
        : def.weekly[day].map(([from, to]) => [timeToMinutes(from), timeToMinutes(to)]);
    ranges.sort((a, b) => a[0]! - b[0]!);
    const merged: number[][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0]! <= last[1]!) last[1] = Math.max(last[1]!, r[1]!);
      else merged.push([r[0]!, r[1]!]);
    }
    return merged;
  });
}

class Engine {
  private readonly tables = new Map<number, YearTable>();
  private last: YearTable | undefined;
  private readonly week: number[][][];
  private readonly closures: { from: string; to: string; why: string }[];

  constructor(readonly def: CalendarDefinition) {
    this.week = weeklyMinutes(def);
    this.closures = def.closures.map((c) => ({
      from: c.from,
      to: c.to,
      why: c.reason ? `closure: ${c.reason}` : 'closure',
    }));
  }

  table(year: number): YearTable {
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(`business calendar computes only in the years ${MIN_YEAR}–${MAX_YEAR}`);
    }
    let t = this.tables.get(year);
    if (!t) {
      t = this.build(year);
      this.tables.set(year, t);
    }
    return t;
  }

  private build(year: number): YearTable {
    const tz = this.def.timeZone;
    const zone = zoneYear(tz, year);
    const days = zone.shifts.length;
    const holidays = this.def.holidays === 'PL' ? polishHolidayMap(year) : undefined;
    const yearFrom = `${year}-01-01`;
    const yearTo = `${year}-12-31`;
    const closures = this.closures.filter((c) => c.from <= yearTo && c.to >= yearFrom);
    const ivIdx = new Int32Array(days + 1);
    const starts: number[] = [];
    const ends: number[] = [];
    const cum = new Float64Array(days + 1);
    const closedWhy: (string | undefined)[] = new Array(days).fill(undefined);
    let total = 0;
    for (let i = 0; i < days; i++) {
      ivIdx[i] = starts.length;
      cum[i] = total;
      const wall = zone.wall[i]!;
      const weekday = (new Date(wall).getUTCDay() + 6) % 7;
      const ranges = this.week[weekday]!;
      if (ranges.length === 0) continue;
      let why: string | undefined;
      if (holidays || closures.length > 0) {
        const date = isoDateOfWall(wall);
        const holiday = holidays?.get(date);
        if (holiday) why = `public holiday: ${holiday}`;
        for (const c of closures) {
          if (c.from <= date && date <= c.to) why = why ? `${why}; ${c.why}` : c.why;
        }
      }
      if (why) {
        closedWhy[i] = why;
        continue;
      }
      const dayStart = zone.dayStart[i]!;
      const nextStart = zone.dayStart[i + 1]!;
      const shifted = zone.shifts[i] === 1;
      const at = (minute: number): number => {
        if (minute === 0) return dayStart;
        if (minute === 1440) return nextStart;
        return shifted ? wallToUtc(tz, wall + minute * MINUTE_MS) : dayStart + minute * MINUTE_MS;
      };
      for (const [from, to] of ranges) {
        const s = at(from!);
        const e = at(to!);
        if (e <= s) continue; // a range inside a spring-forward gap
        const k = starts.length;
        if (k > ivIdx[i]! && s <= ends[k - 1]!) {
          ends[k - 1] = Math.max(ends[k - 1]!, e);
        } else {
          starts.push(s);
          ends.push(e);
        }
      }
      for (let k = ivIdx[i]!; k < starts.length; k++) total += ends[k]! - starts[k]!;
    }
    ivIdx[days] = starts.length;
    cum[days] = total;
    return {
      year,
      days,
      dayStart: zone.dayStart,
      ivIdx,
      ivStart: Float64Array.from(starts),
      ivEnd: Float64Array.from(ends),
      cum,
      closedWhy,
    };
  }

  /** The table whose local year holds instant t. */
  tableAt(t: number): YearTable {
    const last = this.last;
    if (last && t >= last.dayStart[0]! && t < last.dayStart[last.days]!) return last;
    if (!Number.isFinite(t)) throw new RangeError('invalid date');
    let tb = this.table(new Date(t).getUTCFullYear());
    if (t < tb.dayStart[0]!) tb = this.table(tb.year - 1);
    else if (t >= tb.dayStart[tb.days]!) tb = this.table(tb.year + 1);
    this.last = tb;
    return tb;
  }

  /** Index of the local day of t in its table. */
  static dayIndex(tb: YearTable, t: number): number {
    const ds = tb.dayStart;
    let i = Math.floor((t - ds[0]!) / DAY_MS);
    if (i >= tb.days) i = tb.days - 1;
    if (i < 0) i = 0;
    while (ds[i]! > t) i--;
    while (ds[i + 1]! <= t) i++;
    return i;
  }

  /** Open ms of the year before instant t (t within the table's year). */
  static position(tb: YearTable, i: number, t: number): number {
    let p = tb.cum[i]!;
    for (let k = tb.ivIdx[i]!, n = tb.ivIdx[i + 1]!; k < n; k++) {
      const s = tb.ivStart[k]!;
      if (s >= t) break;
      const e = tb.ivEnd[k]!;
      p += (e < t ? e : t) - s;
    }
    return p;
  }

  /** First day j in [lo, days) with cum[j+1] >= target (caller guarantees one exists). */
  static dayReaching(tb: YearTable, lo: number, target: number): number {
    const cum = tb.cum;
    let hi = tb.days - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid + 1]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  isOpen(t: number): boolean {
    const tb = this.tableAt(t);
    const i = Engine.dayIndex(tb, t);
    for (let k = tb.ivIdx[i]!, n = tb.ivIdx[i + 1]!; k < n; k++) {
      if (tb.ivStart[k]! > t) return false;
      if (t < tb.ivEnd[k]!) return true;
    }
    return false;
  }

  /** The open interval containing t, if any. */
  intervalAt(t: number): [number, number] | undefined {
    const tb = this.tableAt(t);
    const i = Engine.dayIndex(tb, t);
    for (let k = tb.ivIdx[i]!, n = tb.ivIdx[i + 1]!; k < n; k++) {
      if (tb.ivStart[k]! > t) return undefined;
      if (t < tb.ivEnd[k]!) return [tb.ivStart[k]!, tb.ivEnd[k]!];
    }
    return undefined;
  }

  nextOpening(t: number): number {
    let tb = this.tableAt(t);
    const i = Engine.dayIndex(tb, t);
    for (let k = tb.ivIdx[i]!, n = tb.ivIdx[i + 1]!; k < n; k++) {
      if (tb.ivEnd[k]! > t) return tb.ivStart[k]! > t ? tb.ivStart[k]! : t;
    }
    // The first later day with open time: the first j with cum[j+1] > cum[i+1].
    let after = tb.cum[i + 1]!;
    let lo = i + 1;
    for (let years = 0; ; years++) {
      if (tb.cum[tb.days]! > after) {
        const j = Engine.dayReaching(tb, lo, after + 1);
        return tb.ivStart[tb.ivIdx[j]!]!;
      }
      if (years > MAX_CLOSED_YEARS) {
        throw new Error(`business calendar has no opening within ${MAX_CLOSED_YEARS} years`);
      }
      tb = this.table(tb.year + 1);
      after = 0;
      lo = 0;
    }
  }

  /** The earliest instant at which `ms` (> 0) business ms have passed since t (no pauses). */
  add(t: number, ms: number): number {
    let tb = this.tableAt(t);
    let lo = Engine.dayIndex(tb, t);
    let target = Engine.position(tb, lo, t) + ms;
    for (;;) {
      const total = tb.cum[tb.days]!;
      if (target <= total) {
        const j = Engine.dayReaching(tb, lo, target);
        let rem = target - tb.cum[j]!;
        for (let k = tb.ivIdx[j]!, n = tb.ivIdx[j + 1]!; k < n; k++) {
          const len = tb.ivEnd[k]! - tb.ivStart[k]!;
          if (rem <= len) return tb.ivStart[k]! + rem;
          rem -= len;
        }
        throw new Error('business calendar: inconsistent year table');
      }
      target -= total;
      tb = this.table(tb.year + 1);
      lo = 0;
    }
  }

  /** Business ms in [from, to) (no pauses). */
  between(from: number, to: number): number {
    if (!(to > from)) return 0;
    const ta = this.tableAt(from);
    const pa = Engine.position(ta, Engine.dayIndex(ta, from), from);
    const tb = this.tableAt(to);
    const pb = Engine.position(tb, Engine.dayIndex(tb, to), to);
    if (ta === tb) return pb - pa;
    let sum = ta.cum[ta.days]! - pa + pb;
    for (let y = ta.year + 1; y < tb.year; y++) {
      const mid = this.table(y);
      sum += mid.cum[mid.days]!;
    }
    return sum;
  }

  /** Holiday/closure reasons of the days overlapping [from, to) on which the weekly hours would open. */
  closedReasons(from: number, to: number): { day: number; why: string }[] {
    const out: { day: number; why: string }[] = [];
    let t = from;
    while (t < to) {
      const tb = this.tableAt(t);
      const i = Engine.dayIndex(tb, t);
      const why = tb.closedWhy[i];
      if (why) out.push({ day: tb.dayStart[i]!, why });
      t = tb.dayStart[i + 1]!;
    }
    return out;
  }
}

type Pause = { start: number; end: number };

function normalizePauses(pauses: readonly Interval[] | undefined): Pause[] {
  if (!pauses || pauses.length === 0) return [];
  const list: Pause[] = [];
  for (const p of pauses) {
    const start = p.start.getTime();
    const end = p.end.getTime();
    if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('pause with an invalid date');
    if (end > start) list.push({ start, end });
  }
  list.sort((a, b) => a.start - b.start);
  const merged: Pause[] = [];
  for (const p of list) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) {
      if (p.end > last.end) last.end = p.end;
    } else merged.push({ ...p });
  }
  return merged;
}

function toMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`business minutes must be a finite number ≥ 0, got ${minutes}`);
  }
  return Math.round(minutes * MINUTE_MS);
}

function instant(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} is not a valid date`);
  return t;
}

class Calendar implements BusinessCalendar {
  private fmtCache: Intl.DateTimeFormat | undefined;

  constructor(
    readonly definition: CalendarDefinition,
    private readonly engine: Engine
  ) {}

  private get fmt(): Intl.DateTimeFormat {
    this.fmtCache ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.definition.timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    return this.fmtCache;
  }

  isOpen(at: Date): boolean {
    return this.engine.isOpen(instant(at, 'at'));
  }

  nextOpening(at: Date): Date {
    return new Date(this.engine.nextOpening(instant(at, 'at')));
  }

  /** Moves t to the next instant that is open and not paused; `idx` is the first pause ending after it. */
  private startOf(t: number, pauses: Pause[]): { at: number; idx: number } {
    let cur = t;
    let idx = 0;
    for (;;) {
      if (cur >= HORIZON_MS) return { at: cur, idx };
      cur = this.engine.nextOpening(cur);
      while (idx < pauses.length && pauses[idx]!.end <= cur) idx++;
      const p = pauses[idx];
      if (p && p.start <= cur) {
        cur = p.end;
        idx++;
        continue;
      }
      return { at: cur, idx };
    }
  }

  private addMs(t: number, ms: number, pauses: Pause[]): number {
    const started = this.startOf(t, pauses);
    let cur = started.at;
    if (ms === 0 || cur >= HORIZON_MS) return cur;
    let rem = ms;
    for (let idx = started.idx; ; idx++) {
      const p = pauses[idx];
      if (!p) return this.engine.add(cur, rem);
      const avail = this.engine.between(cur, p.start);
      if (rem <= avail) return this.engine.add(cur, rem);
      rem -= avail;
      cur = p.end;
      if (cur >= HORIZON_MS) return cur;
    }
  }

  addBusinessMinutes(start: Date, minutes: number, pauses?: readonly Interval[]): Date {
    const t = instant(start, 'start');
    const ms = toMs(minutes);
    return new Date(this.addMs(t, ms, normalizePauses(pauses)));
  }

  businessMinutesBetween(from: Date, to: Date, pauses?: readonly Interval[]): number {
    const a = instant(from, 'from');
    const b = instant(to, 'to');
    if (!(b > a)) return 0;
    let ms = this.engine.between(a, b);
    for (const p of normalizePauses(pauses)) {
      if (p.end <= a) continue;
      if (p.start >= b) break;
      ms -= this.engine.between(Math.max(p.start, a), Math.min(p.end, b));
    }
    return ms / MINUTE_MS;
  }

  explainAdd(start: Date, minutes: number, pauses?: readonly Interval[]): CalendarExplanation {
    const received = instant(start, 'start');
    const ms = toMs(minutes);
    const list = normalizePauses(pauses);
    const engine = this.engine;
    const started = this.startOf(received, list);
    const startedAt = started.at;
    const steps: ExplanationStep[] = [];

    steps.push({
      kind: 'start',
      from: new Date(received),
      to: new Date(startedAt),
      note: this.startNote(received, startedAt, list),
    });

    let due = startedAt;
    if (ms > 0 && startedAt < HORIZON_MS) {
      let cur = startedAt;
      let rem = ms;
      for (;;) {
        const pause = list.find((p) => p.start <= cur && cur < p.end);
        if (pause) {
          const skipped = pause.end >= HORIZON_MS ? undefined : engine.between(cur, pause.end) / MINUTE_MS;
          steps.push({
            kind: 'pause',
            from: new Date(cur),
            to: new Date(pause.end),
            ...(skipped === undefined ? {} : { minutes: skipped }),
            note:
              pause.end >= HORIZON_MS
                ? `paused from ${this.at(cur)} with no end: the clock does not run`
                : `paused ${this.span(cur, pause.end)}: ${fmtMinutes(skipped!)} business minutes not counted`,
          });
          cur = pause.end;
          if (cur >= HORIZON_MS) {
            due = cur;
            break;
          }
          continue;
        }
        const nextPause = list.find((p) => p.start > cur)?.start ?? Number.POSITIVE_INFINITY;
        const open = engine.intervalAt(cur);
        if (!open) {
          const end = Math.min(engine.nextOpening(cur), nextPause);
          steps.push(this.gapStep(cur, end));
          cur = end;
          continue;
        }
        // The open run from cur: adjacent periods (24/7 across midnight) join, up to the next pause.
        let runEnd = open[1];
        while (runEnd - cur < rem && runEnd < nextPause) {
          const more = engine.intervalAt(runEnd);
          if (!more) break;
          runEnd = more[1];
        }
        const limit = Math.min(runEnd, nextPause);
        const avail = limit - cur;
        const used = Math.min(avail, rem);
        rem -= used;
        const endsAt = cur + used;
        const closing = rem === 0 && endsAt === runEnd && !engine.isOpen(endsAt);
        steps.push({
          kind: 'work',
          from: new Date(cur),
          to: new Date(endsAt),
          minutes: used / MINUTE_MS,
          note:
            `open ${this.span(cur, endsAt)}: ${fmtMinutes(used / MINUTE_MS)} business minutes` +
            ` (${fmtMinutes((ms - rem) / MINUTE_MS)} of ${fmtMinutes(ms / MINUTE_MS)})` +
            (closing ? ', ending exactly at closing time' : ''),
        });
        cur = endsAt;
        if (rem === 0) {
          due = cur;
          break;
        }
      }
    }
    const closingNote =
      ms > 0 && due < HORIZON_MS && !engine.isOpen(due)
        ? ' (at closing time: due then, not at the next opening)'
        : '';
    steps.push({
      kind: 'due',
      from: new Date(due),
      to: new Date(due),
      minutes: ms / MINUTE_MS,
      note:
        due >= HORIZON_MS
          ? 'not due while the clock is paused'
          : `due ${this.at(due)}: ${fmtMinutes(ms / MINUTE_MS)} business minutes from ${this.at(startedAt)}${closingNote}`,
    });
    return { due: new Date(due), startedAt: new Date(startedAt), steps };
  }

  private startNote(received: number, startedAt: number, pauses: Pause[]): string {
    const engine = this.engine;
    const head = `received ${this.at(received)}`;
    if (startedAt === received) return `${head} in business hours → the clock starts at once`;
    if (startedAt >= HORIZON_MS) return `${head} while paused with no end → the clock does not start`;
    const why: string[] = [];
    const closedDays = engine.closedReasons(received, startedAt);
    const receivedOnClosedDay =
      closedDays[0] && closedDays[0].day <= received ? closedDays.shift() : undefined;
    if (pauses.some((p) => p.start <= received && received < p.end)) why.push('while paused');
    else if (engine.isOpen(received - 1)) why.push('exactly at closing time');
    else if (receivedOnClosedDay) why.push(`on a closed day (${receivedOnClosedDay.why})`);
    else why.push('after hours');
    if (closedDays.length > 0) {
      why.push(`closed ${closedDays.map((r) => `${this.day(r.day)} (${r.why})`).join(', ')}`);
    }
    if (pauses.some((p) => p.start > received && p.start < startedAt)) why.push('then paused');
    return `${head} ${why.join('; ')} → starts ${this.at(startedAt)}`;
  }

  private gapStep(from: number, to: number): ExplanationStep {
    const reasons = this.engine.closedReasons(from, to);
    if (reasons.length > 0) {
      return {
        kind: 'holiday',
        from: new Date(from),
        to: new Date(to),
        note: `closed ${this.span(from, to)}: ${reasons.map((r) => `${this.day(r.day)} (${r.why})`).join(', ')}`,
      };
    }
    return {
      kind: 'closed',
      from: new Date(from),
      to: new Date(to),
      note: `closed ${this.span(from, to)} (outside business hours)`,
    };
  }

  /** 'Wed 2026-12-23 16:30 +01:00' in the calendar's zone (seconds shown when not zero). */
  private at(t: number): string {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(t)) p[part.type] = part.value;
    const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
    const seconds = p.second && p.second !== '00' ? `:${p.second}` : '';
    return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds} ${offset}`;
  }

  /** 'Mon 2026-12-28 07:00 → 10:30 +01:00' (the date and offset once when both ends share them). */
  private span(from: number, to: number): string {
    const a = this.at(from);
    const b = this.at(to);
    const [aDate, aTime, aOffset] = [
      a.slice(0, 14),
      a.slice(15, a.lastIndexOf(' ')),
      a.slice(a.lastIndexOf(' ') + 1),
    ];
    const [bDate, bTime, bOffset] = [
      b.slice(0, 14),
      b.slice(15, b.lastIndexOf(' ')),
      b.slice(b.lastIndexOf(' ') + 1),
    ];
    if (aDate === bDate && aOffset === bOffset) return `${aDate} ${aTime} → ${bTime} ${aOffset}`;
    return `${a} → ${b}`;
  }

  /** 'Thu 2026-12-24' of a local midnight instant. */
  private day(t: number): string {
    return this.at(t).slice(0, 14);
  }
}

function fmtMinutes(m: number): string {
  return Number.isInteger(m) ? String(m) : m.toFixed(3).replace(/0+$/, '');
}

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
}

const calendars = new Map<string, Calendar>();
const MAX_CALENDARS = 64;

/**
 * A calendar from its definition (validated, defaults applied). Calendars with the same definition share
 * one instance and its per-year tables, so creating one per request costs a parse, not a rebuild.
 */
export function createCalendar(definition: CalendarDefinition | CalendarDefinitionInput): BusinessCalendar {
  const def = CalendarDefinitionSchema.parse(definition);
  const key = JSON.stringify(def);
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= MAX_CALENDARS) calendars.delete(calendars.keys().next().value!);
    deepFreeze(def); // shared by every caller with this definition
    calendar = new Calendar(def, new Engine(def));
    calendars.set(key, calendar);
  }
  return calendar;
}

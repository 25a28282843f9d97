import { utcToWall, wallToUtc } from './calendar/time-zone';

/**
 * On-call rosters (issue 5, part 1): rotations that hand off at a local wall-clock time in a time
 * zone, daily or weekly, and overrides for a window. "Who is on call at instant T" is pure: the
 * roster and the instant are passed in. Handoffs are counted in local calendar days, so a DST
 * change never shifts a handoff by an hour (a 02:30 handoff skipped by the spring-forward gap
 * happens at 03:30 CEST, the first instant the wall clock reads 02:30 or later).
 */

export interface Rotation {
  id: string;
  name?: string;
  /** IANA zone the handoff time is read in, e.g. Europe/Warsaw. */
  timeZone: string;
  /** Local wall-clock time of each handoff, "HH:MM". */
  handoffAt: string;
  every: 'daily' | 'weekly';
  /** Local date of the first shift (its handoff starts the roster); weekly handoffs fall on this weekday. */
  start: string;
  /** People ids, in rotation order. */
  members: string[];
}

export interface RosterOverride {
  rotation: string;
  /** Person id who is on call instead during [from, to). */
  person: string;
  from: string;
  to: string;
  reason?: string;
}

export interface OnCall {
  person: string;
  via: 'rotation' | 'override';
  /** The current shift (or override window): [from, until). */
  from: string;
  until: string;
}

const DAY_MS = 86_400_000;

function parseHandoff(handoffAt: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(handoffAt);
  if (!m) throw new Error(`handoff time must be HH:MM, got ${handoffAt}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

function startDay(start: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(start);
  if (!m) throw new Error(`rotation start must be YYYY-MM-DD, got ${start}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The instant of the handoff on a local day (days since epoch, as a wall-clock date). */
function handoffInstant(rotation: Rotation, day: number): number {
  return wallToUtc(rotation.timeZone, day * DAY_MS + parseHandoff(rotation.handoffAt));
}

/** The rotation's own shift at an instant, ignoring overrides; undefined before the first handoff. */
export function rotationShiftAt(rotation: Rotation, at: Date): OnCall | undefined {
  if (rotation.members.length === 0) return undefined;
  const t = at.getTime();
  const first = startDay(rotation.start);
  // The local day whose handoff most recently passed: today's if it has happened, else yesterday's.
  let day = Math.floor(utcToWall(rotation.timeZone, t) / DAY_MS);
  if (handoffInstant(rotation, day) > t) day -= 1;
  if (day < first) return undefined;
  const length = rotation.every === 'daily' ? 1 : 7;
  const shift = Math.floor((day - first) / length);
  const shiftDay = first + shift * length;
  const person = rotation.members[shift % rotation.members.length];
  if (person === undefined) return undefined;
  return {
    person,
    via: 'rotation',
    from: new Date(handoffInstant(rotation, shiftDay)).toISOString(),
    until: new Date(handoffInstant(rotation, shiftDay + length)).toISOString(),
  };
}

/** Who is on call for a rotation at an instant: the latest override covering it wins, else the rotation. */
export function onCallAt(
  rotation: Rotation,
  overrides: readonly RosterOverride[],
  at: Date
): OnCall | undefined {
  const t = at.getTime();
  const covering = overrides.filter(
    (o) => o.rotation === rotation.id && Date.parse(o.from) <= t && t < Date.parse(o.to)
  );
  const override = covering[covering.length - 1];
  if (override) {
    return {
      person: override.person,
      via: 'override',
      from: new Date(override.from).toISOString(),
      until: new Date(override.to).toISOString(),
    };
  }
  return rotationShiftAt(rotation, at);
}

/** Why an override cannot be accepted, or null: unknown rotation or person, or an empty window. */
export function overrideProblem(
  o: RosterOverride,
  rotations: readonly Pick<Rotation, 'id'>[],
  people: readonly string[]
): string | null {
  if (!rotations.some((r) => r.id === o.rotation)) return `no rotation ${o.rotation}`;
  if (!people.includes(o.person)) return `no person ${o.person} under oncall.people`;
  const from = Date.parse(o.from);
  const to = Date.parse(o.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'from and to must be ISO 8601 instants';
  if (to <= from) return 'the window is empty: to must be after from';
  return null;
}

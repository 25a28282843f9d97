import { describe, expect, it } from 'vitest';
import {
  expandPolicy,
  legacySteps,
  type Roster,
  resolveTarget,
} from '../../functions/domain/escalation-policy';
import { onCallAt, type Rotation, rotationShiftAt } from '../../functions/domain/roster';

const daily: Rotation = {
  id: 'ops',
  timeZone: 'Europe/Warsaw',
  handoffAt: '09:00',
  every: 'daily',
  start: '2026-03-27',
  members: ['ala', 'bartek', 'celina'],
};
const at = (iso: string) => new Date(iso);
const who = (r: Rotation, iso: string) => rotationShiftAt(r, at(iso))?.person;

describe('rosters: who is on call at T', () => {
  it('daily rotation hands off at 09:00 local time, in member order, wrapping around', () => {
    expect(who(daily, '2026-03-27T07:59:59Z')).toBeUndefined(); // before the first handoff (09:00 CET = 08:00Z)
    expect(who(daily, '2026-03-27T08:00:00Z')).toBe('ala');
    expect(who(daily, '2026-03-28T07:59:59Z')).toBe('ala');
    expect(who(daily, '2026-03-28T08:00:00Z')).toBe('bartek');
    expect(who(daily, '2026-03-30T12:00:00Z')).toBe('ala'); // day 3 wraps to the first member
  });

  it('spring forward (29 Mar 2026, Warsaw): the handoff stays at 09:00 local, now 07:00Z', () => {
    expect(who(daily, '2026-03-29T06:59:59Z')).toBe('bartek'); // 08:59:59 CEST
    expect(who(daily, '2026-03-29T07:00:00Z')).toBe('celina'); // 09:00 CEST
    const shift = rotationShiftAt(daily, at('2026-03-28T12:00:00Z'));
    // Saturday's shift is 23 hours long: 09:00 CET → 09:00 CEST.
    expect(shift).toMatchObject({ from: '2026-03-28T08:00:00.000Z', until: '2026-03-29T07:00:00.000Z' });
  });

  it('fall back (25 Oct 2026, Warsaw): the shift is 25 hours and hands off at 09:00 CET', () => {
    const r: Rotation = { ...daily, start: '2026-10-24' };
    const shift = rotationShiftAt(r, at('2026-10-24T12:00:00Z'));
    expect(shift).toMatchObject({
      person: 'ala',
      from: '2026-10-24T07:00:00.000Z',
      until: '2026-10-25T08:00:00.000Z',
    });
    expect(who(r, '2026-10-25T07:30:00Z')).toBe('ala'); // 08:30 CET: still Saturday's shift
    expect(who(r, '2026-10-25T08:00:00Z')).toBe('bartek');
  });

  it('a handoff inside the spring-forward gap happens when the wall clock first reads it (03:00 CEST)', () => {
    const r: Rotation = { ...daily, handoffAt: '02:30', start: '2026-03-28' };
    expect(who(r, '2026-03-29T00:59:59Z')).toBe('ala'); // 01:59:59 CET
    expect(who(r, '2026-03-29T01:00:00Z')).toBe('ala'); // 03:00 CEST: 02:30 never happened; moved to 03:30
    expect(who(r, '2026-03-29T01:30:00Z')).toBe('bartek'); // 03:30 CEST
  });

  it('weekly rotation hands off on the start weekday, across a DST change', () => {
    const weekly: Rotation = {
      ...daily,
      every: 'weekly',
      start: '2026-03-23', // a Monday
      members: ['ala', 'bartek'],
      handoffAt: '10:00',
    };
    expect(who(weekly, '2026-03-29T21:00:00Z')).toBe('ala'); // Sunday night, CEST
    expect(who(weekly, '2026-03-30T07:59:00Z')).toBe('ala'); // Monday 09:59 CEST
    expect(who(weekly, '2026-03-30T08:00:00Z')).toBe('bartek'); // Monday 10:00 CEST
    expect(rotationShiftAt(weekly, at('2026-03-24T00:00:00Z'))).toMatchObject({
      from: '2026-03-23T09:00:00.000Z',
      until: '2026-03-30T08:00:00.000Z', // a 167-hour week
    });
    expect(who(weekly, '2026-04-06T08:00:00Z')).toBe('ala');
  });

  it('overrides replace the rotation for their window only; the latest covering override wins', () => {
    const overrides = [
      { rotation: 'ops', person: 'dorota', from: '2026-03-28T10:00:00Z', to: '2026-03-28T14:00:00Z' },
      { rotation: 'other', person: 'zenon', from: '2026-03-28T00:00:00Z', to: '2026-03-29T00:00:00Z' },
    ];
    const p = (iso: string) => onCallAt(daily, overrides, at(iso));
    expect(p('2026-03-28T09:59:59Z')).toMatchObject({ person: 'bartek', via: 'rotation' });
    expect(p('2026-03-28T10:00:00Z')).toMatchObject({ person: 'dorota', via: 'override' });
    expect(p('2026-03-28T10:30:00Z')?.person).toBe('dorota');
    expect(onCallAt(daily, overrides, at('2026-03-28T13:59:59+01:00'))?.person).toBe('dorota'); // offsets are honoured
    expect(p('2026-03-28T14:00:00Z')).toMatchObject({ person: 'bartek', via: 'rotation' }); // end is exclusive
  });

  it('an override that starts inside another one wins while both cover the instant', () => {
    const overrides = [
      { rotation: 'ops', person: 'dorota', from: '2026-03-28T10:00:00Z', to: '2026-03-28T14:00:00Z' },
      { rotation: 'ops', person: 'edward', from: '2026-03-28T11:00:00Z', to: '2026-03-28T12:00:00Z' },
    ];
    expect(onCallAt(daily, overrides, at('2026-03-28T11:30:00Z'))?.person).toBe('edward');
    expect(onCallAt(daily, overrides, at('2026-03-28T12:30:00Z'))?.person).toBe('dorota');
  });
});

describe('escalation policies', () => {
  const policy = {
    levels: [
      { name: 'primary', target: { rotation: 'ops' }, ackTimeoutMinutes: 3 },
      { name: 'secondary', target: { person: 'celina' }, ackTimeoutMinutes: 4 },
    ],
    repeat: 1,
    finalManagement: true,
  };

  it('expands levels × rounds with cumulative ack timeouts, then management', () => {
    const steps = expandPolicy(policy);
    expect(steps.map((s) => [s.name, s.afterMinutes])).toEqual([
      ['primary', 0],
      ['secondary', 3],
      ['primary (repeat 1)', 7],
      ['secondary (repeat 1)', 10],
      ['management', 14],
    ]);
    expect(expandPolicy({ ...policy, repeat: 0, finalManagement: false })).toHaveLength(2);
  });

  it('the legacy escalation list is the default policy: same names and offsets', () => {
    expect(legacySteps([{ name: 'primary', email: 'p@x.example', afterMinutes: 0 }])).toEqual([
      { name: 'primary', afterMinutes: 0, target: { email: 'p@x.example' }, round: 1 },
    ]);
  });

  it('resolves person, rotation (with overrides), team and management; nobody on call is said so', () => {
    const roster: Roster = {
      people: {
        ala: { name: 'Ala', email: 'ala@s.example' },
        bartek: { name: 'Bartek', email: 'bartek@s.example' },
        celina: { name: 'Celina', email: 'celina@s.example' },
      },
      rotations: [daily],
      overrides: [
        { rotation: 'ops', person: 'celina', from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' },
      ],
      teams: { L3_SYSADMIN: { name: 'L3', email: 'l3@s.example' } },
      management: ['boss@s.example'],
    };
    const now = at('2026-03-27T12:00:00Z');
    expect(resolveTarget({ rotation: 'ops' }, roster, now)).toMatchObject({ email: 'ala@s.example' });
    expect(resolveTarget({ rotation: 'ops' }, roster, at('2026-04-01T12:00:00Z'))).toMatchObject({
      email: 'celina@s.example',
      via: 'rotation ops (override)',
    });
    expect(resolveTarget({ person: 'bartek' }, roster, now)).toMatchObject({ email: 'bartek@s.example' });
    expect(resolveTarget({ team: 'L3_SYSADMIN' }, roster, now)).toMatchObject({ email: 'l3@s.example' });
    expect(resolveTarget({ management: true }, roster, now)).toMatchObject({ email: 'boss@s.example' });
    expect(resolveTarget({ rotation: 'ops' }, roster, at('2026-03-01T00:00:00Z'))).toEqual({
      nobody: true,
      why: 'nobody is on call in rotation ops',
    });
  });
});

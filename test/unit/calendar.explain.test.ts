import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../functions/domain/calendar';

const r: [string, string][] = [['07:00', '17:00']];
const standard = createCalendar({ weekly: { mon: r, tue: r, wed: r, thu: r, fri: r, sat: [], sun: [] } });
const d = (s: string) => new Date(s);

describe('explainAdd', () => {
  it('explains the issue example step by step', () => {
    const ex = standard.explainAdd(d('2026-12-23T16:30:00+01:00'), 240);
    expect(ex.due.toISOString()).toBe(d('2026-12-28T10:30:00+01:00').toISOString());
    expect(ex.steps.map((s) => [s.kind, s.minutes, s.note])).toEqual([
      [
        'start',
        undefined,
        'received Wed 2026-12-23 16:30 +01:00 in business hours → the clock starts at once',
      ],
      ['work', 30, 'open Wed 2026-12-23 16:30 → 17:00 +01:00: 30 business minutes (30 of 240)'],
      [
        'holiday',
        undefined,
        'closed Wed 2026-12-23 17:00 +01:00 → Mon 2026-12-28 07:00 +01:00: ' +
          'Thu 2026-12-24 (public holiday: Wigilia Bożego Narodzenia), ' +
          'Fri 2026-12-25 (public holiday: Boże Narodzenie (pierwszy dzień))',
      ],
      ['work', 210, 'open Mon 2026-12-28 07:00 → 10:30 +01:00: 210 business minutes (240 of 240)'],
      ['due', 240, 'due Mon 2026-12-28 10:30 +01:00: 240 business minutes from Wed 2026-12-23 16:30 +01:00'],
    ]);
  });

  it('says why the clock starts later: after hours, at closing, on a holiday, while paused', () => {
    const note = (at: string, pauses: { start: Date; end: Date }[] = []) =>
      standard.explainAdd(d(at), 60, pauses).steps[0]!.note;
    expect(note('2026-11-20T18:30:00+01:00')).toBe(
      'received Fri 2026-11-20 18:30 +01:00 after hours → starts Mon 2026-11-23 07:00 +01:00'
    );
    expect(note('2026-11-20T17:00:00+01:00')).toBe(
      'received Fri 2026-11-20 17:00 +01:00 exactly at closing time → starts Mon 2026-11-23 07:00 +01:00'
    );
    expect(note('2026-11-11T09:00:00+01:00')).toBe(
      'received Wed 2026-11-11 09:00 +01:00 on a closed day (public holiday: Narodowe Święto Niepodległości)' +
        ' → starts Thu 2026-11-12 07:00 +01:00'
    );
    expect(
      note('2026-11-16T10:00:00+01:00', [
        { start: d('2026-11-16T09:00:00+01:00'), end: d('2026-11-16T12:00:00+01:00') },
      ])
    ).toBe('received Mon 2026-11-16 10:00 +01:00 while paused → starts Mon 2026-11-16 12:00 +01:00');
  });

  it('shows pauses with the business minutes they kept off the clock', () => {
    const ex = standard.explainAdd(d('2026-11-20T14:00:00+01:00'), 240, [
      { start: d('2026-11-20T15:00:00+01:00'), end: d('2026-11-23T10:00:00+01:00') },
    ]);
    const pause = ex.steps.find((s) => s.kind === 'pause')!;
    expect(pause.minutes).toBe(300); // Fri 15–17 and Mon 07–10
    expect(pause.note).toBe(
      'paused Fri 2026-11-20 15:00 +01:00 → Mon 2026-11-23 10:00 +01:00: 300 business minutes not counted'
    );
    expect(ex.due.toISOString()).toBe(d('2026-11-23T13:00:00+01:00').toISOString());
  });

  it('marks a due at closing time', () => {
    const ex = standard.explainAdd(d('2026-11-16T13:00:00+01:00'), 240);
    expect(ex.steps.at(-2)!.note).toContain('ending exactly at closing time');
    expect(ex.steps.at(-1)!.note).toBe(
      'due Mon 2026-11-16 17:00 +01:00: 240 business minutes from Mon 2026-11-16 13:00 +01:00' +
        ' (at closing time: due then, not at the next opening)'
    );
  });

  it('shows offsets across a DST change', () => {
    const ex = standard.explainAdd(d('2026-03-27T15:00:00+01:00'), 240);
    expect(ex.steps.map((s) => s.kind)).toEqual(['start', 'work', 'closed', 'work', 'due']);
    expect(ex.steps[2]!.note).toBe(
      'closed Fri 2026-03-27 17:00 +01:00 → Mon 2026-03-30 07:00 +02:00 (outside business hours)'
    );
  });

  it('joins 24/7 days into one period across midnight', () => {
    const allDay = createCalendar({ weekly: '24/7', holidays: 'none' });
    const ex = allDay.explainAdd(d('2026-11-16T22:00:00+01:00'), 3 * 24 * 60);
    expect(ex.steps.map((s) => s.kind)).toEqual(['start', 'work', 'due']);
  });

  it('covers the time from start to due without gaps or overlaps', () => {
    const ex = standard.explainAdd(d('2026-12-18T16:00:00+01:00'), 3000, [
      { start: d('2026-12-22T12:00:00+01:00'), end: d('2026-12-29T09:00:00+01:00') },
    ]);
    const timeline = ex.steps.filter((s) => s.kind !== 'start' && s.kind !== 'due');
    expect(timeline[0]!.from.getTime()).toBe(ex.startedAt.getTime());
    for (let i = 1; i < timeline.length; i++)
      expect(timeline[i]!.from.getTime()).toBe(timeline[i - 1]!.to.getTime());
    expect(timeline.at(-1)!.to.getTime()).toBe(ex.due.getTime());
    const worked = timeline.filter((s) => s.kind === 'work').reduce((sum, s) => sum + s.minutes!, 0);
    expect(worked).toBe(3000);
    expect(ex.due.getTime()).toBe(
      standard
        .addBusinessMinutes(d('2026-12-18T16:00:00+01:00'), 3000, [
          { start: d('2026-12-22T12:00:00+01:00'), end: d('2026-12-29T09:00:00+01:00') },
        ])
        .getTime()
    );
  });
});

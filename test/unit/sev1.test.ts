import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case';
import {
  continueWhenLong,
  decideSev1,
  IDLE_WAKE_SECONDS,
  lateUpdatePages,
  newSev1State,
  nextUpdateDue,
} from '../../functions/domain/sev1';
import { testConfig } from '../support/harness';

const levels = testConfig().oncall.escalation ?? [];
const received = '2026-11-20T10:00:00.000Z';
const at = (minutes: number, seconds = 0) =>
  new Date(Date.parse(received) + minutes * 60_000 + seconds * 1000);

function sev1Case(
  patch: Partial<NonNullable<CaseRecord['sev1']>> = {},
  status: CaseRecord['status'] = 'OPEN'
): CaseRecord {
  const sev1 = { ...newSev1State(received, 15), ...patch };
  return { id: 'c1', status, sev1 } as CaseRecord;
}
const paged = (...levelsPaged: number[]) =>
  Object.fromEntries(
    levelsPaged.map((l) => [
      String(l),
      { pageId: `p${l}`, recipient: 'x', createdAt: received, sentAt: received },
    ])
  );

describe('Sev-1 callback decisions (R-SEV1-2)', () => {
  it('pages the primary at once and wakes when the secondary is due', () => {
    expect(decideSev1(sev1Case(), levels, at(0))).toMatchObject({
      next: 'AWAIT_ACK',
      dueLevels: [0],
      timeoutSeconds: 300,
    });
  });

  it('pages the secondary at 5 minutes and the lead at 10, never a level twice', () => {
    expect(decideSev1(sev1Case({ pages: paged(0) }), levels, at(5))).toMatchObject({
      dueLevels: [1],
      timeoutSeconds: 300,
    });
    expect(decideSev1(sev1Case({ pages: paged(0, 1) }), levels, at(10))).toMatchObject({
      dueLevels: [2],
      timeoutSeconds: 300,
    });
    expect(decideSev1(sev1Case({ pages: paged(0, 1, 2) }), levels, at(12))).toMatchObject({
      dueLevels: [],
      timeoutSeconds: 180,
    });
  });

  it('pages every overdue level at once after a late wake-up', () => {
    expect(decideSev1(sev1Case(), levels, at(11)).dueLevels).toEqual([0, 1, 2]);
  });

  it('rounds a partial second up so a wake-up is never early', () => {
    expect(decideSev1(sev1Case({ pages: paged(0) }), levels, at(4, 59.2)).timeoutSeconds).toBe(1);
  });

  it('records the breach at the callback deadline, once', () => {
    expect(decideSev1(sev1Case({ pages: paged(0, 1, 2) }), levels, at(15)).next).toBe('BREACH');
    const after = decideSev1(
      sev1Case({ pages: paged(0, 1, 2), breachedAt: at(15).toISOString() }),
      levels,
      at(15, 1)
    );
    expect(after).toMatchObject({ next: 'AWAIT_ACK', timeoutSeconds: IDLE_WAKE_SECONDS });
  });

  it('after an acknowledgement waits for the callback until the deadline', () => {
    const d = decideSev1(
      sev1Case({ pages: paged(0), acknowledgedAt: at(2).toISOString(), acknowledgedBy: 'a' }),
      levels,
      at(3)
    );
    expect(d).toMatchObject({ next: 'AWAIT_CALLBACK', timeoutSeconds: 12 * 60, dueLevels: [] });
  });

  it('breaches when acknowledged but not called back in time', () => {
    const d = decideSev1(sev1Case({ pages: paged(0), acknowledgedAt: at(2).toISOString() }), levels, at(15));
    expect(d.next).toBe('BREACH');
  });

  it('is done once the customer was called back (no update cadence), or the case is closed', () => {
    expect(decideSev1(sev1Case({ calledBackAt: at(9).toISOString() }), levels, at(9)).next).toBe('DONE');
    expect(decideSev1(sev1Case({}, 'RESOLVED'), levels, at(1)).next).toBe('DONE');
  });
});

describe('customer update cadence after the callback (R-SEV1-4)', () => {
  const cadence = { escalateAfterMinutes: 15 };
  const calledBack = (patch: Partial<NonNullable<CaseRecord['sev1']>> = {}) =>
    sev1Case({
      pages: paged(0),
      acknowledgedAt: at(2).toISOString(),
      acknowledgedBy: 'x',
      calledBackAt: at(10).toISOString(),
      calledBackBy: 'x',
      nextUpdateDueAt: at(70).toISOString(),
      ...patch,
    });

  it('waits for the first update until it is due, then pages the owner, then the next level', () => {
    expect(decideSev1(calledBack(), levels, at(30), cadence)).toMatchObject({
      next: 'AWAIT_UPDATE',
      timeoutSeconds: 40 * 60,
      lateUpdatePages: [],
    });
    const due = decideSev1(calledBack(), levels, at(70), cadence);
    expect(due.lateUpdatePages?.map((p) => [p.slot, p.to])).toEqual([['late-update-1', 'owner']]);
    expect(due.timeoutSeconds).toBe(15 * 60);
    const ownerPaged = calledBack({ pages: { ...paged(0), 'late-update-1': paged(9)['9']! } });
    const later = decideSev1(ownerPaged, levels, at(85), cadence);
    expect(later.lateUpdatePages?.map((p) => [p.slot, p.to])).toEqual([['late-update-1-next', 'next-level']]);
  });

  it('after both late pages it idles until the update comes; each update numbers the next slots', () => {
    const both = calledBack({
      pages: { ...paged(0), 'late-update-1': paged(9)['9']!, 'late-update-1-next': paged(9)['9']! },
    });
    expect(decideSev1(both, levels, at(90), cadence)).toMatchObject({
      next: 'AWAIT_UPDATE',
      timeoutSeconds: IDLE_WAKE_SECONDS,
      lateUpdatePages: [],
    });
    const update = {
      at: at(95).toISOString(),
      by: 'x',
      messageId: '<m>',
      text: 't',
      dueAt: at(70).toISOString(),
    };
    const updated = calledBack({
      ...both.sev1,
      updates: [{ ...update, nextDueAt: at(155).toISOString() }],
      nextUpdateDueAt: at(155).toISOString(),
    });
    expect(lateUpdatePages(updated.sev1!, cadence).map((p) => p.slot)).toEqual([
      'late-update-2',
      'late-update-2-next',
    ]);
    expect(decideSev1(updated, levels, at(155), cadence).lateUpdatePages?.map((p) => p.slot)).toEqual([
      'late-update-2',
    ]);
  });

  it('a resolved case ends the workflow; a plan without cadence ends it at the callback', () => {
    expect(decideSev1(calledBack({}), levels, at(30), cadence)).toMatchObject({ next: 'AWAIT_UPDATE' });
    expect(decideSev1({ ...calledBack(), status: 'RESOLVED' }, levels, at(30), cadence).next).toBe('DONE');
    expect(decideSev1(calledBack({ nextUpdateDueAt: undefined }), levels, at(30), cadence).next).toBe('DONE');
  });

  it('the next update is due at the promised time, never later than the agreed interval', () => {
    const from = received;
    expect(nextUpdateDue(from, 60)).toBe(at(60).toISOString());
    expect(nextUpdateDue(from, 60, 20)).toBe(at(20).toISOString());
    expect(nextUpdateDue(from, 60, 180)).toBe(at(60).toISOString());
  });
});

describe('continue-as-new', () => {
  const waiting = decideSev1(sev1Case(), levels, at(0));
  it('hands over to a new execution past the loop limit, only when it would wait', () => {
    expect(continueWhenLong(waiting, 999, 1000)).toBe(waiting);
    expect(continueWhenLong(waiting, 1000, 1000)).toMatchObject({ next: 'CONTINUE', timeoutSeconds: 1 });
    const breach = decideSev1(sev1Case(), levels, at(15));
    expect(breach.next).toBe('BREACH');
    expect(continueWhenLong(breach, 5000, 1000)).toBe(breach);
  });
});

import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case';
import { decideSev1, IDLE_WAKE_SECONDS, newSev1State } from '../../functions/domain/sev1';
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

  it('is done once the customer was called back, or the case is closed', () => {
    expect(decideSev1(sev1Case({ calledBackAt: at(9).toISOString() }), levels, at(9)).next).toBe('DONE');
    expect(decideSev1(sev1Case({}, 'RESOLVED'), levels, at(1)).next).toBe('DONE');
  });
});

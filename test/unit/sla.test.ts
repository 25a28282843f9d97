import { describe, expect, it } from 'vitest';
import {
  decideClock,
  deriveTargets,
  ledgerKey,
  type SlaFact,
  type SlaTerms,
  targetStatus,
} from '../../functions/domain/sla';
import { policyFor, wallClock } from '../../functions/domain/sla-policy';
import { testConfig } from '../support/harness';

/** SLA clocks derived from a case's facts (R-SLA-1…4, RT's response semantics). Times are Europe/Warsaw (+01:00 in winter). */
const config = testConfig();
const terms = (plan: string, cls: SlaTerms['class'] = 'nonCritical', guaranteed = true): SlaTerms => ({
  plan,
  class: cls,
  guaranteed,
});
const at = (local: string) => new Date(`${local}+01:00`).toISOString();
const targets = (t: SlaTerms, facts: SlaFact[]) => deriveTargets(facts, policyFor(config, t), wallClock());
const received = (local: string): SlaFact => ({ at: at(local), kind: 'received' });

describe('response target (R-SLA-1, R-SLA-2)', () => {
  it('runs in the plan business hours: STANDARD, Tue 10:00 + 4 h → Tue 14:00, warnings at 75% and 90%', () => {
    const [, response] = targets(terms('STANDARD'), [received('2026-12-15T10:00:00')]);
    expect(response).toMatchObject({
      id: 'response#1',
      label: 'first response',
      dueAt: at('2026-12-15T14:00:00'),
    });
    expect(response?.warnings).toEqual([
      { fraction: 0.75, at: at('2026-12-15T13:00:00') },
      { fraction: 0.9, at: at('2026-12-15T13:36:00') },
    ]);
  });

  it('received after hours starts at the next opening, and says so', () => {
    const [, response] = targets(terms('STANDARD'), [received('2026-12-18T17:30:00')]);
    expect(response?.dueAt).toBe(at('2026-12-21T11:00:00'));
    expect(response?.explanation).toBe(
      'received Fri 18 Dec 17:30 after hours → starts Mon 21 Dec 07:00 → +4 business hours → due Mon 21 Dec 11:00'
    );
  });

  it('skips Christmas Eve (a holiday since 2025) and Christmas', () => {
    const [, response] = targets(terms('STANDARD'), [received('2026-12-23T16:30:00')]);
    expect(response?.dueAt).toBe(at('2026-12-28T10:30:00'));
    expect(response?.explanation).toContain('skipping Wigilia Bożego Narodzenia');
  });

  it('is met by the first agent reply, and a later customer message starts the next one (RT semantics)', () => {
    const facts: SlaFact[] = [
      received('2026-12-15T10:00:00'),
      { at: at('2026-12-15T10:30:00'), kind: 'customer-message' },
      { at: at('2026-12-15T11:00:00'), kind: 'agent-reply', waitingOnCustomer: true },
      { at: at('2026-12-15T15:00:00'), kind: 'customer-message' },
      { at: at('2026-12-15T15:10:00'), kind: 'customer-message' },
    ];
    const [, first, second] = targets(terms('STANDARD'), facts);
    expect(first).toMatchObject({
      id: 'response#1',
      startedAt: at('2026-12-15T10:00:00'),
      stoppedAt: at('2026-12-15T11:00:00'),
    });
    expect(targetStatus(first!, new Date(at('2026-12-16T10:00:00')))).toBe('met');
    // From the OLDEST unanswered message: 15:00 + 4 business hours = 2 h today + 2 h tomorrow.
    expect(second).toMatchObject({
      id: 'response#2',
      startedAt: at('2026-12-15T15:00:00'),
      dueAt: at('2026-12-16T09:00:00'),
    });
    expect(second?.stoppedAt).toBeUndefined();
  });

  it('a late reply is recorded as missed, not met', () => {
    const [, response] = targets(terms('STANDARD'), [
      received('2026-12-15T10:00:00'),
      { at: at('2026-12-15T15:00:00'), kind: 'agent-reply', waitingOnCustomer: false },
    ]);
    expect(targetStatus(response!, new Date(at('2026-12-15T16:00:00')))).toBe('missed');
  });
});

describe('resolution target pauses while waiting on the customer', () => {
  const base: SlaFact[] = [received('2026-12-14T09:00:00')]; // Monday; SAAS-SLA non-critical: 40 business hours, 09–17
  it('without pauses: 5 business days', () => {
    const resolution = targets(terms('SAAS-SLA'), base).find((t) => t.kind === 'resolution');
    expect(resolution?.dueAt).toBe(at('2026-12-18T17:00:00'));
  });

  it('a wait across a night and a weekend moves the deadline by the business time it covered, never earlier', () => {
    const facts: SlaFact[] = [
      ...base,
      { at: at('2026-12-14T11:00:00'), kind: 'agent-reply', waitingOnCustomer: true },
      { at: at('2026-12-15T11:00:00'), kind: 'customer-message' }, // 8 business hours waited
    ];
    const resolution = targets(terms('SAAS-SLA'), facts).find((t) => t.kind === 'resolution');
    expect(resolution?.dueAt).toBe(at('2026-12-21T17:00:00'));
    expect(resolution?.explanation).toContain('paused 1× waiting on the customer');
  });

  it('an open wait stops the clock: nothing is due, the target shows paused', () => {
    const facts: SlaFact[] = [
      ...base,
      { at: at('2026-12-14T11:00:00'), kind: 'agent-reply', waitingOnCustomer: true },
    ];
    const list = targets(terms('SAAS-SLA'), facts);
    const resolution = list.find((t) => t.kind === 'resolution')!;
    expect(targetStatus(resolution, new Date(at('2026-12-30T10:00:00')))).toBe('paused');
    expect(
      decideClock(list, {}, new Date(at('2026-12-30T10:00:00'))).actions.filter(
        (a) => a.target.kind === 'resolution'
      )
    ).toEqual([]);
  });
});

describe('other targets', () => {
  it('acknowledgement: 2 clock minutes, met by the automatic reply', () => {
    const [ack] = targets(terms('STANDARD'), [
      received('2026-12-19T03:00:00'),
      { at: at('2026-12-19T03:00:01'), kind: 'acknowledged' },
    ]);
    expect(ack).toMatchObject({
      kind: 'acknowledgement',
      dueAt: at('2026-12-19T03:02:00'),
      stoppedAt: at('2026-12-19T03:00:01'),
    });
  });

  it('an acknowledgement withheld on purpose (auto-reply, rate limit) is owed by nobody: no target, no clock', () => {
    const withheld: SlaFact[] = [
      received('2026-12-19T03:00:00'),
      { at: at('2026-12-19T03:00:01'), kind: 'acknowledgement-withheld' },
    ];
    expect(targets(terms('STANDARD'), withheld).map((t) => t.kind)).toEqual(['response']);
    const none = targets(terms('STANDARD', 'nonCritical', false), withheld);
    expect(none).toEqual([]);
    expect(decideClock(none, {}, new Date(at('2026-12-19T04:00:00')))).toMatchObject({
      actions: [],
      nextDueAt: null,
    });
  });

  it('RAPID-24x7: first response in 10 minutes, around the clock, on a holiday night', () => {
    const [, response] = targets(terms('RAPID-24x7'), [received('2026-12-25T03:00:00')]);
    expect(response?.dueAt).toBe(at('2026-12-25T03:10:00'));
  });

  it('critical cases get the update cadence after each reply (R-SEV1-4)', () => {
    const list = targets(terms('ENTERPRISE', 'critical'), [
      received('2026-12-15T02:00:00'),
      { at: at('2026-12-15T02:10:00'), kind: 'agent-reply', waitingOnCustomer: false },
    ]);
    expect(list.find((t) => t.id === 'update#1')).toMatchObject({ dueAt: at('2026-12-15T03:10:00') });
  });

  it("a Sev-1's promised next update is the update target's due time, explained from the callback (issue 11)", () => {
    const list = targets(terms('ENTERPRISE', 'critical'), [
      received('2026-12-15T10:00:00'),
      {
        at: at('2026-12-15T10:16:00'),
        kind: 'agent-reply',
        waitingOnCustomer: false,
        nextUpdate: { from: at('2026-12-15T10:16:00'), minutes: 30, after: 'callback' },
      },
    ]);
    const update = list.find((t) => t.id === 'update#1');
    expect(update?.dueAt).toBe(at('2026-12-15T10:46:00'));
    expect(update?.explanation).toBe(
      'callback confirmed Tue 15 Dec 10:16 → +30 minutes → due Tue 15 Dec 10:46'
    );
  });

  it('a case without guarantees has only the acknowledgement', () => {
    expect(
      targets(terms('STANDARD', 'nonCritical', false), [received('2026-12-15T10:00:00')]).map((t) => t.kind)
    ).toEqual(['acknowledgement']);
  });
});

describe('the clock acts once on each warning and breach', () => {
  const list = targets(terms('STANDARD'), [
    received('2026-12-15T10:00:00'),
    { at: at('2026-12-15T10:00:01'), kind: 'acknowledged' },
  ]);
  it('wakes at the next warning, then the breach', () => {
    expect(decideClock(list, {}, new Date(at('2026-12-15T10:00:05')))).toMatchObject({
      actions: [],
      wakeAt: at('2026-12-15T13:00:00'),
      nextDueAt: at('2026-12-15T14:00:00'),
    });
    const first = decideClock(list, {}, new Date(at('2026-12-15T13:00:00')));
    expect(first.actions.map((a) => a.kind)).toEqual(['warning']);
    expect(first.wakeAt).toBe(at('2026-12-15T13:36:00'));
    const ledger = { [ledgerKey('response#1', 'warning-75')]: at('2026-12-15T13:00:00') };
    expect(decideClock(list, ledger, new Date(at('2026-12-15T13:00:00'))).actions).toEqual([]);
  });

  it('after the due time: the breach, and no late warnings', () => {
    const d = decideClock(list, {}, new Date(at('2026-12-15T14:00:00')));
    expect(d.actions.map((a) => `${a.kind}:${a.target.id}`)).toEqual(['breach:response#1']);
    expect(
      decideClock(list, { [ledgerKey('response#1', 'breach')]: 'x' }, new Date(at('2026-12-15T14:00:01')))
        .actions
    ).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { factsFromDuplicate, mergedNotice, mergeRefusal } from '../../functions/domain/case-merge';
import { decideSev1, newSev1State } from '../../functions/domain/sev1';
import {
  keepSettledTargets,
  pagingOnRaise,
  settledTargets,
  severityChangeRefusal,
} from '../../functions/domain/severity-change';
import type { SlaFact, TargetInstance } from '../../functions/domain/sla';
import { caseRecord } from '../support/case-record';
import { testConfig } from '../support/harness';

const config = testConfig();
const plan = (name: string) => ({
  ...(config.plans[name] as NonNullable<(typeof config.plans)[string]>),
  name,
});
const proven = {
  contactStatus: 'DESIGNATED' as const,
  triage: { ...caseRecord().triage, senderAuthenticated: true },
};

describe('raising to Sev-1 pages only under intake rule', () => {
  it('pages a proven designated contact on a plan with the 24/7 callback', () => {
    expect(pagingOnRaise(proven, plan('ENTERPRISE')).pages).toBe(true);
  });
  it('pages nobody on a plan without the callback', () => {
    expect(pagingOnRaise(proven, plan('STANDARD'))).toMatchObject({ pages: false });
  });
  it('pages nobody for an unproven (forged) mail, a non-designated sender or machine mail', () => {
    const forged = { ...proven, triage: { ...proven.triage, senderAuthenticated: false } };
    expect(pagingOnRaise(forged, plan('ENTERPRISE'))).toEqual({
      pages: false,
      reason: 'the mail was not proven to come from the designated contact (SES verdicts): nobody is paged',
    });
    expect(pagingOnRaise({ ...proven, contactStatus: 'UNVERIFIED' }, plan('ENTERPRISE')).pages).toBe(false);
    const automated = {
      ...proven,
      automated: { kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' },
    };
    expect(pagingOnRaise(automated as never, plan('ENTERPRISE')).pages).toBe(false);
  });
});

describe('severity change refusals', () => {
  const c = caseRecord({ reference: 'CF-7', severity: 'NON_CRITICAL', status: 'OPEN' });
  it('refuses the same severity, a resolved case and a merged one as conflicts', () => {
    expect(severityChangeRefusal(c, 'NON_CRITICAL')?.error).toBe('CF-7 is already NON_CRITICAL');
    expect(severityChangeRefusal({ ...c, status: 'RESOLVED' }, 'SEV1')?.kind).toBe('conflict');
    expect(
      severityChangeRefusal({ ...c, mergedInto: { caseId: 'x', reference: 'CF-8', at: '', by: '' } }, 'SEV1')
        ?.error
    ).toBe('CF-7 was merged into CF-8');
    expect(severityChangeRefusal(c, 'SEV1')).toBeNull();
  });
});

const t = (id: string, dueAt: string, stoppedAt?: string): TargetInstance => ({
  id,
  kind: 'response',
  label: id,
  startedAt: '2026-12-15T09:00:00.000Z',
  minutes: 60,
  clock: 'business',
  dueAt,
  warnings: [],
  ...(stoppedAt ? { stoppedAt } : {}),
  pauses: [],
  explanation: '',
});

describe('met targets stay met across a change of terms', () => {
  it('keeps a target stopped before the change with its old due time; re-derives the running one', () => {
    const before = [
      t('response#1', '2026-12-15T13:00:00.000Z', '2026-12-15T12:00:00.000Z'),
      t('response#2', '2026-12-15T17:00:00.000Z'),
    ];
    const settled = settledTargets(before, undefined);
    expect(settled.map((x) => x.id)).toEqual(['response#1']);
    const rederived = [
      t('response#1', '2026-12-15T09:15:00.000Z', '2026-12-15T12:00:00.000Z'),
      t('response#2', '2026-12-15T14:15:00.000Z'),
    ];
    const kept = keepSettledTargets(rederived, settled);
    expect(kept[0]?.dueAt).toBe('2026-12-15T13:00:00.000Z');
    expect(kept[1]?.dueAt).toBe('2026-12-15T14:15:00.000Z');
  });
  it('a settled target reopened since (another stop time) is derived anew', () => {
    const settled = [t('resolution', '2026-12-20T00:00:00.000Z', '2026-12-16T00:00:00.000Z')];
    const again = [t('resolution', '2026-12-18T00:00:00.000Z')];
    expect(keepSettledTargets(again, settled)).toEqual(again);
  });
});

describe('a lowered Sev-1 stops its chain', () => {
  it('decides DONE once the Sev-1 state is stopped, whatever is due', () => {
    const received = '2026-12-15T09:00:00.000Z';
    const sev1 = { ...newSev1State(received, 15), stoppedAt: '2026-12-15T09:01:00.000Z', stoppedBy: 'a@x' };
    const c = caseRecord({ status: 'OPEN', sev1 });
    const levels = config.oncall.escalation ?? [];
    expect(decideSev1(c, levels, new Date('2026-12-15T09:06:00.000Z')).next).toBe('DONE');
    expect(
      decideSev1({ ...c, sev1: newSev1State(received, 15) }, levels, new Date('2026-12-15T09:06:00.000Z'))
        .next
    ).toBe('AWAIT_ACK');
  });
});

describe('merge rules', () => {
  const a = caseRecord({
    id: 'a',
    reference: 'CF-1',
    customerId: 'acme',
    status: 'OPEN',
    severity: 'NON_CRITICAL',
  });
  const b = caseRecord({
    id: 'b',
    reference: 'CF-2',
    customerId: 'acme',
    status: 'OPEN',
    severity: 'NON_CRITICAL',
  });
  it('allows two open cases of one customer', () => expect(mergeRefusal(a, b)).toBeNull());
  it('refuses itself, other customers, a merged target, a closed duplicate and a Sev-1 into a non-Sev-1', () => {
    expect(mergeRefusal(a, a)?.error).toBe('CF-1 cannot be merged into itself');
    expect(mergeRefusal(a, { ...b, customerId: 'globex' })?.kind).toBe('invalid');
    expect(
      mergeRefusal(a, { ...b, mergedInto: { caseId: 'c', reference: 'CF-3', at: '', by: '' } })?.error
    ).toBe('CF-2 was merged into CF-3: merge into that case');
    expect(mergeRefusal({ ...a, status: 'RESOLVED' }, b)?.kind).toBe('conflict');
    expect(mergeRefusal({ ...a, severity: 'SEV1' }, b)?.kind).toBe('invalid');
    expect(mergeRefusal({ ...a, mergedInto: { caseId: 'b', reference: 'CF-2', at: '', by: '' } }, b)).toEqual(
      { kind: 'conflict', error: 'CF-1 was already merged into CF-2' }
    );
  });
  it('without a customer, only the same requester', () => {
    const x = { ...a, customerId: null };
    expect(mergeRefusal(x, { ...b, customerId: null })).toBeNull();
    expect(
      mergeRefusal(x, { ...b, customerId: null, requester: { ...b.requester, email: 'z@y.example' } })?.kind
    ).toBe('invalid');
  });
});

describe('merged facts keep the earliest obligation', () => {
  const target: SlaFact[] = [
    { at: '2026-12-15T10:00:00.000Z', kind: 'received' },
    { at: '2026-12-15T10:01:00.000Z', kind: 'acknowledged' },
  ];
  it('an earlier duplicate brings its receipt and acknowledgement', () => {
    const dup: SlaFact[] = [
      { at: '2026-12-15T09:00:00.000Z', kind: 'received' },
      { at: '2026-12-15T09:01:00.000Z', kind: 'acknowledged' },
      { at: '2026-12-15T09:30:00.000Z', kind: 'customer-message' },
    ];
    expect(factsFromDuplicate(dup, target)).toEqual(dup);
  });
  it('a later duplicate is mail owed an answer: its receipt a customer message, its own end dropped', () => {
    const dup: SlaFact[] = [
      { at: '2026-12-15T11:00:00.000Z', kind: 'received' },
      { at: '2026-12-15T11:01:00.000Z', kind: 'acknowledged' },
      { at: '2026-12-15T11:10:00.000Z', kind: 'agent-reply', waitingOnCustomer: false },
      { at: '2026-12-15T11:20:00.000Z', kind: 'resolved' },
    ];
    expect(factsFromDuplicate(dup, target)).toEqual([
      { at: '2026-12-15T11:00:00.000Z', kind: 'customer-message' },
      { at: '2026-12-15T11:10:00.000Z', kind: 'agent-reply', waitingOnCustomer: false },
    ]);
  });
});

describe('the merge notice', () => {
  it('names both cases in the customer language', () => {
    const pl = mergedNotice(
      { reference: 'CF-1', subject: 'Wolne logowanie' },
      { reference: 'CF-2', subject: 'Logowanie' },
      'pl'
    );
    expect(pl.text).toContain('połączyliśmy je w jedno zgłoszenie: CF-2');
    expect(pl.text).toContain('CF-1');
    const en = mergedNotice(
      { reference: 'CF-1', subject: 'Slow login' },
      { reference: 'CF-2', subject: 'Login' },
      'en'
    );
    expect(en.text).toContain('we have merged them into one case: CF-2');
    expect(en.subject).toBe('Login');
  });
});

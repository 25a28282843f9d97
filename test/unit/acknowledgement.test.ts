import { describe, expect, it } from 'vitest';
import { acknowledgementFor } from '../../functions/domain/acknowledgement';
import { caseSubject } from '../../functions/domain/case';
import { newSev1State } from '../../functions/domain/sev1';
import { computeSla } from '../../functions/use-cases/case-clock';
import { caseRecord } from '../support/case-record';
import { testConfig } from '../support/harness';

const config = testConfig();
const plan = (name: string) => ({ ...config.plans[name]!, name });

const caseOf = caseRecord;

describe('acknowledgement says what happens next (R-IN-2)', () => {
  it('quotes the reference, the reaction time of the plan and the due time with its reason', () => {
    const c = caseOf({ receivedAt: '2026-12-18T16:30:00.000Z' }); // Fri 17:30 in Warsaw, after hours
    c.sla = {
      terms: { plan: 'STANDARD', class: 'nonCritical', guaranteed: true },
      facts: [{ at: c.receivedAt, kind: 'received' }],
      ledger: {},
      notices: [],
      targets: [],
      planFingerprint: '',
      clockGeneration: 1,
      clockWakeAt: null,
    };
    c.sla.targets = computeSla({ config }, c)?.targets ?? [];
    const ack = acknowledgementFor(c, plan('STANDARD'));
    expect(ack.subject).toBe('[CF-1001] Problem');
    expect(ack.text).toContain('CF-1001');
    expect(ack.text).toContain('within 4 business hours');
    expect(ack.text).toContain('We will respond by Mon 21 Dec 11:00');
    expect(ack.text).toContain('starts Mon 21 Dec 07:00');
  });

  it('for a Sev-1 confirms the callback, the number and the deadline (R-IN-6)', () => {
    const c = caseOf({
      severity: 'SEV1',
      plan: 'ENTERPRISE',
      sev1: newSev1State('2026-11-20T10:00:00.000Z', 15),
    });
    const ack = acknowledgementFor(c, plan('ENTERPRISE'));
    expect(ack.text).toContain('call you back at +48 600 100 200 within 15 minutes');
    expect(ack.text).toContain('11:15 CET');
  });

  it('explains how critical issues are handled on a plan without the 24/7 callback', () => {
    const c = caseOf({
      triage: {
        severity: 'NON_CRITICAL',
        team: 'L1',
        pagesOnCall: false,
        reportedCritical: true,
        senderAuthenticated: true,
        reasons: [],
      },
    });
    const ack = acknowledgementFor(c, plan('STANDARD'));
    expect(ack.text).toContain('STANDARD plan does not include the 24/7 Sev-1 callback');
    expect(ack.text).toContain('handled on days off as well');
  });

  it('tells a stranger there is no guarantee', () => {
    const ack = acknowledgementFor(caseOf({ plan: null, contactStatus: 'UNKNOWN_CUSTOMER' }), null);
    expect(ack.text).toContain('no response time is guaranteed');
  });
});

describe('case subjects', () => {
  it('puts the reference in once and drops reply prefixes', () => {
    expect(caseSubject('CF-7', 'Re: Hello')).toBe('[CF-7] Hello');
    expect(caseSubject('CF-7', 'Odp: [CF-7] Hello')).toBe('Odp: [CF-7] Hello');
    expect(caseSubject('CF-7', 'a\r\nBcc: x@y')).toBe('[CF-7] a Bcc: x@y');
  });
});

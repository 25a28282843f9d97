import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { TriageDecision } from '../../functions/domain/case';
import { identifySender } from '../../functions/domain/directory';
import type { ParsedMail } from '../../functions/domain/parsed-mail';
import type { SlaTerms } from '../../functions/domain/sla';
import type { InboundMail } from '../../functions/use-cases/inbound-mail';
import {
  applyScreening,
  screenInboundMail,
  screeningOnCase,
  termsAfterScreening,
  trustNoticeRecipient,
} from '../../functions/use-cases/screen-inbound-mail';

const config = parseConfig(
  {
    ...demoConfig,
    accounts: [
      {
        id: 'globex-mail',
        name: 'Globex mail',
        customerId: 'globex',
        tam: { name: 'Tamara', email: 'tamara@support.example.com' },
      },
    ],
    messageRules: [
      { name: 'dc', match: { subject: 'rack' }, set: { team: 'L2_DATACENTER', labels: ['dc'] } },
    ],
  },
  'test'
);
const pass = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

function screen(from: string, headers: Record<string, string> = {}, subject = 'Help', dmarc = 'PASS') {
  const mail: InboundMail = {
    sesMessageId: 'ses',
    rawKey: 'ses',
    recipients: ['sev1@support.example.com'],
    source: from,
    receivedAt: '2026-11-21T09:00:00.000Z',
    verdicts: { ...pass, dmarc },
  };
  const parsed = {
    headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
    from: { address: from, name: null },
    subject,
  } as ParsedMail;
  return screenInboundMail(config, mail, parsed, from, identifySender(config, from));
}

const paging: TriageDecision = {
  severity: 'SEV1',
  team: 'L1',
  pagesOnCall: true,
  reportedCritical: true,
  senderAuthenticated: true,
  reasons: ['reports a persistent outage'],
};
const guaranteed: SlaTerms = { plan: 'ENTERPRISE', class: 'critical', guaranteed: true };

describe('screening at intake', () => {
  it('a clean mail from a designated contact changes nothing', () => {
    const s = screen('ops@globex.example');
    expect(applyScreening(paging, s)).toEqual(paging);
    expect(screeningOnCase(config, s, 'L1', 'now')).toEqual({ fields: {}, timeline: [] });
    expect(termsAfterScreening(guaranteed, s)).toBe(guaranteed);
  });

  it('automated mail never pages and carries no guarantee', () => {
    const s = screen('ops@globex.example', { 'auto-submitted': 'auto-generated' });
    expect(applyScreening(paging, s)).toMatchObject({ severity: 'NON_CRITICAL', pagesOnCall: false });
    expect(termsAfterScreening(guaranteed, s)).toMatchObject({ guaranteed: false });
    expect(screeningOnCase(config, s, 'L1', 'now').fields.acknowledgementWithheld).toEqual({
      at: 'now',
      kind: 'automated',
      reason: 'Auto-Submitted: auto-generated',
    });
  });

  it("a DMARC failure never pages and the account's TAM is told", () => {
    const s = screen('ops@globex.example', {}, 'Help', 'FAIL');
    const decision = applyScreening(paging, s);
    expect(decision.pagesOnCall).toBe(false);
    expect(decision.reasons.at(-1)).toContain('would have been critical and paged, but DMARC failed');
    expect(screeningOnCase(config, s, 'L1', 'now').fields.senderTrust?.notify).toBe(
      'tamara@support.example.com'
    );
  });

  it("without a TAM the case's team is told", () => {
    const s = screen('intern@acme.example');
    expect(trustNoticeRecipient(config, s.trust, 'L2_BILLING')).toBe('billing-team@support.example.com');
  });

  it("a rule's team replaces triage's, with the reason", () => {
    const decision = applyScreening(
      { ...paging, severity: 'NON_CRITICAL', pagesOnCall: false },
      screen('ops@globex.example', {}, 'rack 4 hot')
    );
    expect(decision.team).toBe('L2_DATACENTER');
    expect(decision.reasons.at(-1)).toBe('team L2_DATACENTER by message rule "dc" (triage said L1)');
  });
});

import { describe, expect, it } from 'vitest';
import { identifySender } from '../../functions/domain/directory';
import type { SenderVerdicts } from '../../functions/domain/sender-auth';
import { findOutageReport, normalizeText, triage } from '../../functions/domain/triage';
import { testConfig } from '../support/harness';

const config = testConfig();
const address = (purpose: string) => {
  const found = config.supportAddresses.find((a) => a.purpose === purpose);
  if (!found) throw new Error(purpose);
  return found;
};
const pass: SenderVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

function run(from: string, purpose: string, subject: string, text = '', verdicts = pass) {
  return triage({
    channel: address(purpose),
    sender: identifySender(config, from),
    verdicts,
    subject,
    text,
    outageKeywords: config.outageKeywords,
  });
}

describe('sender identity (R-IN-4)', () => {
  it('knows designated contacts, other people at a customer, and strangers', () => {
    expect(identifySender(config, 'OPS@globex.example')).toMatchObject({
      status: 'DESIGNATED',
      plan: { name: 'ENTERPRISE' },
    });
    expect(identifySender(config, 'intern@globex.example')).toMatchObject({
      status: 'UNVERIFIED',
      customer: { id: 'globex' },
    });
    expect(identifySender(config, 'someone@else.example')).toMatchObject({
      status: 'UNKNOWN_CUSTOMER',
      plan: null,
    });
  });
});

describe('triage (R-TRI-2, R-TRI-3)', () => {
  it('pages for a designated ENTERPRISE contact writing to the Sev-1 hotline', () => {
    const d = run('ops@globex.example', 'sev1', 'Help');
    expect(d).toMatchObject({ severity: 'SEV1', pagesOnCall: true, team: 'L1', reportedCritical: true });
    expect(d.reasons.join(' ')).toContain('Sev-1 hotline');
  });

  it('pages for a persistent outage reported to the general address, in Polish with diacritics', () => {
    const d = run('ops@globex.example', 'general', 'Awaria — API nie działa od rana');
    expect(d).toMatchObject({ severity: 'SEV1', pagesOnCall: true });
  });

  it("a STANDARD customer's outage is critical, but pages nobody: severity is the defect, paging the plan", () => {
    const d = run('anna.nowak@acme.example', 'sev1', 'Production down');
    expect(d).toMatchObject({ severity: 'SEV1', pagesOnCall: false, reportedCritical: true });
    expect(d.reasons.join(' ')).toContain('plan STANDARD has no 24/7 Sev-1 callback: nobody is paged');
  });

  it('never pages for someone who is not a designated contact', () => {
    const d = run('intern@globex.example', 'sev1', 'outage');
    expect(d.pagesOnCall).toBe(false);
    expect(d.reasons.join(' ')).toContain('UNVERIFIED');
  });

  it('never pages for mail whose sender is not authenticated (spoofing)', () => {
    expect(run('ops@globex.example', 'sev1', 'outage', '', { ...pass, dmarc: 'FAIL' }).pagesOnCall).toBe(
      false
    );
    expect(
      run('ops@globex.example', 'sev1', 'outage', '', { spf: 'FAIL', dkim: 'GRAY', dmarc: 'GRAY' })
        .pagesOnCall
    ).toBe(false);
    // DKIM passed for some domain, but no DMARC pass for globex.example: not proven, no page.
    expect(
      run('ops@globex.example', 'sev1', 'outage', '', { spf: 'GRAY', dkim: 'PASS', dmarc: 'GRAY' })
        .pagesOnCall
    ).toBe(false);
    expect(
      run('ops@globex.example', 'sev1', 'outage', '', { spf: 'FAIL', dkim: 'PASS', dmarc: 'PASS' })
        .pagesOnCall
    ).toBe(true);
  });

  it('never pages for mail SES marked as spam or carrying a virus', () => {
    expect(
      run('ops@globex.example', 'sev1', 'outage', '', { ...pass, spam: 'FAIL', virus: 'PASS' }).pagesOnCall
    ).toBe(false);
    const infected = run('ops@globex.example', 'sev1', 'outage', '', {
      ...pass,
      spam: 'PASS',
      virus: 'FAIL',
    });
    expect(infected.pagesOnCall).toBe(false);
    expect(infected.reasons.join(' ')).toContain('virus');
  });

  it('routes by the address written to', () => {
    expect(run('someone@else.example', 'billing', 'Invoice question')).toMatchObject({
      severity: 'NON_CRITICAL',
      team: 'L2_BILLING',
    });
  });

  it('folds Polish diacritics, including ł', () => {
    expect(normalizeText('Żółć  Łódź\nAWARIA')).toBe('zolc lodz awaria');
    expect(findOutageReport('Serwer leży', '', ['lezy'])).toBe('lezy');
    expect(findOutageReport('Question about invoices', 'all fine', config.outageKeywords)).toBeNull();
  });
});

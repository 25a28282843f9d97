import { describe, expect, it } from 'vitest';
import { identifySender } from '../../functions/domain/directory';
import type { SenderVerdicts } from '../../functions/domain/sender-auth';
import {
  assessSenderTrust,
  editDistance,
  findLookalike,
  registrableLabel,
  visualSkeleton,
} from '../../functions/domain/sender-trust';
import { testConfig } from '../support/harness';

const config = testConfig();
const pass: SenderVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const trust = (from: string, verdicts = pass) =>
  assessSenderTrust(config, identifySender(config, from), from, verdicts);

describe('lookalike domains of customers (acme.example, globex.example)', () => {
  it.each([
    ['acrne.example', 'look-alike letters'],
    ['acme.com', 'another suffix'],
    ['acme.com.pl', 'another suffix'],
    ['g1obex.example', 'look-alike letters'],
    ['gl0bex.example', 'look-alike letters'],
    ['globexx.example', '1 letter away'],
    ['glboex.example', '2 letters away'],
    ['acme-example.net', 'hyphenated'],
    ['support-globex.com', 'hyphenated'],
    ['acme.example.attacker.net', 'prefix'],
    ['xn--cme-5cd.example', 'IDN'],
    ['аcme.example', 'IDN'],
    ['glοbex.example', 'IDN'],
  ])('%s imitates a customer (%s)', (domain, why) => {
    const found = findLookalike(domain, config.customers);
    expect(found?.why).toContain(why);
  });

  it.each([
    'acme.example',
    'mail.acme.example',
    'globex.example',
    'gmail.com',
    'example.com',
    'home.pl',
    'outlook.com',
    'support.example.com',
  ])('%s imitates nobody', (domain) => {
    expect(findLookalike(domain, config.customers)).toBeNull();
  });

  it('folds what renders alike', () => {
    expect(visualSkeleton('rnicrosoft')).toBe(visualSkeleton('microsoft'));
    expect(visualSkeleton('paypa1')).toBe(visualSkeleton('paypal'));
    expect(registrableLabel('mail.acme.com.pl')).toEqual({ label: 'acme', suffix: 'com.pl' });
    expect(editDistance('globex', 'glboex')).toBe(2);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});

describe('sender trust (R-IN-4)', () => {
  it('a designated, authenticated contact carries no flag and tells nobody', () => {
    expect(trust('ops@globex.example')).toMatchObject({
      status: 'DESIGNATED',
      flags: [],
      notifyCustomerId: null,
    });
  });

  it('a DMARC failure of a designated contact is flagged with the reason', () => {
    const t = trust('ops@globex.example', { ...pass, dmarc: 'FAIL' });
    expect(t).toMatchObject({
      status: 'DESIGNATED',
      flags: ['NOT_AUTHENTICATED'],
      notifyCustomerId: 'globex',
    });
    expect(t.reasons.join(' ')).toContain('DMARC failed');
  });

  it('someone else at the customer is an unverified contact, and the account is told', () => {
    expect(trust('intern@globex.example')).toMatchObject({
      status: 'UNVERIFIED',
      flags: ['UNVERIFIED_CONTACT'],
      notifyCustomerId: 'globex',
    });
  });

  it('a lookalike sender is LOOKALIKE, never the customer, and the imitated account is told', () => {
    const t = trust('ops@g1obex.example');
    expect(t).toMatchObject({
      status: 'LOOKALIKE',
      flags: ['LOOKALIKE_DOMAIN'],
      notifyCustomerId: 'globex',
      lookalike: { customerId: 'globex', domain: 'globex.example', senderDomain: 'g1obex.example' },
    });
    expect(t.reasons[0]).toContain("looks like Globex S.A.'s domain globex.example");
  });

  it('a stranger is just unknown: no flag, nobody told', () => {
    expect(trust('someone@gmail.com')).toMatchObject({
      status: 'UNKNOWN_CUSTOMER',
      flags: [],
      notifyCustomerId: null,
    });
  });
});

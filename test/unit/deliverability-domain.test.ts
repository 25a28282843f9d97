import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import {
  dnsblQueryName,
  isPublicIp,
  parseTarget,
  reverseIpv6,
} from '../../functions/deliverability/domain/net';
import {
  providerOfDomain,
  recogniseBounceCodes,
  warmupProviderOf,
} from '../../functions/deliverability/domain/providers';
import { activeZones, ZONE_CATALOGUE } from '../../functions/deliverability/domain/zones';

describe('targets (RFC 5782 §2)', () => {
  it('reverses IPv4 octets and expands IPv6 to 32 reversed nibbles', () => {
    expect(dnsblQueryName(parseTarget('203.0.113.79')!, 'zen.spamhaus.org')).toBe(
      '79.113.0.203.zen.spamhaus.org'
    );
    expect(reverseIpv6('2001:db8:7ca6:22::45')).toBe(
      '5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2'
    );
    expect(reverseIpv6('::ffff:127.0.0.2')).toBe(reverseIpv6('::FFFF:7F00:2'));
    expect(parseTarget('2001:0DB8:0:0:0:0:0:1')).toEqual({ value: '2001:db8::1', kind: 'ipv6' });
    expect(parseTarget('Mail.Example.COM.')).toEqual({ value: 'mail.example.com', kind: 'domain' });
    for (const bad of ['1.2.3.256', '1.2.3.04', '1::2::3', 'nodot', '1.2.3'])
      expect(parseTarget(bad)).toBeUndefined();
  });

  it('skips private, loopback and reserved addresses', () => {
    for (const ip of [
      '10.0.0.1',
      '192.168.1.1',
      '172.16.0.1',
      '127.0.0.2',
      '100.64.0.1',
      '169.254.1.1',
      'fd00::1',
      'fe80::1',
      '::1',
      '::ffff:10.0.0.1',
    ])
      expect(isPublicIp(ip), ip).toBe(false);
    expect(isPublicIp('8.8.4.4')).toBe(true);
    expect(isPublicIp('203.0.113.7')).toBe(false);
    expect(isPublicIp('203.0.113.7', { allowDocumentation: true })).toBe(true);
  });
});

describe('the zone catalogue', () => {
  it('never queries retired zones (SORBS) and moves Spamhaus to DQS when keyed', () => {
    expect(ZONE_CATALOGUE.find((z) => z.id === 'sorbs')?.status).toBe('retired');
    expect(activeZones({ disabled: [], extra: [] }).map((z) => z.id)).not.toContain('sorbs');
    const dqs = activeZones({
      disabled: ['barracuda'],
      extra: [],
      spamhausDqsKey: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(dqs.find((z) => z.id === 'spamhaus-zen')?.zone).toBe(
      'abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net'
    );
    expect(dqs.map((z) => z.id)).not.toContain('barracuda');
  });
});

describe('config', () => {
  const withDesk =
    (deliverability: unknown, accounts: unknown[] = []) =>
    () =>
      parseConfig({ ...demoConfig, accounts, deliverability }, 'test');

  it('refuses a public resolver, unknown zones and unknown customers', () => {
    expect(withDesk({ blacklist: { resolver: '8.8.8.8:53' } })).toThrow(
      /8\.8\.8\.8 is a public or cloud resolver/
    );
    expect(withDesk({ blacklist: { zones: { disabled: ['nope'] } } })).toThrow(/unknown zone "nope"/);
    expect(withDesk({ blacklist: { resolver: 'resolver.example:53' } })).toThrow(
      /resolver must be an IP address/
    );
    expect(
      withDesk({}, [{ id: 'x', name: 'X', customerId: 'ghost', tam: { name: 'T', email: 't@x.example' } }])
    ).toThrow(/unknown customer "ghost"/);
  });

  it('keeps configs without the new sections valid, with the defaults', () => {
    const config = parseConfig(demoConfig, 'demo');
    expect(config.accounts).toEqual([]);
    expect(config.deliverability.blacklist).toMatchObject({ intervalMinutes: 15, concurrency: 8 });
    expect(config.deliverability.blacklist.resolver).toBeUndefined();
    expect(config.deliverability.warmup.rules.advanceDeliveredRatio).toBe(0.9);
  });
});

describe('mailbox providers and bounce codes', () => {
  it('maps recipient domains to providers, Polish ones included', () => {
    expect(providerOfDomain('jan@o2.pl')?.id).toBe('wp');
    expect(providerOfDomain('poczta.onet.pl')?.id).toBe('onet');
    expect(warmupProviderOf('interia.pl')).toBe('interia');
    expect(warmupProviderOf('hotmail.com')).toBe('microsoft');
    expect(warmupProviderOf('icloud.com')).toBe('other');
  });

  it("recognises the providers' codes and no bare enhanced status code", () => {
    const codes = (t: string) => recogniseBounceCodes(t).map((r) => r.rule.code);
    expect(codes('421-4.7.28 [203.0.113.7] Our system has detected an unusual rate')).toEqual(['421-4.7.28']);
    expect(
      codes('550 5.7.515 Access denied, sending domain does not meet the required authentication level')
    ).toEqual(['550 5.7.515']);
    expect(codes('550 5.7.1 ... (S3140) ...')).toEqual(['S3140']);
    expect(codes('421 RP-001 (BAY004-MC1F14) Unfortunately')).toEqual(['RP-001']);
    expect(codes('554 BL000001 Blocked by Spamhaus')).toEqual(['BL000001']);
    expect(codes('550 5.7.1 rejected')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UdpDnsResolver } from '../../functions/deliverability/adapters/udp-resolver';
import { classifyAnswer, judgeSelfTest, selfTestNames } from '../../functions/deliverability/domain/dnsbl';
import { dnsblQueryName, parseTarget } from '../../functions/deliverability/domain/net';
import { ZONE_CATALOGUE, type ZoneDefinition } from '../../functions/deliverability/domain/zones';
import {
  type FakeAnswer,
  FakeDnsblCatalogue,
  type LoopbackDnsServer,
  startLoopbackDnsServer,
} from '../../local/dns/loopback-dns-server';

/**
 * R-DLV-3 acceptance: a DNS server on loopback serves a fake catalogue (every active zone of the
 * real catalogue, by its real name). The product's own UDP resolver asks it; every answer a real
 * list or resolver can give is classified: each documented listing code of each zone, each error
 * code, 127.255.255.x, rewritten NXDOMAIN, SERVFAIL, REFUSED, FORMERR, NOTIMP, timeouts,
 * truncation, mismatched ids, an unreachable resolver. Nothing leaves 127.0.0.1.
 */
let server: LoopbackDnsServer;
let resolver: UdpDnsResolver;
/** For the cases that test timeouts: everything else gets a generous timeout (the suite runs two files at once on two cores). */
let impatient: UdpDnsResolver;
const catalogue = new FakeDnsblCatalogue();
const active = ZONE_CATALOGUE.filter((z) => z.status === 'active');
const ip = '203.0.113.7';
const domain = 'mail.acme.example';

beforeAll(async () => {
  server = await startLoopbackDnsServer({ handler: catalogue.handler });
  resolver = new UdpDnsResolver({ server: server.address, timeoutMs: 2000, attempts: 1 });
  impatient = new UdpDnsResolver({ server: server.address, timeoutMs: 150, attempts: 1 });
});
afterAll(() => server.close());

const targetOf = (zone: ZoneDefinition) => (zone.kind === 'ip' ? ip : domain);
async function ask(zone: ZoneDefinition, answer: FakeAnswer, target = targetOf(zone), r = resolver) {
  catalogue.list(target, zone.id, answer);
  try {
    const t = parseTarget(target);
    if (!t) throw new Error('bad target');
    return classifyAnswer(zone, await r.lookupA(dnsblQueryName(t, zone.zone)));
  } finally {
    catalogue.clear(target, zone.id);
  }
}

describe('every documented listing code of every zone is a listing, decoded to its meaning', () => {
  for (const zone of active) {
    for (const code of zone.codes) {
      const a = zone.encoding === 'bitmask' ? `127.0.0.${Number(code.value)}` : String(code.value);
      it(`${zone.id}: ${a}`, async () => {
        const v = await ask(zone, { a: [a] });
        expect(v).toMatchObject({ outcome: 'listed', impact: code.impact });
        expect(v.outcome === 'listed' && v.codes.map((c) => c.meaning)).toEqual([code.meaning]);
      });
    }
  }

  it('bitmask zones: a sum of bits lists every list it encodes', async () => {
    const uribl = catalogue.zone('uribl');
    const v = await ask(uribl, { a: ['127.0.0.14'] }); // black + grey + red
    expect(v.outcome === 'listed' && v.codes.map((c) => c.meaning)).toEqual(
      uribl.codes.map((c) => c.meaning)
    );
    const surbl = catalogue.zone('surbl');
    const w = await ask(surbl, { a: ['127.0.0.24'] }); // PH + MW
    expect(w.outcome === 'listed' && w.codes.length).toBe(2);
  });

  it('ZEN: SBL with DROP in two A records is one listing with both codes', async () => {
    const v = await ask(catalogue.zone('spamhaus-zen'), { a: ['127.0.0.2', '127.0.0.9'] });
    expect(v.outcome === 'listed' && v.codes.map((c) => c.value)).toEqual(['127.0.0.2', '127.0.0.9']);
  });

  it('PBL alone is an informational listing (no case will be opened)', async () => {
    const v = await ask(catalogue.zone('spamhaus-zen'), { a: ['127.0.0.10'] });
    expect(v).toMatchObject({ outcome: 'listed', impact: 'informational' });
  });

  it('IPv6 targets are asked in nibble form and listed', async () => {
    const zen = catalogue.zone('spamhaus-zen');
    const v = await ask(zen, { a: ['127.0.0.3'] }, '2001:db8:7ca6:22::45');
    expect(v).toMatchObject({ outcome: 'listed' });
    expect(server.queries).toContain(
      '5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2.zen.spamhaus.org'
    );
  });
});

describe('error and refusal answers are unknown, never listed and never clean', () => {
  for (const zone of active) {
    for (const e of zone.errorCodes) {
      it(`${zone.id}: ${e.value} (${e.meaning.slice(0, 40)}…)`, async () => {
        const v = await ask(zone, { a: [e.value] });
        expect(v.outcome).toBe('unknown');
        expect(v.outcome === 'unknown' && v.reason).toContain(e.meaning);
      });
    }
    it(`${zone.id}: 127.255.255.253 (undocumented, in the error range)`, async () => {
      const v = await ask(zone, { a: ['127.255.255.253'] });
      expect(v).toMatchObject({ outcome: 'unknown' });
    });
  }

  it('a refusal next to a listing code poisons the answer (unknown)', async () => {
    expect(await ask(catalogue.zone('spamhaus-zen'), { a: ['127.0.0.2', '127.255.255.254'] })).toMatchObject({
      outcome: 'unknown',
    });
  });

  it('an undocumented code in 127/8 is unknown, not a listing', async () => {
    const v = await ask(catalogue.zone('spamhaus-zen'), { a: ['127.0.0.99'] });
    expect(v.outcome === 'unknown' && v.reason).toMatch(/undocumented/);
    const bits = await ask(catalogue.zone('uribl'), { a: ['127.0.0.64'] });
    expect(bits.outcome).toBe('unknown');
  });

  it('an NXDOMAIN rewritten to a web address (ISP, portal, filter) is unknown', async () => {
    for (const a of ['198.51.100.10', '0.0.0.0', '10.0.0.1']) {
      const v = await ask(catalogue.zone('barracuda'), { a: [a] });
      expect(v.outcome === 'unknown' && v.reason).toMatch(/outside 127\.0\.0\.0\/8/);
    }
  });

  const failures: [FakeAnswer, RegExp][] = [
    ['servfail', /SERVFAIL/],
    ['refused', /REFUSED/],
    ['formerr', /FORMERR/],
    ['notimp', /NOTIMP/],
    ['timeout', /timeout/],
    ['truncated', /truncated/],
    ['wrong-id', /timeout/],
  ];
  for (const [answer, reason] of failures) {
    it(`${String(answer)} is unknown`, async () => {
      const slow = answer === 'timeout' || answer === 'wrong-id';
      const v = await ask(catalogue.zone('spamcop'), answer, '203.0.113.7', slow ? impatient : resolver);
      expect(v.outcome === 'unknown' && v.reason).toMatch(reason);
    });
  }

  it('a resolver that is not there is unknown (ICMP unreachable or timeout), not clean', async () => {
    const closed = await startLoopbackDnsServer({ handler: () => 'nxdomain' });
    const address = closed.address;
    await closed.close();
    const gone = new UdpDnsResolver({ server: address, timeoutMs: 150, attempts: 1 });
    const answer = await gone.lookupA('2.0.0.127.bl.spamcop.net');
    expect(['unreachable', 'timeout']).toContain(answer.status);
    expect(classifyAnswer(catalogue.zone('spamcop'), answer).outcome).toBe('unknown');
  });

  it('a slow answer inside the timeout is used; a retry recovers a lost datagram', async () => {
    const zone = catalogue.zone('barracuda');
    expect(await ask(zone, { delayMs: 50, answer: { a: ['127.0.0.2'] } })).toMatchObject({
      outcome: 'listed',
    });
    let first = true;
    const flaky = await startLoopbackDnsServer({
      handler: () => {
        const a: FakeAnswer = first ? 'timeout' : { a: ['127.0.0.2'] };
        first = false;
        return a;
      },
    });
    const retrying = new UdpDnsResolver({ server: flaky.address, timeoutMs: 300, attempts: 2 });
    expect(await retrying.lookupA('7.113.0.203.b.barracudacentral.org')).toEqual({
      status: 'answer',
      addresses: ['127.0.0.2'],
    });
    await flaky.close();
  });
});

describe('clean', () => {
  it('NXDOMAIN and NOERROR without data are clean', async () => {
    const zone = catalogue.zone('spamhaus-zen');
    expect(await ask(zone, 'nxdomain')).toEqual({ outcome: 'clean' });
    expect(await ask(zone, 'nodata')).toEqual({ outcome: 'clean' });
  });

  it('the TXT reason of a listing is read for people', async () => {
    catalogue.list(ip, 'spamhaus-zen', {
      a: ['127.0.0.2'],
      txt: ['https://check.spamhaus.org/sbl/query/SBL1'],
    });
    expect(await resolver.lookupTxt('7.113.0.203.zen.spamhaus.org')).toEqual([
      'https://check.spamhaus.org/sbl/query/SBL1',
    ]);
    catalogue.clear(ip, 'spamhaus-zen');
  });
});

describe('RFC 5782 self-test', () => {
  async function selfTest(zone: ZoneDefinition, r = resolver) {
    const names = selfTestNames(zone, (p) => {
      const t = parseTarget(p);
      return t ? dnsblQueryName(t, zone.zone) : `${p}.${zone.zone}`;
    });
    const probes = await Promise.all(names.map(async (n) => ({ ...n, answer: await r.lookupA(n.name) })));
    return {
      main: judgeSelfTest(
        zone,
        probes.filter((p) => p.family !== 'ipv6')
      ),
      v6: judgeSelfTest(
        zone,
        probes.filter((p) => p.family === 'ipv6')
      ),
    };
  }

  for (const zone of active) {
    it(`${zone.id} passes with its test points`, async () => {
      const r = await selfTest(zone);
      expect(r.main).toEqual({ passed: true, reasons: [] });
      expect(r.v6.passed).toBe(true);
    });
  }

  const broken: [string, FakeAnswer | 'wildcard', RegExp][] = [
    ['spamhaus-zen', { a: ['127.255.255.254'] }, /public or cloud resolver/],
    ['uribl', { a: ['127.0.0.1'] }, /refused by URIBL/],
    ['barracuda', 'servfail', /SERVFAIL/],
    ['spamcop', 'wildcard', /must not be listed/],
    ['uceprotect-1', 'nxdomain', /must be listed but got NXDOMAIN/],
    ['surbl', 'timeout', /timeout/],
  ];
  for (const [id, behaviour, reason] of broken) {
    it(`${id} fails when it answers ${typeof behaviour === 'string' ? behaviour : JSON.stringify(behaviour)}`, async () => {
      catalogue.setZone(id, behaviour === 'wildcard' ? 'wildcard' : { all: behaviour });
      try {
        const r = await selfTest(catalogue.zone(id), behaviour === 'timeout' ? impatient : resolver);
        expect(r.main.passed).toBe(false);
        expect(r.main.reasons.join(' ')).toMatch(reason);
      } finally {
        catalogue.setZone(id, 'healthy');
      }
    });
  }
});

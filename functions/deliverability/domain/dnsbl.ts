import { parseIpv4 } from './net';
import type { Impact, ZoneDefinition } from './zones';

/**
 * What a DNS lookup of an A record came back with, as the resolver port reports it. Every way a
 * lookup can fail is its own case, so none of them can be mistaken for NXDOMAIN.
 */
export type DnsAnswer =
  | { status: 'answer'; addresses: string[] }
  | { status: 'nxdomain' }
  /** NOERROR with no A record. */
  | { status: 'nodata' }
  /** Any other RCODE: SERVFAIL, REFUSED, FORMERR, NOTIMP, … */
  | { status: 'error'; rcode: string }
  | { status: 'timeout' }
  /** The answer did not fit in UDP (TC bit): not trusted. */
  | { status: 'truncated' }
  /** The resolver could not be reached (ICMP unreachable, socket error). */
  | { status: 'unreachable'; message: string }
  /** No resolver is configured: nothing was asked. */
  | { status: 'unconfigured' };

export interface DecodedCode {
  value: string;
  meaning: string;
  impact: Impact;
}

/** The three outcomes (R-DLV-3). `unknown` is never shown as clean. */
export type Verdict =
  | { outcome: 'listed'; codes: DecodedCode[]; impact: Impact; undocumented: string[] }
  | { outcome: 'clean' }
  | { outcome: 'unknown'; reason: string };

const inLoopbackNet = (address: string): boolean => parseIpv4(address)?.[0] === 127;
const inErrorNet = (address: string): boolean => address.startsWith('127.255.255.');

/** Why a lookup gave no verdict, for people. */
export function failureReason(
  answer: Exclude<DnsAnswer, { status: 'answer' | 'nxdomain' | 'nodata' }>
): string {
  switch (answer.status) {
    case 'error':
      return `resolver answered ${answer.rcode}`;
    case 'timeout':
      return 'no answer before the timeout';
    case 'truncated':
      return 'truncated answer (TC bit)';
    case 'unreachable':
      return `resolver unreachable: ${answer.message}`;
    case 'unconfigured':
      return 'no DNS resolver configured: nothing was queried';
  }
}

/**
 * Classifies one answer of one zone (research §1.5):
 * - NXDOMAIN or NOERROR/no data → clean;
 * - SERVFAIL, REFUSED, any other RCODE, timeout, truncation, unreachable → unknown;
 * - an A record outside 127.0.0.0/8 → unknown (an NXDOMAIN rewritten by an ISP resolver, a
 *   captive portal or a DNS filter);
 * - 127.255.255.0/24 or a code the zone documents as an error → unknown, with its meaning;
 * - only documented listing codes make a listing; undocumented extras are noted, and an answer
 *   with nothing documented is unknown.
 */
export function classifyAnswer(zone: ZoneDefinition, answer: DnsAnswer): Verdict {
  switch (answer.status) {
    case 'nxdomain':
    case 'nodata':
      return { outcome: 'clean' };
    case 'answer':
      break;
    default:
      return { outcome: 'unknown', reason: failureReason(answer) };
  }
  const addresses = [...new Set(answer.addresses)];
  if (addresses.length === 0) return { outcome: 'clean' };
  const foreign = addresses.filter((a) => !inLoopbackNet(a));
  if (foreign.length) {
    return {
      outcome: 'unknown',
      reason: `answer ${foreign.join(', ')} is outside 127.0.0.0/8: a rewritten NXDOMAIN (resolver, portal or filter), not a listing`,
    };
  }
  for (const a of addresses) {
    const documented = zone.errorCodes.find((e) => e.value === a);
    if (documented) return { outcome: 'unknown', reason: `${a}: ${documented.meaning}` };
    if (inErrorNet(a))
      return { outcome: 'unknown', reason: `${a}: error answer (127.255.255.0/24), not a listing` };
  }
  const codes: DecodedCode[] = [];
  const undocumented: string[] = [];
  for (const a of addresses) {
    if (zone.encoding === 'bitmask') {
      const octets = parseIpv4(a) ?? [];
      const value = octets[3] ?? 0;
      // Bitmask zones use 127.0.0.x; anything else in 127/8 is not theirs.
      if (octets[1] !== 0 || octets[2] !== 0) {
        undocumented.push(a);
        continue;
      }
      let rest = value;
      for (const code of zone.codes) {
        const bit = Number(code.value);
        if (value & bit) {
          codes.push({ value: `${a} (bit ${bit})`, meaning: code.meaning, impact: code.impact });
          rest &= ~bit;
        }
      }
      if (rest) undocumented.push(`${a} (bits ${rest})`);
    } else {
      const code = zone.codes.find((c) => c.value === a);
      if (code) codes.push({ value: a, meaning: code.meaning, impact: code.impact });
      else undocumented.push(a);
    }
  }
  if (codes.length === 0) {
    return {
      outcome: 'unknown',
      reason: `undocumented answer ${undocumented.join(', ')} for ${zone.name}: not counted as a listing`,
    };
  }
  const impact: Impact = codes.some((c) => c.impact === 'action') ? 'action' : 'informational';
  return { outcome: 'listed', codes, impact, undocumented };
}

export interface SelfTestProbe {
  /** Which test point: `listed` must answer, `notListed` must not. */
  expect: 'listed' | 'notListed';
  name: string;
  answer: DnsAnswer;
}

export interface SelfTestResult {
  passed: boolean;
  /** Why it failed, for people; empty when it passed. */
  reasons: string[];
}

/**
 * RFC 5782 §5/§7: a zone is used only when its listed test point answers with an A record in
 * 127.0.0.0/8 that is not an error code, and its not-listed test point answers NXDOMAIN (or
 * NOERROR without data). A zone that refuses us (Spamhaus .254, URIBL 127.0.0.1), has died
 * (wildcard or parked domain) or does not answer fails here and its verdicts are set aside.
 */
export function judgeSelfTest(zone: ZoneDefinition, probes: SelfTestProbe[]): SelfTestResult {
  const reasons: string[] = [];
  for (const probe of probes) {
    const { answer } = probe;
    if (probe.expect === 'listed') {
      if (answer.status !== 'answer') {
        reasons.push(
          `test point ${probe.name} must be listed but got ${answer.status === 'nxdomain' || answer.status === 'nodata' ? answer.status.toUpperCase() : failureReason(answer as never)}`
        );
        continue;
      }
      const bad = answer.addresses.filter(
        (a) => !inLoopbackNet(a) || inErrorNet(a) || zone.errorCodes.some((e) => e.value === a)
      );
      if (bad.length || answer.addresses.length === 0) {
        const verdict = classifyAnswer(zone, answer);
        reasons.push(
          `test point ${probe.name} answered ${answer.addresses.join(', ') || 'nothing'}${verdict.outcome === 'unknown' ? ` (${verdict.reason})` : ''}`
        );
      }
    } else if (answer.status !== 'nxdomain' && answer.status !== 'nodata') {
      reasons.push(
        answer.status === 'answer'
          ? `test point ${probe.name} must not be listed but answered ${answer.addresses.join(', ')} (wildcard, parked or dead zone)`
          : `test point ${probe.name}: ${failureReason(answer)}`
      );
    }
  }
  return { passed: reasons.length === 0, reasons };
}

/** The names a zone's self-test asks, by IP family: IPv6 test points are asked only of IPv6 zones. */
export function selfTestNames(
  zone: ZoneDefinition,
  queryName: (point: string) => string
): { family: 'ipv4' | 'ipv6' | 'domain'; expect: 'listed' | 'notListed'; name: string }[] {
  const t = zone.testPoints;
  if (zone.kind === 'domain') {
    return [
      { family: 'domain', expect: 'listed', name: `${t.listed}.${zone.zone}` },
      { family: 'domain', expect: 'notListed', name: `${t.notListed}.${zone.zone}` },
    ];
  }
  const names: ReturnType<typeof selfTestNames> = [
    { family: 'ipv4', expect: 'listed', name: queryName(t.listed) },
    { family: 'ipv4', expect: 'notListed', name: queryName(t.notListed) },
  ];
  if (zone.ipv6 && t.ipv6Listed && t.ipv6NotListed) {
    names.push({ family: 'ipv6', expect: 'listed', name: queryName(t.ipv6Listed) });
    names.push({ family: 'ipv6', expect: 'notListed', name: queryName(t.ipv6NotListed) });
  }
  return names;
}

/** The state of one target on one zone, kept between cycles. */
export interface ZoneStatus {
  zoneId: string;
  zone: string;
  zoneName: string;
  outcome: 'listed' | 'clean' | 'unknown';
  codes?: DecodedCode[];
  impact?: Impact;
  /** TXT reason published by the zone (for people), when listed. */
  txt?: string[];
  reason?: string;
  /** When the current outcome was first seen. */
  since: string;
  lastCheckedAt: string;
  /** Last time the zone gave a definite answer (listed or clean) for this target. */
  lastDefiniteAt?: string;
  /** While the zone is unknown, the last definite outcome stands (an error never clears a listing). */
  standing?: 'listed' | 'clean';
  delistUrl: string;
}

export type Transition = 'listed' | 'delisted' | 'none';

/**
 * Next state of a target on a zone. An unknown answer keeps whatever stood before (listed stays
 * listed; it is never taken as a delisting), so an erroring zone cannot flap a case open/closed.
 */
export function nextZoneStatus(
  previous: ZoneStatus | undefined,
  zone: ZoneDefinition,
  verdict: Verdict,
  now: string,
  txt?: string[]
): { status: ZoneStatus; transition: Transition } {
  const standingBefore = previous
    ? previous.outcome === 'unknown'
      ? previous.standing
      : previous.outcome
    : undefined;
  const base = {
    zoneId: zone.id,
    zone: zone.zone,
    zoneName: zone.name,
    lastCheckedAt: now,
    delistUrl: zone.delistUrl,
  };
  if (verdict.outcome === 'unknown') {
    return {
      status: {
        ...base,
        outcome: 'unknown',
        reason: verdict.reason,
        since: previous?.outcome === 'unknown' ? previous.since : now,
        lastDefiniteAt: previous?.lastDefiniteAt,
        standing: standingBefore,
        codes: standingBefore === 'listed' ? previous?.codes : undefined,
        impact: standingBefore === 'listed' ? previous?.impact : undefined,
      },
      transition: 'none',
    };
  }
  if (verdict.outcome === 'listed') {
    const sameCodes =
      standingBefore === 'listed' &&
      JSON.stringify(previous?.codes?.map((c) => c.value).sort()) ===
        JSON.stringify(verdict.codes.map((c) => c.value).sort());
    return {
      status: {
        ...base,
        outcome: 'listed',
        codes: verdict.codes,
        impact: verdict.impact,
        txt: txt ?? (sameCodes ? previous?.txt : undefined),
        since: standingBefore === 'listed' && previous ? previous.since : now,
        lastDefiniteAt: now,
      },
      transition: standingBefore === 'listed' ? 'none' : 'listed',
    };
  }
  return {
    status: {
      ...base,
      outcome: 'clean',
      since: standingBefore === 'clean' && previous ? previous.since : now,
      lastDefiniteAt: now,
    },
    transition: standingBefore === 'listed' ? 'delisted' : 'none',
  };
}

/** Overall state of a target: listed if any zone lists it; clean only if every zone answered clean. */
export function overallOutcome(statuses: ZoneStatus[]): 'listed' | 'clean' | 'unknown' {
  if (statuses.some((s) => s.outcome === 'listed' || (s.outcome === 'unknown' && s.standing === 'listed')))
    return 'listed';
  if (statuses.length > 0 && statuses.every((s) => s.outcome === 'clean')) return 'clean';
  return 'unknown';
}

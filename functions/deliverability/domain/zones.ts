/**
 * The DNSBL zone catalogue: versioned data, not code paths (research/deliverability.md §0.4, §1.5.7).
 * Lists shut down or change their codes (SORBS closed 2024-06-05; spamcop.net lapsed 2021-01-31), so
 * every zone carries the date its codes were last checked against the operator's documentation,
 * and every cycle self-tests each zone before trusting it.
 *
 * A code is a listing only when it is documented here; error and refusal codes, anything in
 * 127.255.255.0/24 and anything outside 127.0.0.0/8 are "unknown", never "listed" and never "clean".
 */

export type ZoneKind = 'ip' | 'domain';
/** `action`: someone must act (SBL, XBL, CSS, Barracuda…); `informational`: recorded, no case (PBL, UCEPROTECT L2/L3). */
export type Impact = 'action' | 'informational';

export interface ListingCode {
  /** The A record value (127.0.0.2) — or, on bitmask zones, the bit (8 for 127.0.0.8). */
  value: string | number;
  meaning: string;
  impact: Impact;
}

export interface ErrorCode {
  value: string;
  meaning: string;
}

export interface ZoneDefinition {
  /** Stable id used in keys and config (`spamhaus-zen`). */
  id: string;
  /** The DNS zone queried (`zen.spamhaus.org`); DQS zones are built from the key at run time. */
  zone: string;
  name: string;
  kind: ZoneKind;
  /** Whether the operator answers IPv6 (nibble) queries; IPv6 targets are sent only to these. */
  ipv6: boolean;
  /** `value`: each A record is one code; `bitmask`: the last octet is a sum of list bits (SURBL, URIBL). */
  encoding: 'value' | 'bitmask';
  codes: ListingCode[];
  /** Answers that mean "refused / error": never a listing. 127.255.255.0/24 is always treated as one. */
  errorCodes: ErrorCode[];
  /** RFC 5782 §5 test points: `listed` must answer, `notListed` must not. */
  testPoints: { listed: string; notListed: string; ipv6Listed?: string; ipv6NotListed?: string };
  delistUrl: string;
  /** Public or cloud resolvers are refused by this operator (answers 127.255.255.254, URIBL 127.0.0.1). */
  refusesPublicResolvers: boolean;
  /** Terms of use in one line (free-use limits, registration). */
  terms: string;
  /** When the codes were last checked against the operator's documentation (YYYY-MM-DD). */
  lastVerified: string;
  /** `retired` zones are never queried; they stay listed so a config naming them gets a clear answer. */
  status: 'active' | 'retired';
  note?: string;
  /** Where the codes come from. */
  source: string;
}

const SPAMHAUS_ERRORS: ErrorCode[] = [
  { value: '127.255.255.252', meaning: 'typing error in the DNSBL zone name (Spamhaus)' },
  {
    value: '127.255.255.254',
    meaning:
      'query through a public or cloud resolver, or a resolver with non-attributable reverse DNS: refused by Spamhaus',
  },
  { value: '127.255.255.255', meaning: 'excessive number of queries: refused by Spamhaus' },
];

const RFC5782_IP_TESTS = {
  listed: '127.0.0.2',
  notListed: '127.0.0.1',
  ipv6Listed: '::ffff:7f00:2',
  ipv6NotListed: '::ffff:7f00:1',
};

/** Version of the catalogue below: bump it with every change to a zone or a code. */
export const ZONE_CATALOGUE_VERSION = '2026.05-1';

export const ZONE_CATALOGUE: readonly ZoneDefinition[] = [
  {
    id: 'spamhaus-zen',
    zone: 'zen.spamhaus.org',
    name: 'Spamhaus ZEN',
    kind: 'ip',
    ipv6: true,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'SBL: Spamhaus Block List (spam source or spam operation)',
        impact: 'action',
      },
      {
        value: '127.0.0.3',
        meaning: 'CSS: Spamhaus Combined Spam Sources (low-reputation sending)',
        impact: 'action',
      },
      {
        value: '127.0.0.4',
        meaning: 'XBL: exploits (compromised host, botnet, open proxy)',
        impact: 'action',
      },
      {
        value: '127.0.0.9',
        meaning: 'DROP: hijacked or criminal netblock (returned alongside SBL)',
        impact: 'action',
      },
      {
        value: '127.0.0.10',
        meaning: 'PBL (ISP maintained): end-user range that should not send direct to MX',
        impact: 'informational',
      },
      {
        value: '127.0.0.11',
        meaning: 'PBL (Spamhaus maintained): end-user range that should not send direct to MX',
        impact: 'informational',
      },
      { value: '127.0.0.30', meaning: 'BCL: botnet controller', impact: 'action' },
    ],
    errorCodes: SPAMHAUS_ERRORS,
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://check.spamhaus.org/',
    refusesPublicResolvers: true,
    terms:
      'free only for non-commercial use under 100k SMTP connections and 300k queries a day; otherwise DQS (set deliverability.blacklist.spamhausDqsKey) or a datafeed',
    lastVerified: '2026-05-01',
    status: 'active',
    source: 'docs.spamhaus.com datasets 040-zones; research/deliverability.md §1.2',
  },
  {
    id: 'spamhaus-dbl',
    zone: 'dbl.spamhaus.org',
    name: 'Spamhaus DBL',
    kind: 'domain',
    ipv6: false,
    encoding: 'value',
    codes: [
      { value: '127.0.1.2', meaning: 'DBL: spam domain (low reputation)', impact: 'action' },
      { value: '127.0.1.4', meaning: 'DBL: phishing domain', impact: 'action' },
      { value: '127.0.1.5', meaning: 'DBL: malware domain', impact: 'action' },
      { value: '127.0.1.6', meaning: 'DBL: botnet command-and-control domain', impact: 'action' },
      { value: '127.0.1.102', meaning: 'DBL: abused legitimate domain (spam)', impact: 'action' },
      { value: '127.0.1.103', meaning: 'DBL: abused legitimate spammed redirector', impact: 'action' },
      { value: '127.0.1.104', meaning: 'DBL: abused legitimate domain (phishing)', impact: 'action' },
      { value: '127.0.1.105', meaning: 'DBL: abused legitimate domain (malware)', impact: 'action' },
      { value: '127.0.1.106', meaning: 'DBL: abused legitimate domain (botnet C&C)', impact: 'action' },
    ],
    errorCodes: [
      { value: '127.0.1.255', meaning: 'an IP address was sent to a domain list' },
      ...SPAMHAUS_ERRORS,
    ],
    testPoints: { listed: 'dbltest.com', notListed: 'invalid' },
    delistUrl: 'https://check.spamhaus.org/',
    refusesPublicResolvers: true,
    terms: 'as ZEN: free for non-commercial low volume only; DQS otherwise',
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'wildcarded zone: the full host name is queried',
    source: 'docs.spamhaus.com datasets 040-zones; research/deliverability.md §1.2',
  },
  {
    id: 'barracuda',
    zone: 'b.barracudacentral.org',
    name: 'Barracuda BRBL',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'Barracuda Reputation Block List: poor sending reputation',
        impact: 'action',
      },
    ],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://www.barracudacentral.org/rbl/removal-request',
    refusesPublicResolvers: false,
    terms: 'free after registering an account and the DNS servers that will query',
    lastVerified: '2026-05-01',
    status: 'active',
    source: 'barracudacentral.org/rbl/how-to-use',
  },
  {
    id: 'spamcop',
    zone: 'bl.spamcop.net',
    name: 'SpamCop',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'SpamCop: reported by spam recipients (delists itself when reports stop)',
        impact: 'action',
      },
    ],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://www.spamcop.net/bl.shtml',
    refusesPublicResolvers: false,
    terms: 'free; time-based listing',
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'the listing code is unverified in a primary source; the domain lapsed on 2021-01-31, so the self-test is what keeps a dead zone from raising false alerts',
    source: 'spamcop.net/bl.shtml; research/deliverability.md §1.2 [unverified code]',
  },
  {
    id: 'uceprotect-1',
    zone: 'dnsbl-1.uceprotect.net',
    name: 'UCEPROTECT Level 1',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'UCEPROTECT L1: this single IP sent to their traps (expires after 7 days)',
        impact: 'action',
      },
    ],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://www.uceprotect.net/en/rblcheck.php',
    refusesPublicResolvers: false,
    terms: "free to query; paid express delisting exists (we never pay it on a customer's behalf)",
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'return code unverified in a primary source',
    source: 'research/deliverability.md §1.2 [unverified code]',
  },
  {
    id: 'uceprotect-2',
    zone: 'dnsbl-2.uceprotect.net',
    name: 'UCEPROTECT Level 2',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'UCEPROTECT L2: the surrounding subnet is listed (informational for ESP IPs)',
        impact: 'informational',
      },
    ],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://www.uceprotect.net/en/rblcheck.php',
    refusesPublicResolvers: false,
    terms: 'free to query',
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'return code unverified in a primary source',
    source: 'research/deliverability.md §1.2, §1.5.9 [unverified code]',
  },
  {
    id: 'uceprotect-3',
    zone: 'dnsbl-3.uceprotect.net',
    name: 'UCEPROTECT Level 3',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [
      {
        value: '127.0.0.2',
        meaning: 'UCEPROTECT L3: the whole ASN is listed (informational for ESP IPs)',
        impact: 'informational',
      },
    ],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: 'https://www.uceprotect.net/en/rblcheck.php',
    refusesPublicResolvers: false,
    terms: 'free to query',
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'return code unverified in a primary source',
    source: 'research/deliverability.md §1.2, §1.5.9 [unverified code]',
  },
  {
    id: 'surbl',
    zone: 'multi.surbl.org',
    name: 'SURBL multi',
    kind: 'domain',
    ipv6: false,
    encoding: 'bitmask',
    codes: [
      { value: 4, meaning: 'SURBL DM: disposable/abused domain', impact: 'action' },
      { value: 8, meaning: 'SURBL PH: phishing', impact: 'action' },
      { value: 16, meaning: 'SURBL MW: malware', impact: 'action' },
      { value: 32, meaning: 'SURBL CT: cracked site', impact: 'action' },
      { value: 64, meaning: 'SURBL ABUSE: spam domain', impact: 'action' },
      { value: 128, meaning: 'SURBL CR: cracked site', impact: 'action' },
    ],
    errorCodes: [{ value: '127.0.0.1', meaning: 'query blocked by SURBL (public resolver or volume)' }],
    testPoints: { listed: 'test.surbl.org', notListed: 'invalid' },
    delistUrl: 'https://www.surbl.org/surbl-analysis',
    refusesPublicResolvers: false,
    terms: 'public DNS for low volume; rsync feed for professional use',
    lastVerified: '2026-05-01',
    status: 'active',
    note: 'decide on the A record; the TXT is for people. 127.0.0.1 as a refusal is unverified',
    source: 'surbl.org/guidelines; research/deliverability.md §1.2',
  },
  {
    id: 'uribl',
    zone: 'multi.uribl.com',
    name: 'URIBL multi',
    kind: 'domain',
    ipv6: false,
    encoding: 'bitmask',
    codes: [
      { value: 2, meaning: 'URIBL black: domain seen in spam, high confidence', impact: 'action' },
      { value: 4, meaning: 'URIBL grey: domain in bulk mail, grey area', impact: 'informational' },
      { value: 8, meaning: 'URIBL red: newly seen in spam', impact: 'action' },
    ],
    errorCodes: [
      {
        value: '127.0.0.1',
        meaning: 'query refused by URIBL (public resolver or volume; SpamAssassin URIBL_BLOCKED)',
      },
    ],
    testPoints: { listed: 'test.uribl.com', notListed: 'invalid' },
    delistUrl: 'https://admin.uribl.com/',
    refusesPublicResolvers: true,
    terms: 'low volume free; datafeed otherwise; Google and OpenDNS resolvers are refused',
    lastVerified: '2026-05-01',
    status: 'active',
    source: 'uribl.com/about.shtml, refused.shtml; research/deliverability.md §1.2',
  },
  {
    id: 'sorbs',
    zone: 'dnsbl.sorbs.net',
    name: 'SORBS',
    kind: 'ip',
    ipv6: false,
    encoding: 'value',
    codes: [],
    errorCodes: [],
    testPoints: RFC5782_IP_TESTS,
    delistUrl: '',
    refusesPublicResolvers: false,
    terms: 'none: decommissioned',
    lastVerified: '2026-05-01',
    status: 'retired',
    note: 'decommissioned on 2024-06-05 and its data removed; never queried',
    source: 'Proofpoint statement; research/deliverability.md §1.2',
  },
];

/** The Spamhaus Data Query Service form of a zone: `<key>.zen.dq.spamhaus.net` (works through any resolver). */
export function spamhausDqsZone(zone: ZoneDefinition, key: string): ZoneDefinition {
  const base = zone.zone.replace(/\.spamhaus\.org$/, '');
  return {
    ...zone,
    zone: `${key}.${base}.dq.spamhaus.net`,
    name: `${zone.name} (DQS)`,
    refusesPublicResolvers: false,
    terms: "Spamhaus Data Query Service under the deployment's own key",
  };
}

export interface ZoneSelection {
  /** Zone ids to query; default: every active zone. */
  enabled?: string[];
  /** Zone ids never to query. */
  disabled: string[];
  /** Zones of the deployment's own (a private list, a new operator): same shape as the catalogue. */
  extra: ZoneDefinition[];
  spamhausDqsKey?: string;
}

/** The zones a cycle queries: the catalogue's active ones, filtered, with Spamhaus moved to DQS when keyed. */
export function activeZones(
  selection: ZoneSelection,
  catalogue: readonly ZoneDefinition[] = ZONE_CATALOGUE
): ZoneDefinition[] {
  const all = [...catalogue, ...selection.extra];
  return all
    .filter((z) => z.status === 'active')
    .filter((z) => (selection.enabled ? selection.enabled.includes(z.id) : true))
    .filter((z) => !selection.disabled.includes(z.id))
    .map((z) =>
      selection.spamhausDqsKey && z.zone.endsWith('.spamhaus.org')
        ? spamhausDqsZone(z, selection.spamhausDqsKey)
        : z
    );
}

/** Zone ids config may name (active and retired, with the extras), for validation. */
export function knownZoneIds(extra: ZoneDefinition[] = []): string[] {
  return [...ZONE_CATALOGUE, ...extra].map((z) => z.id);
}

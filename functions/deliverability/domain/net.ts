/**
 * Addresses and names as DNSBLs want them (RFC 5782 §2): IPv4 octets reversed, IPv6 expanded to
 * 32 nibbles and reversed (the ip6.arpa form), domains lower-cased without the trailing dot.
 * Pure: no DNS here.
 */

export type TargetKind = 'ipv4' | 'ipv6' | 'domain';

/** The four octets of a dotted-quad IPv4 address, or undefined when it is not one. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    // No leading zeros: "010" is octal to some parsers and decimal to others.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

/** The eight 16-bit groups of an IPv6 address (`::` and an embedded IPv4 tail allowed), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  let s = text.trim().toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (!s.includes(':') || s.includes('%')) return undefined;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (::ffff:127.0.0.2) becomes its two 16-bit groups.
    const v4 = parseIpv4(last);
    if (!v4) return undefined;
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      groups.push(Number.parseInt(g, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

/** A hostname as DNSBLs want it: lower case, no trailing dot, letters/digits/hyphens per label. */
export function normalizeDomain(text: string): string | undefined {
  const d = text.trim().toLowerCase().replace(/\.$/, '');
  if (d.length === 0 || d.length > 253) return undefined;
  const labels = d.split('.');
  if (labels.length < 2) return undefined;
  // An all-numeric last label is a mistyped address, not a domain.
  if (!/[a-z]/.test(labels[labels.length - 1] ?? '')) return undefined;
  for (const label of labels) {
    if (!/^[a-z0-9_](?:[a-z0-9-_]{0,61}[a-z0-9_])?$/.test(label)) return undefined;
  }
  return d;
}

export interface Target {
  /** Canonical text: dotted quad, compressed-free full IPv6 (lower case), or the domain. */
  value: string;
  kind: TargetKind;
}

/** Canonical IPv6 text: eight groups without leading zeros, `::` for the longest zero run (RFC 5952). */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Classifies and canonicalizes an IP address or a domain; undefined when it is neither. */
export function parseTarget(text: string): Target | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { value: v4.join('.'), kind: 'ipv4' };
  const v6 = parseIpv6(text);
  if (v6) return { value: formatIpv6(v6), kind: 'ipv6' };
  const domain = normalizeDomain(text);
  if (domain) return { value: domain, kind: 'domain' };
  return undefined;
}

export function isIpAddress(text: string): boolean {
  return parseIpv4(text) !== undefined || parseIpv6(text) !== undefined;
}

/** Canonical text of an IP address (throws when it is not one). */
export function canonicalIp(text: string): string {
  const t = parseTarget(text);
  if (!t || t.kind === 'domain') throw new Error(`not an IP address: ${text}`);
  return t.value;
}

/** `79.113.0.203` for 203.0.113.79 (RFC 5782 §2.1). */
export function reverseIpv4(ip: string): string {
  const octets = parseIpv4(ip);
  if (!octets) throw new Error(`not an IPv4 address: ${ip}`);
  return [...octets].reverse().join('.');
}

/** The 32 nibbles of an IPv6 address, reversed and dot-separated (RFC 5782 §2.4, the ip6.arpa form). */
export function reverseIpv6(ip: string): string {
  const groups = parseIpv6(ip);
  if (!groups) throw new Error(`not an IPv6 address: ${ip}`);
  const nibbles = groups.map((g) => g.toString(16).padStart(4, '0')).join('');
  return [...nibbles].reverse().join('.');
}

/** The name to look up for a target on a zone. */
export function dnsblQueryName(target: Target, zone: string): string {
  switch (target.kind) {
    case 'ipv4':
      return `${reverseIpv4(target.value)}.${zone}`;
    case 'ipv6':
      return `${reverseIpv6(target.value)}.${zone}`;
    case 'domain':
      return `${target.value}.${zone}`;
  }
}

/**
 * Whether an IP address may be checked on public lists: private, loopback, link-local, CGNAT,
 * documentation and other reserved ranges are skipped (a query would leak a private address
 * to a list operator and answer nothing useful). Documentation ranges are allowed only when
 * the caller says so (the demo and the tests use them).
 */
export function isPublicIp(ip: string, options: { allowDocumentation?: boolean } = {}): boolean {
  const v4 = parseIpv4(ip);
  if (v4) {
    const [a = 0, b = 0, c = 0] = v4;
    if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
    if (a === 100 && b >= 64 && b <= 127) return false;
    if (a === 169 && b === 254) return false;
    if (a === 172 && b >= 16 && b <= 31) return false;
    if (a === 192 && b === 168) return false;
    if (a === 192 && b === 0 && c === 0) return false;
    if (a === 198 && (b === 18 || b === 19)) return false;
    const documentation =
      (a === 192 && b === 0 && c === 2) ||
      (a === 198 && b === 51 && c === 100) ||
      (a === 203 && b === 0 && c === 113);
    if (documentation) return options.allowDocumentation === true;
    return true;
  }
  const v6 = parseIpv6(ip);
  if (!v6) return false;
  const [g0 = 0, g1 = 0] = v6;
  if (v6.every((g) => g === 0)) return false;
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) return false;
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return false; // link-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    // IPv4-mapped: judged as the IPv4 address.
    const [, , , , , , hi = 0, lo = 0] = v6;
    return isPublicIp(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, options);
  }
  if (g0 === 0x2001 && g1 === 0x0db8) return options.allowDocumentation === true;
  return true;
}

/** Whether a resolver host is on loopback (127.0.0.0/8 or ::1). */
export function isLoopback(host: string): boolean {
  const v4 = parseIpv4(host);
  if (v4) return v4[0] === 127;
  const v6 = parseIpv6(host);
  return !!v6?.slice(0, 7).every((g) => g === 0) && v6?.[7] === 1;
}

/** `host:port`, `[v6]:port` or a bare host (port 53) → its parts. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const s = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    const port = bracketed[2] ? Number(bracketed[2]) : 53;
    return parseIpv6(host) && port > 0 && port < 65536
      ? { host: formatIpv6(parseIpv6(host) ?? []), port }
      : undefined;
  }
  if (parseIpv6(s)) return { host: formatIpv6(parseIpv6(s) ?? []), port: 53 };
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return undefined;
  const host = m[1] ?? '';
  const port = m[2] ? Number(m[2]) : 53;
  if (!(port > 0 && port < 65536)) return undefined;
  if (!parseIpv4(host)) return undefined;
  return { host, port };
}

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import {
  type Answer,
  type DecodedPacket,
  decode,
  encode,
  type Packet,
  RECURSION_AVAILABLE,
  RECURSION_DESIRED,
  TRUNCATED_RESPONSE,
} from 'dns-packet';
import { dnsblQueryName, parseTarget } from '../../functions/deliverability/domain/net';
import {
  activeZones,
  ZONE_CATALOGUE,
  type ZoneDefinition,
} from '../../functions/deliverability/domain/zones';

/**
 * A DNS server on loopback for tests and demos: it answers every question from a handler, and
 * can answer in every way a real resolver can go wrong (SERVFAIL, REFUSED, FORMERR, silence,
 * truncation, a mismatched id, an NXDOMAIN rewritten to a web address). It only ever binds to a
 * loopback address and never forwards anything.
 */
export type FakeAnswer =
  | { a: string[]; txt?: string[] }
  | 'nxdomain'
  | 'nodata'
  | 'servfail'
  | 'refused'
  | 'formerr'
  | 'notimp'
  /** No reply at all: the client times out. */
  | 'timeout'
  /** A reply with the TC bit set and no records. */
  | 'truncated'
  /** A reply with another id (spoofing or a confused resolver), and nothing else. */
  | 'wrong-id'
  | { delayMs: number; answer: FakeAnswer };

export type DnsHandler = (name: string, type: 'A' | 'TXT' | 'OTHER') => FakeAnswer;

export interface LoopbackDnsServer {
  host: string;
  port: number;
  /** `host:port`, ready for CASEFLOW_DNS_RESOLVER / deliverability.blacklist.resolver. */
  address: string;
  /** Every name asked, in order (lower case). */
  queries: string[];
  close(): Promise<void>;
}

/** RFC 1035 §4.1.1 response codes, carried in the low four bits of the flags. */
const RCODES: Record<string, number> = { formerr: 1, servfail: 2, nxdomain: 3, notimp: 4, refused: 5 };

export async function startLoopbackDnsServer(options: {
  handler: DnsHandler;
  host?: string;
  port?: number;
}): Promise<LoopbackDnsServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(host.startsWith('127.') || host === '::1'))
    throw new Error(`the test DNS server binds to loopback only, not ${host}`);
  const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const queries: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const reply = (query: DecodedPacket, answer: FakeAnswer, to: RemoteInfo) => {
    if (typeof answer === 'object' && 'delayMs' in answer) {
      const t = setTimeout(() => {
        timers.delete(t);
        reply(query, answer.answer, to);
      }, answer.delayMs);
      timers.add(t);
      return;
    }
    if (answer === 'timeout') return;
    const q = query.questions?.[0];
    if (!q) return;
    const id = query.id ?? 0;
    const flags = (query.flag_rd ? RECURSION_DESIRED : 0) | RECURSION_AVAILABLE;
    const base: Packet = { type: 'response', id, flags, questions: [q] };
    let out: Buffer;
    if (answer === 'wrong-id') out = encode({ ...base, id: (id + 1) & 0xffff });
    else if (answer === 'truncated') out = encode({ ...base, flags: flags | TRUNCATED_RESPONSE });
    else if (typeof answer === 'string') out = encode({ ...base, flags: flags | (RCODES[answer] ?? 0) });
    else {
      const records: Answer[] =
        q.type === 'A'
          ? answer.a.map((a) => ({ name: q.name, type: 'A', class: 'IN', ttl: 60, data: a }))
          : q.type === 'TXT' && answer.txt
            ? answer.txt.map((t) => ({ name: q.name, type: 'TXT', class: 'IN', ttl: 60, data: [t] }))
            : [];
      out = encode({ ...base, answers: records });
    }
    socket.send(out, to.port, to.address);
  };

  socket.on('message', (buf, rinfo) => {
    let query: DecodedPacket;
    try {
      query = decode(buf);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (query.flag_qr || !q) return;
    const name = q.name.toLowerCase();
    queries.push(name);
    const type = q.type === 'A' ? 'A' : q.type === 'TXT' ? 'TXT' : 'OTHER';
    let answer: FakeAnswer;
    try {
      answer = options.handler(name, type);
    } catch {
      answer = 'servfail';
    }
    reply(query, answer, rinfo);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const port = socket.address().port;
  return {
    host,
    port,
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        socket.close(() => resolve());
      }),
  };
}

/** What a whole zone does, whatever is asked: a healthy zone answers from its listings. */
export type ZoneBehaviour =
  | 'healthy'
  /** Every name answers this (SERVFAIL, REFUSED, timeout, 127.255.255.254, …): the self-test fails. */
  | { all: FakeAnswer }
  /** Dead or parked zone: every name resolves (a wildcard), so the not-listed test point answers. */
  | 'wildcard';

/** The A answer a zone gives for its first documented listing code. */
export function firstListingAnswer(zone: ZoneDefinition): string {
  const code = zone.codes[0];
  if (!code) return '127.0.0.2';
  return zone.encoding === 'bitmask' ? `127.0.0.${Number(code.value)}` : String(code.value);
}

/**
 * A fake DNSBL catalogue: every active zone of the real catalogue (by its real name), answering
 * its RFC 5782 test points correctly, NXDOMAIN for everything else, and whatever a test lists
 * or breaks. Tests flip answers between cycles with `list` / `clear` / `setZone`.
 */
export class FakeDnsblCatalogue {
  private readonly listings = new Map<string, FakeAnswer>();
  private readonly behaviours = new Map<string, ZoneBehaviour>();
  readonly zones: ZoneDefinition[];

  constructor(zones: ZoneDefinition[] = activeZones({ disabled: [], extra: [] }, ZONE_CATALOGUE)) {
    this.zones = zones;
  }

  zone(id: string): ZoneDefinition {
    const z = this.zones.find((x) => x.id === id);
    if (!z) throw new Error(`no zone ${id} in the fake catalogue`);
    return z;
  }

  /** Lists a target (IP or domain) on a zone with an answer (default: the zone's first listing code). */
  list(target: string, zoneId: string, answer?: FakeAnswer): void {
    const t = parseTarget(target);
    if (!t) throw new Error(`not a target: ${target}`);
    const z = this.zone(zoneId);
    this.listings.set(
      dnsblQueryName(t, z.zone).toLowerCase(),
      answer ?? { a: [firstListingAnswer(z)], txt: [`listed by the fake ${z.name}`] }
    );
  }

  clear(target: string, zoneId: string): void {
    const t = parseTarget(target);
    if (!t) throw new Error(`not a target: ${target}`);
    this.listings.delete(dnsblQueryName(t, this.zone(zoneId).zone).toLowerCase());
  }

  /** Answers one exact name (a test point, for instance). */
  answerName(name: string, answer: FakeAnswer): void {
    this.listings.set(name.toLowerCase(), answer);
  }

  setZone(zoneId: string, behaviour: ZoneBehaviour): void {
    this.behaviours.set(this.zone(zoneId).zone.toLowerCase(), behaviour);
  }

  readonly handler: DnsHandler = (name, type) => {
    const zone = this.zones
      .filter((z) => name === z.zone.toLowerCase() || name.endsWith(`.${z.zone.toLowerCase()}`))
      .sort((a, b) => b.zone.length - a.zone.length)[0];
    if (!zone) return 'nxdomain';
    const behaviour = this.behaviours.get(zone.zone.toLowerCase()) ?? 'healthy';
    if (typeof behaviour === 'object') return behaviour.all;
    const explicit = this.listings.get(name);
    if (explicit) return type === 'OTHER' ? 'nodata' : explicit;
    if (behaviour === 'wildcard') return { a: [firstListingAnswer(zone)] };
    const prefix = name.slice(0, -(zone.zone.length + 1));
    const tp = zone.testPoints;
    const listedPoints =
      zone.kind === 'domain' ? [tp.listed] : ['2.0.0.127', ...(zone.ipv6 ? [ipv6TestName('2')] : [])];
    if (listedPoints.includes(prefix)) {
      return type === 'TXT' ? { a: [], txt: ['RFC 5782 test point'] } : { a: [firstListingAnswer(zone)] };
    }
    return 'nxdomain';
  };
}

/** `2.0.0.0.0.0.f.7.f.f.f.f.0…` for ::ffff:7f00:2 (the IPv6 listed test point). */
function ipv6TestName(last: '1' | '2'): string {
  const t = parseTarget(`::ffff:7f00:${last}`);
  return t ? dnsblQueryName(t, 'x').slice(0, -2) : '';
}

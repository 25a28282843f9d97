import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import {
  type DecodedPacket,
  decode,
  encode,
  RECURSION_DESIRED,
  type StringAnswer,
  type TxtAnswer,
} from 'dns-packet';
import type { Config } from '../../config/schema';
import type { DnsAnswer } from '../domain/dnsbl';
import { parseHostPort } from '../domain/net';
import type { DnsResolver } from '../ports';
import { NoDnsResolver } from './no-dns-resolver';

export interface UdpResolverOptions {
  /** `host:port` of the resolver (an IP address; no name lookups here). */
  server: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts on timeout (lost datagrams); an answer of any kind is final. */
  attempts: number;
}

/**
 * A DNS client over UDP that asks exactly one configured resolver and reports every outcome as
 * its own answer: NXDOMAIN, NOERROR without data, each RCODE, timeouts, truncation, an
 * unreachable resolver. Node's resolver (c-ares) would fold several of these together and may
 * consult the system's resolvers; a DNSBL monitor must not. Each query uses a fresh socket (a
 * random source port) and a random id, and answers that do not match the question are ignored.
 */
export class UdpDnsResolver implements DnsResolver {
  readonly description: string;
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly options: UdpResolverOptions) {
    const hp = parseHostPort(options.server);
    if (!hp) throw new Error(`DNS resolver must be host:port with an IP address, got "${options.server}"`);
    this.host = hp.host;
    this.port = hp.port;
    this.description = hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
  }

  async lookupA(name: string): Promise<DnsAnswer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.once(name, 'A');
      if (answer.kind === 'timeout' && attempt < this.options.attempts) continue;
      return this.toAnswer(answer);
    }
  }

  async lookupTxt(name: string): Promise<string[] | undefined> {
    const answer = await this.once(name, 'TXT');
    if (answer.kind !== 'message' || answer.rcode !== 'NOERROR' || answer.tc) return undefined;
    const texts = answer.records
      .filter((r): r is TxtAnswer => r.type === 'TXT')
      .map((r) => (Array.isArray(r.data) ? r.data : [r.data]).map((t) => t.toString()).join(''));
    return texts.length ? texts : undefined;
  }

  private toAnswer(result: QueryResult): DnsAnswer {
    if (result.kind === 'timeout') return { status: 'timeout' };
    if (result.kind === 'unreachable') return { status: 'unreachable', message: result.message };
    if (result.tc) return { status: 'truncated' };
    if (result.rcode === 'NXDOMAIN') return { status: 'nxdomain' };
    if (result.rcode !== 'NOERROR') return { status: 'error', rcode: result.rcode };
    const addresses = result.records.filter((r): r is StringAnswer => r.type === 'A').map((r) => r.data);
    return addresses.length ? { status: 'answer', addresses } : { status: 'nodata' };
  }

  private once(name: string, type: 'A' | 'TXT'): Promise<QueryResult> {
    const id = randomInt(0, 0x10000);
    const query = encodeQuery(id, name, type);
    return new Promise<QueryResult>((resolve) => {
      let socket: Socket | undefined;
      let settled = false;
      const finish = (result: QueryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          socket?.close();
        } catch {
          // already closed
        }
        resolve(result);
      };
      const timer = setTimeout(() => finish({ kind: 'timeout' }), this.options.timeoutMs);
      try {
        socket = createSocket(this.host.includes(':') ? 'udp6' : 'udp4');
      } catch (error) {
        finish({ kind: 'unreachable', message: (error as Error).message });
        return;
      }
      socket.on('error', (error) =>
        finish({ kind: 'unreachable', message: (error as NodeJS.ErrnoException).code ?? error.message })
      );
      socket.on('message', (buf) => {
        let message: Reply;
        try {
          message = decode(buf) as Reply;
        } catch {
          return; // garbage: keep waiting for the real answer
        }
        const q = message.questions?.[0];
        if (
          !message.flag_qr ||
          message.id !== id ||
          !q ||
          q.name.toLowerCase() !== name.toLowerCase() ||
          q.type !== type
        )
          return;
        finish({
          kind: 'message',
          rcode: message.rcode,
          tc: message.flag_tc,
          records: message.answers ?? [],
        });
      });
      // Connected: replies from any other address are dropped by the kernel, and an ICMP
      // port-unreachable surfaces as ECONNREFUSED instead of a silent timeout.
      socket.connect(this.port, this.host, () => {
        socket?.send(query, (error) => {
          if (error)
            finish({ kind: 'unreachable', message: (error as NodeJS.ErrnoException).code ?? error.message });
        });
      });
    });
  }
}

/** dns-packet decodes the RCODE by its name (`NOERROR`, `NXDOMAIN`, …); its types leave the field out. */
type Reply = DecodedPacket & { rcode: string };

/**
 * A recursive query for one name (RFC 1035 §4), with an EDNS0 OPT record advertising 1232-byte
 * UDP answers. A name no DNS message can carry is refused here rather than sent mangled.
 */
function encodeQuery(id: number, name: string, type: 'A' | 'TXT'): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  if (name.length > 253 || labels.some((l) => l.length > 63)) throw new Error(`not a DNS name: ${name}`);
  return encode({
    type: 'query',
    id,
    flags: RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: 1232,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: 0,
        flag_do: false,
        options: [],
      },
    ],
  });
}

type QueryResult =
  | { kind: 'message'; rcode: string; tc: boolean; records: NonNullable<Reply['answers']> }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string };

/** The resolver the config names (`deliverability.blacklist.resolver`), or none: checks then report "unknown". */
export function configuredResolver(config: Config, override?: string): DnsResolver {
  const bl = config.deliverability.blacklist;
  const server = override ?? bl.resolver;
  return server
    ? new UdpDnsResolver({ server, timeoutMs: bl.queryTimeoutMs, attempts: bl.attempts })
    : new NoDnsResolver();
}

/**
 * The DNS message format (RFC 1035 §4), just what a DNSBL client and a loopback test server need:
 * one question; A, AAAA, TXT and CNAME records; name compression when reading. Used by the UDP
 * resolver the product asks and by the loopback DNS server the tests and demos start.
 */

export const TYPE = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, OPT: 41 } as const;
export const CLASS_IN = 1;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const RCODE_NAMES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];
export const rcodeName = (rcode: number): string => RCODE_NAMES[rcode] ?? `RCODE${rcode}`;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** A/AAAA: the address text; CNAME: the target name; TXT: the strings; others: raw bytes. */
  data: string | string[] | Uint8Array;
}

export interface Message {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

export class WireError extends Error {}

function encodeName(name: string): Buffer {
  const labels = name
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l.length > 0);
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length > 63) throw new WireError(`label too long: ${label}`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  if (out.length > 255) throw new WireError(`name too long: ${name}`);
  return out;
}

function decodeName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next = -1;
  let jumps = 0;
  for (;;) {
    if (offset >= buf.length) throw new WireError('name runs past the message');
    const len = buf[offset] ?? 0;
    if (len === 0) {
      offset += 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (offset + 1 >= buf.length) throw new WireError('truncated compression pointer');
      const pointer = ((len & 0x3f) << 8) | (buf[offset + 1] ?? 0);
      if (next < 0) next = offset + 2;
      if (++jumps > 32) throw new WireError('compression loop');
      offset = pointer;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new WireError('unsupported label type');
    if (offset + 1 + len > buf.length) throw new WireError('label runs past the message');
    labels.push(buf.toString('ascii', offset + 1, offset + 1 + len));
    offset += 1 + len;
  }
  return { name: labels.join('.'), next: next >= 0 ? next : offset };
}

function ipv4Bytes(text: string): Buffer {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255))
    throw new WireError(`not an IPv4 address: ${text}`);
  return Buffer.from(parts);
}

function encodeRecord(rr: ResourceRecord): Buffer {
  let rdata: Buffer;
  if (rr.type === TYPE.A) rdata = ipv4Bytes(String(rr.data));
  else if (rr.type === TYPE.CNAME) rdata = encodeName(String(rr.data));
  else if (rr.type === TYPE.TXT) {
    const strings = Array.isArray(rr.data) ? rr.data : [String(rr.data)];
    rdata = Buffer.concat(
      strings.map((s) => {
        const b = Buffer.from(s, 'utf8').subarray(0, 255);
        return Buffer.concat([Buffer.from([b.length]), b]);
      })
    );
  } else rdata = Buffer.from(rr.data as Uint8Array);
  const head = Buffer.alloc(10);
  head.writeUInt16BE(rr.type, 0);
  head.writeUInt16BE(rr.class, 2);
  head.writeUInt32BE(rr.ttl >>> 0, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(rr.name), head, rdata]);
}

export function encodeMessage(m: Partial<Message> & { id: number }): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(m.id & 0xffff, 0);
  const flags =
    ((m.qr ? 1 : 0) << 15) |
    (((m.opcode ?? 0) & 0xf) << 11) |
    ((m.aa ? 1 : 0) << 10) |
    ((m.tc ? 1 : 0) << 9) |
    ((m.rd ? 1 : 0) << 8) |
    ((m.ra ? 1 : 0) << 7) |
    ((m.rcode ?? 0) & 0xf);
  header.writeUInt16BE(flags, 2);
  const questions = m.questions ?? [];
  const answers = m.answers ?? [];
  const authorities = m.authorities ?? [];
  const additionals = m.additionals ?? [];
  header.writeUInt16BE(questions.length, 4);
  header.writeUInt16BE(answers.length, 6);
  header.writeUInt16BE(authorities.length, 8);
  header.writeUInt16BE(additionals.length, 10);
  const q = questions.map((question) => {
    const tail = Buffer.alloc(4);
    tail.writeUInt16BE(question.type, 0);
    tail.writeUInt16BE(question.class, 2);
    return Buffer.concat([encodeName(question.name), tail]);
  });
  return Buffer.concat([header, ...q, ...[...answers, ...authorities, ...additionals].map(encodeRecord)]);
}

function decodeRecord(buf: Buffer, start: number): { rr: ResourceRecord; next: number } {
  const { name, next } = decodeName(buf, start);
  if (next + 10 > buf.length) throw new WireError('record header runs past the message');
  const type = buf.readUInt16BE(next);
  const klass = buf.readUInt16BE(next + 2);
  const ttl = buf.readUInt32BE(next + 4);
  const len = buf.readUInt16BE(next + 8);
  const at = next + 10;
  if (at + len > buf.length) throw new WireError('record data runs past the message');
  let data: ResourceRecord['data'];
  if (type === TYPE.A && len === 4) data = [...buf.subarray(at, at + 4)].join('.');
  else if (type === TYPE.AAAA && len === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(buf.readUInt16BE(at + i).toString(16));
    data = groups.join(':');
  } else if (type === TYPE.CNAME) data = decodeName(buf, at).name;
  else if (type === TYPE.TXT) {
    const strings: string[] = [];
    let o = at;
    while (o < at + len) {
      const l = buf[o] ?? 0;
      strings.push(buf.toString('utf8', o + 1, Math.min(o + 1 + l, at + len)));
      o += 1 + l;
    }
    data = strings;
  } else data = new Uint8Array(buf.subarray(at, at + len));
  return { rr: { name, type, class: klass, ttl, data }, next: at + len };
}

export function decodeMessage(input: Uint8Array): Message {
  const buf = Buffer.from(input);
  if (buf.length < 12) throw new WireError('message shorter than a header');
  const flags = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  let offset = 12;
  const questions: Question[] = [];
  for (let i = 0; i < (counts[0] ?? 0); i++) {
    const { name, next } = decodeName(buf, offset);
    if (next + 4 > buf.length) throw new WireError('question runs past the message');
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < (counts[s + 1] ?? 0); i++) {
      const { rr, next } = decodeRecord(buf, offset);
      sections[s]?.push(rr);
      offset = next;
    }
  }
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
    questions,
    answers: sections[0] ?? [],
    authorities: sections[1] ?? [],
    additionals: sections[2] ?? [],
  };
}

/** A recursive query for one name, with an EDNS0 OPT record advertising 1232-byte UDP answers. */
export function encodeQuery(id: number, name: string, type: number): Buffer {
  return encodeMessage({
    id,
    rd: true,
    questions: [{ name, type, class: CLASS_IN }],
    additionals: [{ name: '', type: TYPE.OPT, class: 1232, ttl: 0, data: new Uint8Array() }],
  });
}

import fc from 'fast-check';

/**
 * Mail as real clients and broken robots send it, and fast-check mutations of it: truncated,
 * bit-flipped, wrong charsets, broken boundaries, huge headers, no From, NUL bytes, deep nesting.
 * For the intake fuzz test; every sample is reproducible from the seed.
 */
const CRLF = '\r\n';
const lines = (...l: string[]) => l.join(CRLF);

export const SEED_MAILS: readonly string[] = [
  lines(
    'From: Anna Nowak <anna.nowak@acme.example>',
    'To: support@support.example.com',
    'Subject: =?UTF-8?Q?Awaria_systemu_p=C5=82atno=C5=9Bci?=',
    'Message-ID: <seed-1@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Dzie=C5=84 dobry, system p=C5=82atno=C5=9Bci nie dzia=C5=82a od 9:00.',
    ''
  ),
  lines(
    'From: =?ISO-8859-2?B?o/Nk/A==?= <ops@globex.example>',
    'To: sev1@support.example.com',
    'Subject: =?ISO-8859-2?Q?Ca=B3kowita_awaria?=',
    'Message-ID: <seed-2@globex.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=iso-8859-2',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Produkcja le\xbfy, nikt nie mo\xbfe si\xea zalogowa\xe6.`,
    ''
  ),
  lines(
    'From: "Kowalski, Jan" <jan@acme.example>',
    'To: support@support.example.com',
    'Subject: Faktura',
    'Message-ID: <seed-3@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt-b"',
    '',
    '--alt-b',
    'Content-Type: text/plain; charset=windows-1250',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Prosz\xea o korekt\xea faktury, kwota si\xea nie zgadza.`,
    '--alt-b',
    'Content-Type: text/html; charset=windows-1250',
    '',
    `<p>Prosz\xea o <b>korekt\xea</b> faktury.</p>`,
    '--alt-b--',
    ''
  ),
  lines(
    'From: anna.nowak@acme.example',
    'To: support@support.example.com',
    'Subject: Logs attached',
    'Message-ID: <seed-4@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mix-b"',
    '',
    '--mix-b',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Export fails, see the attached log.',
    '--mix-b',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURlY29kZT4+',
    'c3RyZWFtCnicK+QyNDJQMABCXUNTPQMFQzNDMwsYKzWXy5ALAIy0B9IKZW5kc3RyZWFtCmVuZG9iagoK',
    '--mix-b--',
    ''
  ),
  lines(
    'From: phone@acme.example',
    'To: support@support.example.com',
    'Subject: Re: [CF-1001] still broken',
    'In-Reply-To: <nothing@support.example.com>',
    'References: <a@b> <c@d>',
    'Message-ID: <seed-5@acme.example>',
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('<div>Nadal nie działa &amp; błąd 500<br>Sent from my phone</div>').toString('base64'),
    ''
  ),
  lines(
    'From: MAILER-DAEMON@mx.example.net',
    'To: support@support.example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied',
    'Message-ID: <seed-6@mx.example.net>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-b"',
    '',
    '--dsn-b',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--dsn-b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Final-Recipient: rfc822; gone@acme.example',
    'Action: failed',
    'Status: 5.1.1',
    '--dsn-b',
    'Content-Type: message/rfc822',
    '',
    'From: support@support.example.com',
    'Subject: [CF-1001] Your case',
    '',
    'Hello',
    '--dsn-b--',
    ''
  ),
  lines(
    'From: Anna Nowak <anna.nowak@acme.example>',
    'To: support@support.example.com',
    'Subject: Nested',
    'Message-ID: <seed-7@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Nie działa logowanie.',
    '--inner',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Nie działa <img src="cid:x@y"></p>',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <x@y>',
    'Content-Transfer-Encoding: base64',
    '',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    '--rel--',
    '--inner--',
    '--outer--',
    ''
  ),
];

type Mutation = (mail: Buffer) => Buffer;

const splice = (mail: Buffer, at: number, insert: Buffer, remove = 0) =>
  Buffer.concat([mail.subarray(0, at), insert, mail.subarray(Math.min(mail.length, at + remove))]);
const at = (mail: Buffer, fraction: number) => Math.floor(fraction * mail.length);
const replaceText = (mail: Buffer, pattern: RegExp, by: string) =>
  Buffer.from(mail.toString('latin1').replace(pattern, by), 'latin1');

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutations: fc.Arbitrary<{ name: string; apply: Mutation }>[] = [
  fraction.map((f) => ({ name: 'truncated', apply: (m) => m.subarray(0, at(m, f)) })),
  fc
    .array(fc.tuple(fraction, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 40 })
    .map((flips) => ({
      name: 'bit-flipped',
      apply: (m) => {
        const out = Buffer.from(m);
        for (const [f, bit] of flips) if (out.length) out[at(out, f)]! ^= 1 << bit;
        return out;
      },
    })),
  fc
    .constantFrom('utf-7', 'x-unknown', 'iso-8859-2', 'windows-1250', '', 'utf-16', 'koi8-r', '"', 'utf-8""')
    .map((charset) => ({
      name: `charset ${charset || '(empty)'}`,
      apply: (m) => replaceText(m, /charset="?[\w-]*"?/gi, `charset=${charset}`),
    })),
  fc.constantFrom('drop-close', 'rename', 'empty').map((how) => ({
    name: `boundary ${how}`,
    apply: (m) =>
      how === 'drop-close'
        ? replaceText(m, /--([\w-]+)--/g, '')
        : how === 'rename'
          ? replaceText(m, /boundary="?([\w-]+)"?/i, 'boundary="nope"')
          : replaceText(m, /boundary="?([\w-]+)"?/i, 'boundary=""'),
  })),
  fc.tuple(fc.integer({ min: 1_000, max: 400_000 }), fc.boolean()).map(([size, many]) => ({
    name: many ? 'many headers' : 'huge header',
    apply: (m) =>
      Buffer.concat([
        Buffer.from(
          many
            ? Array.from(
                { length: Math.ceil(size / 40) },
                (_, i) => `X-Filler-${i}: ${'v'.repeat(20)}\r\n`
              ).join('')
            : `X-Huge: ${'a'.repeat(size)}\r\n`
        ),
        m,
      ]),
  })),
  fc.constant({ name: 'no From', apply: (m: Buffer) => replaceText(m, /^From:.*\r\n/im, '') }),
  fc.integer({ min: 100_000, max: 700_000 }).map((size) => ({
    name: 'huge body',
    apply: (m) =>
      Buffer.concat([m, Buffer.from('2026-03-01 12:00:00 ERROR disk full on /var\r\n'.repeat(size / 44))]),
  })),
  fc.integer({ min: 1_000, max: 100_000 }).map((size) => ({
    name: 'huge subject',
    apply: (m) => replaceText(m, /^Subject:/im, `Subject: ${'Awaria '.repeat(size / 7)}`),
  })),
  fc.array(fraction, { minLength: 1, maxLength: 20 }).map((places) => ({
    name: 'NUL bytes',
    apply: (m) => places.reduce((out, f) => splice(out, at(out, f), Buffer.from([0])), m),
  })),
  fc.integer({ min: 2, max: 120 }).map((depth) => ({
    name: `nested ${depth}`,
    apply: (m) => {
      const text = m.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const body = split < 0 ? '' : text.slice(split + 4);
      let part = `Content-Type: text/plain\r\n\r\n${body}`;
      for (let i = 0; i < depth; i++)
        part = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${part}\r\n--n${i}--\r\n`;
      const cleanHead = head.replace(/^Content-(Type|Transfer-Encoding):.*(\r\n[ \t].*)*\r\n?/gim, '');
      return Buffer.from(`${cleanHead}\r\nMIME-Version: 1.0\r\n${part}`, 'latin1');
    },
  })),
  fc.constant({ name: 'no header/body separator', apply: (m: Buffer) => replaceText(m, /\r\n\r\n/, '\r\n') }),
  fc.constant({ name: 'bare LF', apply: (m: Buffer) => replaceText(m, /\r\n/g, '\n') }),
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => ({
    name: 'garbage',
    apply: (m) => splice(m, Math.floor(m.length / 2), Buffer.from(bytes), bytes.length),
  })),
  fc.constant({
    name: 'conflicting Content-Type',
    apply: (m: Buffer) =>
      replaceText(m, /^(Content-Type:.*)$/im, '$1\r\nContent-Type: multipart/mixed; boundary=x'),
  }),
];

export interface MutatedMail {
  seed: number;
  mutations: string[];
  raw: Buffer;
  verdicts: { spam: string; virus: string; spf: string; dkim: string; dmarc: string };
  recipient: string;
}

const verdict = fc.constantFrom('PASS', 'PASS', 'PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED');

/** A seed mail with a unique Message-ID, then one to three mutations, verdicts and a recipient. */
export const mutatedMail: fc.Arbitrary<MutatedMail> = fc
  .record({
    seed: fc.integer({ min: 0, max: SEED_MAILS.length - 1 }),
    id: fc.uuid(),
    mutations: fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }),
    held: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'spam', 'virus'),
    spf: verdict,
    dkim: verdict,
    dmarc: verdict,
    recipient: fc.constantFrom(
      'support@support.example.com',
      'support@support.example.com',
      'sev1@support.example.com',
      'nobody@support.example.com'
    ),
  })
  .map((r) => {
    const seedMail = Buffer.from(SEED_MAILS[r.seed]!.replace(/<seed-\d+@/, `<${r.id}@`), 'latin1');
    return {
      seed: r.seed,
      mutations: r.mutations.map((m) => m.name),
      raw: r.mutations.reduce<Buffer>((mail, m) => m.apply(mail), seedMail),
      verdicts: {
        spam: r.held === 'spam' ? 'FAIL' : 'PASS',
        virus: r.held === 'virus' ? 'FAIL' : 'PASS',
        spf: r.spf,
        dkim: r.dkim,
        dmarc: r.dmarc,
      },
      recipient: r.recipient,
    };
  });

import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { type Address } from 'postal-mime';
import { storedSubject } from '../domain/stored-text';
import type { MailCodec, OutboundMail, ParsedAddress, ParsedMail } from '../ports';

/** MIME in (postal-mime) and out (nodemailer's MailComposer): no hand-written MIME. */

function mailboxes(addresses: Address[] | Address | undefined): ParsedAddress[] {
  const list = addresses === undefined ? [] : Array.isArray(addresses) ? addresses : [addresses];
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => ({ address: (m.address ?? '').toLowerCase(), name: m.name || null }));
}

/** Readable text from HTML for triage and staff (never rendered): tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/** ISO-8859-2 as the MIME parser decodes it (WHATWG), back to bytes: char → byte. */
const latin2Bytes = (() => {
  const decoded = new TextDecoder('iso-8859-2').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return new Map([...decoded].map((char, byte) => [char, byte]));
})();
const windows1250 = new TextDecoder('windows-1250');
const C1_CONTROLS = /[\u0080-\u009f]/;

/**
 * Polish mail labelled ISO-8859-2 but written in windows-1250 (older Outlook and webmail do this)
 * decodes "ą", "ś", "ź" as "š", C1 control characters and the like. Such controls never belong in
 * text: when every character maps back to an ISO-8859-2 byte, the bytes are read again as
 * windows-1250. Any other text is returned as it is.
 */
export function repairMislabelledWindows1250(text: string): string {
  if (!C1_CONTROLS.test(text)) return text;
  const bytes: number[] = [];
  for (const char of text) {
    const byte = latin2Bytes.get(char);
    if (byte === undefined) return text;
    bytes.push(byte);
  }
  const repaired = windows1250.decode(Uint8Array.from(bytes));
  return C1_CONTROLS.test(repaired) ? text : repaired;
}

/** "<a@x> <b@y>" → ["<a@x>", "<b@y>"] */
export function splitMessageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

export class PostalMimeCodec implements MailCodec {
  async parse(raw: Uint8Array): Promise<ParsedMail> {
    const email = await PostalMime.parse(raw);
    return {
      messageId: splitMessageIds(email.messageId)[0] ?? null,
      inReplyTo: splitMessageIds(email.inReplyTo)[0] ?? null,
      references: splitMessageIds(email.references),
      from: mailboxes(email.from)[0] ?? null,
      to: mailboxes(email.to),
      cc: mailboxes(email.cc),
      replyTo: mailboxes(email.replyTo),
      subject: storedSubject((email.subject ?? '').replace(/[\r\n]+/g, ' ')),
      // postal-mime keeps CRLF in text; store LF. HTML-only mail (some phones) gets text from the HTML.
      text: repairMislabelledWindows1250(email.text ?? htmlToText(email.html ?? '')).replace(/\r\n/g, '\n'),
      html: email.html ?? null,
      date: email.date ?? null,
      headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        mimeType: a.mimeType,
        disposition: a.disposition,
        contentId: a.contentId ?? null,
        content:
          typeof a.content === 'string'
            ? new TextEncoder().encode(a.content)
            : a.content instanceof Uint8Array
              ? a.content
              : new Uint8Array(a.content),
      })),
    };
  }
}

/** Builds raw RFC 5322 MIME for a mail, with its Message-ID and threading headers. */
export async function composeMime(
  mail: OutboundMail,
  messageDomain: string
): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `<${randomBytes(12).toString('hex')}@${messageDomain}>`;
  const composer = new MailComposer({
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    replyTo: mail.replyTo,
    headers: mail.headers,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
    date: new Date(),
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)))
  );
  return { raw, messageId };
}

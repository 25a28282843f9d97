import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { type Address } from 'postal-mime';
import type { MailCodec, OutboundMail, ParsedAddress, ParsedMail } from '../ports';

/** MIME in (postal-mime) and out (nodemailer's MailComposer): no hand-written MIME. */

function mailboxes(addresses: Address[] | Address | undefined): ParsedAddress[] {
  const list = addresses === undefined ? [] : Array.isArray(addresses) ? addresses : [addresses];
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => ({ address: (m.address ?? '').toLowerCase(), name: m.name || null }));
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
      subject: (email.subject ?? '').replace(/[\r\n]+/g, ' '),
      // postal-mime keeps CRLF in text; store LF.
      text: (email.text ?? '').replace(/\r\n/g, '\n'),
      date: email.date ?? null,
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
    headers: mail.headers,
    date: new Date(),
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)))
  );
  return { raw, messageId };
}

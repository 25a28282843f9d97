import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutboundMail } from '../ports';

/**
 * MIME out, by nodemailer's MailComposer (in: ./mime.ts): no hand-written MIME. A module of its
 * own, so a function that only sends mail does not bundle the parser.
 */

/**
 * Builds raw RFC 5322 MIME for a mail, with its Message-ID and threading headers. `date` is the
 * sender's clock (locally the scaled clock, so the Date header agrees with the body's times).
 */
export async function composeMime(
  mail: OutboundMail,
  messageDomain: string,
  date: Date = new Date()
): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = mail.messageId ?? `<${randomBytes(12).toString('hex')}@${messageDomain}>`;
  const composer = new MailComposer({
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    // Address objects, never strings: the composer must not re-read an address into another one.
    to: mail.to.map((address) => ({ name: '', address })),
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
    date,
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)))
  );
  return { raw, messageId };
}

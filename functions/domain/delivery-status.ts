import type { ParsedMail } from './parsed-mail';

/**
 * Delivery-status notifications (bounces): RFC 3464 reports (multipart/report;
 * report-type=delivery-status) and the free-text bounces older MTAs still send from
 * MAILER-DAEMON with the original headers quoted. What we need from either: which of our mails
 * it is about (its Message-ID) and what happened to which recipient.
 */

export interface RecipientStatus {
  recipient: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded ('failed' when a free-text bounce). */
  action: string;
  /** Enhanced status code, e.g. 5.1.1; null when the report gives none. */
  status: string | null;
  /** The remote server's words, e.g. "smtp; 550 5.1.1 user unknown". */
  diagnostic: string | null;
}

export interface DeliveryReport {
  /** RFC 3464 report, or a free-text bounce read heuristically. */
  format: 'rfc3464' | 'free-text';
  /** Message-ID of the mail that bounced, if the report quotes it. */
  originalMessageId: string | null;
  recipients: RecipientStatus[];
  reportingMta: string | null;
}

const MESSAGE_ID = /<[^<>\s]+>/;
const STATUS_CODE = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery (status notification|failure|has failed|failed|problem)|returned mail|failure notice|mail delivery (failed|system)|could not be delivered|niedostarcz|nie (zostala|została|mogla|mogła) (byc |być )?dostarcz/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon)@/i;

/** Header fields of a header block ("Name: value" lines, folded lines unfolded), names lower-cased. */
export function headerFields(block: string): { key: string; value: string }[] {
  const fields: { key: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0 && !/\s/.test(line.slice(0, colon)))
      fields.push({ key: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

const decode = (content: Uint8Array) => new TextDecoder('utf-8').decode(content);
/** "rfc822; a@b" → "a@b" */
const typedValue = (value: string | undefined) =>
  value === undefined ? undefined : value.replace(/^[^;]*;\s*/, '').trim();

function header(mail: ParsedMail, name: string): string | undefined {
  return mail.headers.find((h) => h.key === name)?.value;
}

/** The delivery report this mail is, or null when it is not one. */
export function parseDeliveryReport(mail: ParsedMail, envelopeFrom: string): DeliveryReport | null {
  const report = standardReport(mail) ?? freeTextBounce(mail, envelopeFrom);
  return report && bounded(report);
}

/** A report small enough to store (hostile or broken reports can name thousands of recipients). */
function bounded(report: DeliveryReport): DeliveryReport {
  const cut = (value: string | null, max: number) =>
    value && value.length > max ? value.slice(0, max) : value;
  return {
    ...report,
    originalMessageId: cut(report.originalMessageId, 998),
    reportingMta: cut(report.reportingMta, 255),
    recipients: report.recipients.slice(0, 50).map((r) => ({
      recipient: cut(r.recipient, 320) ?? '',
      action: cut(r.action, 40) ?? '',
      status: cut(r.status, 40),
      diagnostic: cut(r.diagnostic, 1000),
    })),
  };
}

function standardReport(mail: ParsedMail): DeliveryReport | null {
  const statusPart = mail.attachments.find(
    (a) => a.mimeType === 'message/delivery-status' || a.mimeType === 'message/global-delivery-status'
  );
  const contentType = header(mail, 'content-type') ?? '';
  const declared =
    /^multipart\/report\b/i.test(contentType) && /report-type="?delivery-status/i.test(contentType);
  if (!statusPart && !declared) return null;
  const blocks = statusPart
    ? decode(statusPart.content)
        .split(/\r?\n[ \t]*\r?\n/)
        .map(headerFields)
        .filter((b) => b.length)
    : [];
  const perMessage = blocks[0] ?? [];
  const field = (fields: { key: string; value: string }[], name: string) =>
    fields.find((f) => f.key === name)?.value;
  const recipients: RecipientStatus[] = blocks
    .slice(1)
    .map((fields) => {
      const recipient = typedValue(field(fields, 'final-recipient') ?? field(fields, 'original-recipient'));
      if (!recipient) return null;
      return {
        recipient: recipient.toLowerCase(),
        action: (field(fields, 'action') ?? 'failed').toLowerCase(),
        status: STATUS_CODE.exec(field(fields, 'status') ?? '')?.[1] ?? null,
        diagnostic: field(fields, 'diagnostic-code') ?? null,
      };
    })
    .filter((r): r is RecipientStatus => r !== null);
  return {
    format: 'rfc3464',
    originalMessageId: originalMessageId(mail),
    recipients,
    reportingMta: typedValue(field(perMessage, 'reporting-mta')) ?? null,
  };
}

/**
 * The returned message (or its headers) carries the original Message-ID; else the quoted text does;
 * else the report's own In-Reply-To / References, which some servers set to the original.
 */
function originalMessageId(mail: ParsedMail): string | null {
  return returnedMessageId(mail) ?? mail.inReplyTo ?? mail.references.at(-1) ?? null;
}

function returnedMessageId(mail: ParsedMail): string | null {
  const returned = mail.attachments.find((a) =>
    ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'].includes(a.mimeType)
  );
  if (returned) {
    const text = decode(returned.content);
    const headerBlock = text.split(/\r?\n\r?\n/)[0] ?? '';
    const id = headerFields(headerBlock).find((f) => f.key === 'message-id')?.value;
    const match = id ? MESSAGE_ID.exec(id)?.[0] : undefined;
    if (match) return match;
  }
  return quotedMessageId(mail.text);
}

/** A "Message-ID: <…>" line quoted in the body (free-text bounces quote the original headers). */
function quotedMessageId(text: string): string | null {
  const line = /^[ \t>]*message-id:[ \t]*(<[^<>\s]+>)/im.exec(text);
  return line?.[1] ?? null;
}

function freeTextBounce(mail: ParsedMail, envelopeFrom: string): DeliveryReport | null {
  const from = mail.from?.address ?? '';
  const fromDaemon = BOUNCE_SENDER.test(from);
  const nullSender = envelopeFrom.trim().replace(/^<|>$/g, '') === '';
  if (!(fromDaemon || nullSender) || !BOUNCE_SUBJECT.test(mail.subject)) return null;
  const text = mail.text;
  // The part before the quoted original is the MTA's own explanation.
  const quoteStart = text.search(
    /^[ \t>]*(-{2,}.*(original|returned|below this line|copy of the message).*|-{20,}[ \t]*$|received:|return-path:|message-id:)/im
  );
  const explanation = quoteStart > 0 ? text.slice(0, quoteStart) : text;
  const addresses = [
    ...new Set(
      (explanation.match(/[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+/g) ?? []).map((a) => a.toLowerCase())
    ),
  ].filter((a) => a !== from.toLowerCase() && !BOUNCE_SENDER.test(a));
  const diagnosticLine =
    explanation
      .split(/\r?\n/)
      .find((l) => /\b[45]\d\d[ -]/.test(l) || STATUS_CODE.test(l))
      ?.trim() ?? null;
  return {
    format: 'free-text',
    originalMessageId: quotedMessageId(text) ?? mail.inReplyTo ?? mail.references.at(-1) ?? null,
    recipients: addresses.slice(0, 10).map((recipient) => ({
      recipient,
      action: 'failed',
      status: STATUS_CODE.exec(diagnosticLine ?? '')?.[1] ?? null,
      diagnostic: diagnosticLine,
    })),
    reportingMta: null,
  };
}

/** One line for people: "anna@x: failed 5.1.1 (smtp; 550 5.1.1 user unknown)". */
export function describeRecipient(r: RecipientStatus): string {
  return `${r.recipient}: ${r.action}${r.status ? ` ${r.status}` : ''}${r.diagnostic ? ` (${r.diagnostic})` : ''}`;
}

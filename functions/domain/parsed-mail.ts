/** A received mail as the MIME codec (adapters/mime.ts) reads it: what the domain works on. */

export interface ParsedAddress {
  address: string;
  name: string | null;
}

/**
 * How many References a mail keeps: the last ones name the nearest messages of its thread, and a
 * header of thousands (a loop, an attack) must not cost thousands of lookups or outgrow an item.
 */
export const MAX_THREAD_REFERENCES = 20;

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  /** The last `MAX_THREAD_REFERENCES` of the References header, in its order. */
  references: string[];
  from: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  subject: string;
  /** Plain text; derived from the HTML part when the mail has no text part. */
  text: string;
  html: string | null;
  date: string | null;
  /** Every header in document order, names lower-cased, values unfolded (duplicates kept). */
  headers: { key: string; value: string }[];
  /** Attachments and inline parts (a DSN's message/delivery-status part is one of them). */
  attachments: ParsedAttachment[];
}

export interface ParsedAttachment {
  filename: string | null;
  /** Lower-case MIME type. */
  mimeType: string;
  disposition: string | null;
  contentId: string | null;
  content: Uint8Array;
}

/** RFC 5322 atext, unquoted (UTF-8 allowed, RFC 6531): what a plain mailbox's local part may hold. */
const DOT_ATOM =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/u;
const DOMAIN =
  /^(?=.{1,253}$)([\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/**
 * Whether an address is a plain mailbox (`local@domain`, dot-atom local part, a DNS domain). A
 * quoted local part such as `"ops@globex.example x"@evil.example` is refused: parsers and mail
 * composers read it differently, so one could be stored as one customer and answered as another.
 */
export function isPlainMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1 || address.length > 254) return false;
  const local = address.slice(0, at);
  return local.length <= 64 && DOT_ATOM.test(local) && DOMAIN.test(address.slice(at + 1));
}

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

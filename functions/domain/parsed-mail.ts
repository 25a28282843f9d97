/** A received mail as the MIME codec (adapters/mime.ts) reads it: what the domain works on. */

export interface ParsedAddress {
  address: string;
  name: string | null;
}

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
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

/**
 * Attachments (R-BOX-4): what a message lists about each one, and the limits on replies we send.
 * Pure.
 */

/**
 * How many attachments of one inbound mail are stored and listed; the rest stay in its raw MIME
 * (counted on the message), so a mail with thousands still makes a case quickly and a small item.
 */
export const MAX_LISTED_ATTACHMENTS = 50;

/** An attachment as listed on a message; the content is stored under `key` (attachment store). */
export interface AttachmentRef {
  filename: string | null;
  mimeType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the content: its identity within the case. */
  sha256: string;
  /** `attachment` or `inline` (images in an HTML body), null when the mail did not say. */
  disposition: string | null;
  key: string;
}

/** R-BOX-4: at most 3 attachments and 20 MB per whole message. */
export const MAX_REPLY_ATTACHMENTS = 3;
export const MAX_REPLY_MESSAGE_BYTES = 20 * 1024 * 1024;

/** Where an attachment's content is kept: by case, then content hash (the same file twice is one object). */
export function attachmentKey(caseId: string, sha256: string): string {
  return `attachments/${caseId}/${sha256}`;
}

/** Headroom for the message headers, MIME boundaries and each part's headers. */
const HEADER_BYTES = 4096;
const PART_HEADER_BYTES = 512;

/** Base64 as MIME writes it: 4 characters per 3 bytes, CRLF after every 76. */
function base64Bytes(n: number): number {
  const chars = 4 * Math.ceil(n / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

/**
 * The size of the whole message once MIME-encoded, from above: attachments in base64 with line
 * breaks, the text as if every byte were quoted-printable-escaped (3 bytes each), plus headroom for
 * headers. A reply under the limit by this count is under it on the wire.
 */
export function encodedMessageBytes(
  textBytes: number,
  attachments: readonly { sizeBytes: number; filename: string | null }[]
): number {
  return (
    HEADER_BYTES +
    3 * textBytes +
    attachments.reduce(
      (sum, a) => sum + PART_HEADER_BYTES + 3 * (a.filename?.length ?? 0) + base64Bytes(a.sizeBytes),
      0
    )
  );
}

/** Why a reply's attachments break R-BOX-4, or null when they are within the limits. */
export function replyAttachmentProblem(
  textBytes: number,
  attachments: readonly { sizeBytes: number; filename: string | null }[]
): { kind: 'count' | 'size'; message: string } | null {
  if (attachments.length > MAX_REPLY_ATTACHMENTS)
    return {
      kind: 'count',
      message: `a reply may carry at most ${MAX_REPLY_ATTACHMENTS} attachments (R-BOX-4); this one has ${attachments.length}`,
    };
  const bytes = encodedMessageBytes(textBytes, attachments);
  if (bytes > MAX_REPLY_MESSAGE_BYTES)
    return {
      kind: 'size',
      message: `the whole message would be ${(bytes / 1048576).toFixed(1)} MB once encoded; at most ${MAX_REPLY_MESSAGE_BYTES / 1048576} MB per message (R-BOX-4)`,
    };
  return null;
}

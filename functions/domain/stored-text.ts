/**
 * How much of a mail's text a message record keeps. DynamoDB items are at most 400 KB, so a mail
 * with a megabyte of pasted logs would otherwise never become a case; the raw MIME keeps all of it.
 * Pure.
 */
export const MAX_STORED_TEXT_CHARS = 60_000;
/** Subjects longer than a header line may be (RFC 5322: 998 characters) are cut. */
export const MAX_SUBJECT_CHARS = 998;

function cut(text: string, max: number): string {
  // Never leave half of a surrogate pair at the end.
  return text.slice(0, max).replace(/[\uD800-\uDBFF]$/, '');
}

export function storedText(text: string): string {
  if (text.length <= MAX_STORED_TEXT_CHARS) return text;
  return `${cut(text, MAX_STORED_TEXT_CHARS)}\n\n[${text.length - MAX_STORED_TEXT_CHARS} more characters are in the raw message]`;
}

export function storedSubject(subject: string): string {
  return subject.length <= MAX_SUBJECT_CHARS ? subject : `${cut(subject, MAX_SUBJECT_CHARS - 1)}…`;
}

/**
 * Mail held out of the case flow (R-BOX-10): SES said spam or virus. Held mail is a record of its
 * own, not a case: it takes no case reference, joins no queue, starts no clock, counts against no
 * quota, gets no acknowledgement (no backscatter) and pages no one. Pure: the clock is passed in.
 */

/** `spam`: deleted 90 days after receipt. `quarantine`: a virus verdict; kept, metadata only. */
export type HeldFolder = 'spam' | 'quarantine';
export const HELD_FOLDERS: readonly HeldFolder[] = ['spam', 'quarantine'];

/** R-BOX-10: spam is deleted 90 days after receipt. */
export const SPAM_RETENTION_DAYS = 90;

/** The tag put on the raw MIME object; the S3 lifecycle rule expires `caseflow-folder=spam`. */
export const FOLDER_TAG = 'caseflow-folder';

export interface SesVerdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
}

/** Where a mail goes before anyone reads it: a virus wins over spam; anything else is a normal mail. */
export function heldFolderFor(verdicts: Pick<SesVerdicts, 'spam' | 'virus'>): HeldFolder | null {
  if (verdicts.virus === 'FAIL') return 'quarantine';
  if (verdicts.spam === 'FAIL') return 'spam';
  return null;
}

/** When a held mail is deleted: spam 90 days after receipt, quarantined mail never by itself. */
export function heldExpiry(folder: HeldFolder, receivedAt: string): string | null {
  if (folder !== 'spam') return null;
  return new Date(Date.parse(receivedAt) + SPAM_RETENTION_DAYS * 86_400_000).toISOString();
}

/** A held mail: metadata only. Its text is never copied out of the raw MIME. */
export interface HeldMail {
  /** The SES message id (also the idempotency key). */
  id: string;
  folder: HeldFolder;
  receivedAt: string;
  heldAt: string;
  /** From header address, or the envelope sender when the header is missing or unreadable. */
  from: string;
  envelopeFrom: string;
  recipients: string[];
  subject: string;
  messageId: string | null;
  verdicts: SesVerdicts;
  rawKey: string;
  sizeBytes: number;
  attachmentCount: number;
  /** Why it is held, for people. */
  reason: string;
  /** Spam only: when it is deleted (DynamoDB TTL and the S3 lifecycle rule). */
  expiresAt: string | null;
}

/** A mail intake could not turn into a case or a held mail: kept with its error until replayed. */
export interface IntakeFailure {
  /** The SES message id. */
  id: string;
  status: 'failed' | 'resolved';
  firstFailedAt: string;
  lastFailedAt: string;
  attempts: number;
  /** The last error, for people (name and message, shortened). */
  error: string;
  /** Everything needed to run intake again. */
  mail: {
    sesMessageId: string;
    rawKey: string;
    recipients: string[];
    source: string;
    receivedAt: string;
    verdicts: SesVerdicts;
  };
  resolvedAt?: string;
  /** What the successful attempt made. */
  outcome?: { caseId?: string; reference?: string; folder?: HeldFolder };
}

/** An error as a short line for people: no stack, bounded length. */
export function describeError(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const line = `${e.name}: ${e.message}`.replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}

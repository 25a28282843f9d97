import type { DomainEvent } from './domain/events';
import type { HeldFolder } from './domain/held-mail';
import type { LiveMessage } from './domain/live-channels';
import type { ParsedMail } from './domain/parsed-mail';

/**
 * Ports: what use-cases need from the world. AWS adapters live in adapters/aws, local ones in
 * adapters/local. The stores on the table are ports of their own, one per aggregate, in data/ (with
 * their DynamoDB classes, which serve both: DynamoDB Local runs the embedded default).
 */

export interface Clock {
  now(): Date;
}

/** A mail to send. Threading headers are set by the composer from these fields. */
export interface OutboundMail {
  from: { address: string; name?: string };
  to: string[];
  subject: string;
  text: string;
  /** The Message-ID to compose it with (an acknowledgement's fixed one); otherwise a random one. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Where the recipient's reply should go. */
  replyTo?: string;
  /** Headers such as Auto-Submitted (RFC 3834) on automatic replies. */
  headers?: Record<string, string>;
  attachments?: OutboundAttachment[];
}

export interface OutboundAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Text messages to a phone (E.164): SNS on AWS, the outbox locally. */
export interface SmsSender {
  send(to: string, text: string): Promise<{ id: string }>;
}

export interface Mailer {
  /**
   * Sends and returns the Message-ID the mail carries (SES assigns its own) and, when that differs,
   * the one we composed it with (both are indexed for threading).
   */
  send(mail: OutboundMail): Promise<{ messageId: string; composedMessageId?: string }>;
}

export interface MailCodec {
  parse(raw: Uint8Array): Promise<ParsedMail>;
}

export interface RawMailBucket {
  get(key: string): Promise<Uint8Array>;
  /** Tags the raw object with its folder (`caseflow-folder`); spam-tagged objects expire after 90 days. */
  tagFolder(key: string, folder: HeldFolder): Promise<void>;
}

/** Attachment content (R-BOX-4): S3 on AWS, files under the data dir locally. */
export interface AttachmentStore {
  put(key: string, content: Uint8Array, mimeType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface Workflows {
  /** Starts `sev1-<caseId>-<attempt>`; starting the same name again is a no-op. */
  startSev1Callback(caseId: string, attempt: number): Promise<void>;
  isSev1CallbackRunning(caseId: string, attempt: number): Promise<boolean>;
  /**
   * Starts `clock-<caseId>-<generation>`, the case's SLA clock; the same name again is a no-op.
   * With `wakeAt` it first waits until then (the caller stored the view that says so).
   */
  startCaseClock(caseId: string, generation: number, wakeAt?: string): Promise<void>;
  isCaseClockRunning(caseId: string, generation: number): Promise<boolean>;
  /** Resumes a waiting task; 'gone' when the task already timed out or finished. */
  resume(token: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
}

/**
 * The console's live channels (functions/domain/live-channels.ts): AppSync Events' HTTP publish
 * on AWS, the local server's WebSocket subscribers locally.
 */
export interface LiveChannels {
  publish(channel: string, message: LiveMessage): Promise<void>;
}

/** Signs page links (KMS HMAC on AWS, a local key file locally). */
export interface LinkSigner {
  sign(message: string): Promise<string>;
  verify(message: string, signature: string): Promise<boolean>;
}

export interface IdGenerator {
  /** A random, URL-safe, unguessable id (≥ 128 bits). */
  newId(): string;
}

/** The slice of a structured logger use-cases use (Powertools Logger satisfies it). Ids only, no personal data. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** A mail accepted (SMTP `250` / SES delivery) whose intake is not yet recorded in the table. */
export interface UndeliveredMail {
  id: string;
  acceptedAt: string;
  /** Deliveries that ended in an error (the database away, say); it is tried again. */
  failedAttempts: number;
  lastError: string | null;
  lastFailedAt: string | null;
  recipients: string[];
  envelopeFrom: string;
}

/**
 * Accepted mail not yet a case, held mail or recorded failure: the local intake spool. On AWS the
 * same place is SES's retries and the intake function's on-failure queue (docs/reliability.md).
 */
export interface UndeliveredIntake {
  list(): Promise<UndeliveredMail[]>;
  /** Runs intake again for every one; idempotent. */
  redrive(): Promise<{ redriven: number; remaining: number }>;
  /** Runs intake again for one; false when there is no such mail. */
  redriveOne(id: string): Promise<boolean>;
}

/** What the API needs of a verified access token: who (`sub`) and through which app client. */
export interface AccessTokenClaims {
  subject: string;
  clientId: string;
  groups: string[];
}

/**
 * Verifies staff access tokens: signature against the issuer's published keys, issuer, expiry,
 * `token_use: access` and an accepted app client. One implementation on AWS and locally.
 */
export interface AccessTokenVerifier {
  /** The token's claims, or throws InvalidTokenError. */
  verify(token: string): Promise<AccessTokenClaims>;
}

export class InvalidTokenError extends Error {}

/**
 * The identity provider's accounts (Cognito on AWS, the local issuer's on `npm start`): the sign-in
 * side of a staff user. The user record itself is in the staff store.
 */
export interface IdentityAccounts {
  /**
   * Creates the sign-in; returns the subject its tokens will carry (the user's id). Without a
   * password the provider invites the user (Cognito mails a temporary password; the local
   * issuer leaves the account without one until an admin sets it).
   */
  createAccount(email: string, roles: string[], password?: string): Promise<{ subject: string }>;
  setPassword(subject: string, email: string, password: string): Promise<void>;
  /** Disabling also ends the account's sessions at the provider. */
  setEnabled(subject: string, email: string, enabled: boolean): Promise<void>;
  setRoles(subject: string, email: string, roles: string[], previous: string[]): Promise<void>;
}

/** An inbound mail as SES hands it over: the raw MIME is already stored under `rawKey`. */
export interface InboundMail {
  sesMessageId: string;
  rawKey: string;
  /** Envelope recipients (RCPT TO). */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  source: string;
  receivedAt: string;
  verdicts: { spam: string; virus: string; spf: string; dkim: string; dmarc: string };
}

/** What intake did with an inbound mail: the case it opened or joined. */
export interface OpenCaseResult {
  caseId: string;
  reference: string;
  created: boolean;
}

/** Intake cannot go on with this mail (no support address among its recipients, a vanished case). */
export class IntakeError extends Error {}

/** The mail's From is no plain mailbox address: it is held (spam folder), never answered. */
export class UnusableSenderError extends Error {}

import * as z from 'zod';
import type { InboundMail } from '../../use-cases/inbound-mail';

/**
 * The SES receipt-rule Lambda action event (no body: the S3 action stored the raw MIME first).
 * Only the fields intake uses are required; the rest passes through.
 */
const Verdict = z.object({ status: z.string() });

export const SesRecordSchema = z.object({
  eventSource: z.literal('aws:ses'),
  ses: z.object({
    mail: z.object({
      timestamp: z.string(),
      source: z.string(),
      messageId: z.string().regex(/^[A-Za-z0-9._-]+$/),
      destination: z.array(z.string()),
    }),
    receipt: z.object({
      timestamp: z.string(),
      recipients: z.array(z.string()).min(1),
      spamVerdict: Verdict,
      virusVerdict: Verdict,
      spfVerdict: Verdict,
      dkimVerdict: Verdict,
      dmarcVerdict: Verdict,
    }),
  }),
});

export const SesEventSchema = z.object({ Records: z.array(SesRecordSchema).min(1) });
export type SesEvent = z.infer<typeof SesEventSchema>;

/** Maps one SES record to the use-case's input; the raw MIME key is prefix + SES message id. */
export function inboundMailFromSes(
  record: z.infer<typeof SesRecordSchema>,
  rawKeyPrefix: string
): InboundMail {
  const { mail, receipt } = record.ses;
  return {
    sesMessageId: mail.messageId,
    rawKey: `${rawKeyPrefix}${mail.messageId}`,
    recipients: receipt.recipients,
    source: mail.source,
    receivedAt: new Date(receipt.timestamp).toISOString(),
    verdicts: {
      spam: receipt.spamVerdict.status,
      virus: receipt.virusVerdict.status,
      spf: receipt.spfVerdict.status,
      dkim: receipt.dkimVerdict.status,
      dmarc: receipt.dmarcVerdict.status,
    },
  };
}

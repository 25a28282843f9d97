import * as z from 'zod';
import type { SendingObservation } from '../use-cases/sending-data';

/**
 * The EventBridge events the sending-events function receives:
 * - SES sending events (an SES configuration set's EventBridge destination → the default bus,
 *   source `aws.ses`), mapped here to the desk's observations;
 * - `case.opened` from the caseflow bus.
 */
const SesMail = z.object({
  messageId: z.string(),
  timestamp: z.string(),
  destination: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.array(z.string())).default({}),
});
const Recipient = z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() });
export const SesEventDetailSchema = z.object({
  eventType: z.enum([
    'Send',
    'Delivery',
    'Bounce',
    'Complaint',
    'DeliveryDelay',
    'Reject',
    'Open',
    'Click',
    'Rendering Failure',
    'Subscription',
  ]),
  mail: SesMail,
  bounce: z
    .object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bouncedRecipients: z.array(Recipient),
      timestamp: z.string(),
    })
    .optional(),
  complaint: z
    .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })), timestamp: z.string() })
    .optional(),
  delivery: z.object({ recipients: z.array(z.string()), timestamp: z.string() }).optional(),
  deliveryDelay: z.object({ delayedRecipients: z.array(Recipient), timestamp: z.string() }).optional(),
});

export const SendingEventSchema = z.union([
  z.object({ source: z.literal('aws.ses'), 'detail-type': z.string(), detail: SesEventDetailSchema }),
  z.object({
    source: z.literal('caseflow'),
    'detail-type': z.literal('case.opened'),
    detail: z.object({ type: z.literal('case.opened'), caseId: z.string() }).loose(),
  }),
]);

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The SES event as observations: one per recipient, keyed so a redelivered event counts once. */
export function observationsFromSes(detail: z.infer<typeof SesEventDetailSchema>): SendingObservation[] {
  const ip = detail.mail.tags['ses:outgoing-ip']?.[0];
  if (!ip) return [];
  const base = (
    type: SendingObservation['type'],
    recipient: string,
    at: string,
    extra: Partial<SendingObservation> = {}
  ) => ({
    id: `${detail.mail.messageId}#${type}#${recipient.toLowerCase()}`,
    at: new Date(at).toISOString(),
    ip,
    recipientDomain: domainOf(recipient),
    type,
    ...extra,
  });
  switch (detail.eventType) {
    case 'Send':
      return detail.mail.destination.map((r) => base('send', r, detail.mail.timestamp));
    case 'Delivery':
      return (detail.delivery?.recipients ?? []).map((r) =>
        base('delivery', r, detail.delivery?.timestamp ?? detail.mail.timestamp)
      );
    case 'Bounce':
      return (detail.bounce?.bouncedRecipients ?? []).map((r) =>
        base('bounce', r.emailAddress, detail.bounce?.timestamp ?? detail.mail.timestamp, {
          bounceType: detail.bounce?.bounceType,
          diagnostic: r.diagnosticCode?.slice(0, 2000),
        })
      );
    case 'Complaint':
      return (detail.complaint?.complainedRecipients ?? []).map((r) =>
        base('complaint', r.emailAddress, detail.complaint?.timestamp ?? detail.mail.timestamp)
      );
    case 'DeliveryDelay':
      return (detail.deliveryDelay?.delayedRecipients ?? []).map((r) =>
        base('delay', r.emailAddress, detail.deliveryDelay?.timestamp ?? detail.mail.timestamp, {
          diagnostic: r.diagnosticCode,
        })
      );
    default:
      return [];
  }
}

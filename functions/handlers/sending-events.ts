import { z } from 'zod';
import { deliverabilityServices } from '../adapters/aws/deliverability-services';
import { awsServices } from '../adapters/aws/services';
import { SendingEventsEnvSchema } from '../config/env';
import type { DeliverabilityDeps } from '../use-cases/deliverability/deps';
import { scanCaseForBounceCodes } from '../use-cases/deliverability/remediation';
import {
  type IngestResult,
  recordSendingObservations,
  type SendingObservation,
} from '../use-cases/deliverability/sending-data';
import { lambdaHandler, logger } from './middleware';

/**
 * Deliverability signals from EventBridge:
 * - SES sending events (an SES configuration set's EventBridge destination → the default bus,
 *   source `aws.ses`): counted for the warm-up decisions, bounces scanned for providers' codes;
 * - `case.opened` from the caseflow bus: the customer's mail is scanned for quoted bounce codes.
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

export const sendingEvents =
  (services: DeliverabilityDeps) =>
  async (event: unknown): Promise<IngestResult | { remediationTasks: string[] }> => {
    const parsed = SendingEventSchema.safeParse(event);
    if (!parsed.success) {
      // Not ours (another SES event type, a malformed event): nothing to retry.
      services.log.warn('sending event ignored', { reason: parsed.error.issues[0]?.message ?? 'unknown' });
      return { remediationTasks: [] };
    }
    if (parsed.data.source === 'caseflow')
      return { remediationTasks: await scanCaseForBounceCodes(services, parsed.data.detail.caseId) };
    return recordSendingObservations(services, 'ses', observationsFromSes(parsed.data.detail), 'ses-bounce');
  };

export const handler = lambdaHandler({
  environmentSchema: SendingEventsEnvSchema,
  services: (env) => deliverabilityServices(awsServices(env, logger), env.TABLE_NAME),
  handler: sendingEvents,
});

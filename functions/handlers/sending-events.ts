import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { SendingEventsEnvSchema } from '../config/env';
import { NoDnsResolver } from '../deliverability/adapters/no-dns-resolver';
import { observationsFromSes, SendingEventSchema } from '../deliverability/adapters/ses-sending-event';
import { deliverabilityServices } from '../deliverability/services';
import type { DeliverabilityDeps } from '../deliverability/use-cases/deps';
import { scanCaseForBounceCodes } from '../deliverability/use-cases/remediation';
import { type IngestResult, recordSendingObservations } from '../deliverability/use-cases/sending-data';
import { lambdaHandler, logger } from './middleware';

/**
 * Deliverability signals from EventBridge: SES sending events are counted for the warm-up
 * decisions and their bounces scanned for providers' codes; on `case.opened` the customer's mail
 * is scanned for quoted bounce codes.
 */
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

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: SendingEventsEnvSchema,
  // Only the blacklist check queries DNS.
  services: (env) =>
    deliverabilityServices(
      awsServices(env, logger, { mailer: sesMailer(env.SUPPORT_DOMAIN) }),
      env.TABLE_NAME,
      new NoDnsResolver()
    ),
  handler: sendingEvents,
});

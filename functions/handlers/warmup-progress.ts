import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { WarmupProgressEnvSchema } from '../config/env';
import { NoDnsResolver } from '../deliverability/adapters/no-dns-resolver';
import { deliverabilityServices } from '../deliverability/services';
import type { DeliverabilityDeps } from '../deliverability/use-cases/deps';
import { remediationFollowUps } from '../deliverability/use-cases/remediation';
import { type ProgressReport, progressWarmups } from '../deliverability/use-cases/warmup';
import { lambdaHandler, logger } from './middleware';

/**
 * Scheduled daily: the warm-up progression of every active plan (R-DLV-2), then the follow-ups
 * of remediation requests that are due (R-DLV-4). Both are idempotent per day / per follow-up.
 */
export const warmupProgress =
  (services: DeliverabilityDeps) => async (): Promise<ProgressReport & { followUps: string[] }> => {
    const report = await progressWarmups(services);
    const followUps = await remediationFollowUps(services);
    return { ...report, followUps };
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: WarmupProgressEnvSchema,
  // Only the blacklist check queries DNS.
  services: (env) =>
    deliverabilityServices(
      awsServices(env, logger, { mailer: sesMailer(env.SUPPORT_DOMAIN) }),
      env.TABLE_NAME,
      new NoDnsResolver()
    ),
  handler: warmupProgress,
});

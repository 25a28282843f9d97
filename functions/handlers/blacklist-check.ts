import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { BlacklistCheckEnvSchema } from '../config/env';
import { configuredResolver } from '../deliverability/adapters/udp-resolver';
import type { CycleReport } from '../deliverability/ports';
import { deliverabilityServices } from '../deliverability/services';
import { runBlacklistCycle } from '../deliverability/use-cases/blacklist-cycle';
import type { DeliverabilityDeps } from '../deliverability/use-cases/deps';
import { lambdaHandler, logger } from './middleware';

/** Scheduled (every 15 minutes by default): one blacklist monitoring cycle (R-DLV-3). */
export const blacklistCheck = (services: DeliverabilityDeps) => async (): Promise<CycleReport> =>
  runBlacklistCycle(services);

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: BlacklistCheckEnvSchema,
  services: (env) => {
    const services = awsServices(env, logger, { mailer: sesMailer(env.SUPPORT_DOMAIN) });
    return deliverabilityServices(services, env.TABLE_NAME, configuredResolver(services.config));
  },
  handler: blacklistCheck,
});

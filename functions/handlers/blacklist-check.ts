import { deliverabilityServices } from '../adapters/aws/deliverability-services';
import { awsServices } from '../adapters/aws/services';
import { BlacklistCheckEnvSchema } from '../config/env';
import type { CycleReport } from '../deliverability-ports';
import { runBlacklistCycle } from '../use-cases/deliverability/blacklist-cycle';
import type { DeliverabilityDeps } from '../use-cases/deliverability/deps';
import { lambdaHandler, logger } from './middleware';

/** Scheduled (every 15 minutes by default): one blacklist monitoring cycle (R-DLV-3). */
export const blacklistCheck = (services: DeliverabilityDeps) => async (): Promise<CycleReport> =>
  runBlacklistCycle(services);

export const handler = lambdaHandler({
  environmentSchema: BlacklistCheckEnvSchema,
  services: (env) => deliverabilityServices(awsServices(env, logger), env.TABLE_NAME),
  handler: blacklistCheck,
});

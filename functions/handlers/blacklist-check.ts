import { awsServices } from '../adapters/aws/services';
import { BlacklistCheckEnvSchema } from '../config/env';
import type { CycleReport } from '../deliverability/ports';
import { deliverabilityServices } from '../deliverability/services';
import { runBlacklistCycle } from '../deliverability/use-cases/blacklist-cycle';
import type { DeliverabilityDeps } from '../deliverability/use-cases/deps';
import { lambdaHandler, logger } from './middleware';

/** Scheduled (every 15 minutes by default): one blacklist monitoring cycle (R-DLV-3). */
export const blacklistCheck = (services: DeliverabilityDeps) => async (): Promise<CycleReport> =>
  runBlacklistCycle(services);

export const handler = lambdaHandler({
  environmentSchema: BlacklistCheckEnvSchema,
  services: (env) => deliverabilityServices(awsServices(env, logger), env.TABLE_NAME),
  handler: blacklistCheck,
});

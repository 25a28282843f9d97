import { awsServices } from '../adapters/aws/services';
import { WatchdogEnvSchema } from '../config/env';
import type { Services } from '../use-cases/deps';
import { rearmLostTimers, type WatchdogReport } from '../use-cases/rearm-lost-timers';
import { lambdaHandler, logger } from './middleware';

/** Scheduled: every open Sev-1 has a live callback workflow, or it is re-armed. */
export const watchdog = (services: Services) => async (): Promise<WatchdogReport> =>
  rearmLostTimers(services);

export const handler = lambdaHandler({
  environmentSchema: WatchdogEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: watchdog,
});

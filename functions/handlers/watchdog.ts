import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { awsServices } from '../adapters/aws/services';
import { WatchdogEnvSchema } from '../config/env';
import type { Services } from '../use-cases/deps';
import { rearmLostTimers, type WatchdogReport } from '../use-cases/rearm-lost-timers';
import { lambdaHandler, metrics as lambdaMetrics, logger } from './middleware';

/**
 * Scheduled: every open Sev-1 has a live callback workflow, or it is re-armed. The counts go out
 * as `caseflow/HealthyTimers` and `caseflow/RearmedTimers` (alarm on the second).
 */
export const watchdog =
  (services: Services, metrics: Metrics = lambdaMetrics, options: { atStartup?: boolean } = {}) =>
  async (): Promise<WatchdogReport> => {
    const report = await rearmLostTimers(services, options);
    metrics.addMetric('HealthyTimers', MetricUnit.Count, report.healthyTimers);
    metrics.addMetric('RearmedTimers', MetricUnit.Count, report.rearmed.length + report.clocksRearmed.length);
    metrics.publishStoredMetrics();
    return report;
  };

export const handler = lambdaHandler({
  environmentSchema: WatchdogEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: watchdog,
});

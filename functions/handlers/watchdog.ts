import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics as lambdaMetrics } from '../adapters/aws/metrics';
import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { sfnWorkflows } from '../adapters/aws/sfn-workflows';
import { WatchdogEnvSchema } from '../config/env';
import { rearmLostTimers, type WatchdogReport } from '../use-cases/rearm-lost-timers';
import { lambdaHandler, logger } from './middleware';

/**
 * Scheduled: every open Sev-1 has a live callback workflow, or it is re-armed. The counts go out
 * as `caseflow/HealthyTimers` and `caseflow/RearmedTimers` (alarm on the second).
 */
export const watchdog =
  (
    services: Parameters<typeof rearmLostTimers>[0],
    metrics: Metrics = lambdaMetrics,
    options: { atStartup?: boolean } = {}
  ) =>
  async (): Promise<WatchdogReport> => {
    const report = await rearmLostTimers(services, options);
    metrics.addMetric('HealthyTimers', MetricUnit.Count, report.healthyTimers);
    metrics.addMetric('RearmedTimers', MetricUnit.Count, report.rearmed.length + report.clocksRearmed.length);
    metrics.publishStoredMetrics();
    return report;
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: WatchdogEnvSchema,
  services: (env) =>
    awsServices(env, logger, {
      mailer: sesMailer(env.SUPPORT_DOMAIN),
      workflows: sfnWorkflows({
        sev1Callback: env.SEV1_STATE_MACHINE_ARN,
        caseClock: env.CASE_CLOCK_STATE_MACHINE_ARN,
      }),
    }),
  handler: watchdog,
});

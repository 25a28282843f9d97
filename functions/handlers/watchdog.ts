import { awsServices } from '../adapters/aws/services';
import { WatchdogEnvSchema } from '../config/env';
import type { Services } from '../use-cases/deps';
import { rearmLostTimers, type WatchdogReport } from '../use-cases/rearm-lost-timers';
import { lambdaHandler, logger } from './middleware';

/**
 * The watchdog's metrics in CloudWatch Embedded Metric Format: one log line that CloudWatch turns
 * into `caseflow/HealthyTimers` and `caseflow/RearmedTimers` (alarm on the second).
 */
export function watchdogMetricLine(report: WatchdogReport, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: 'caseflow',
          Dimensions: [[]],
          Metrics: [
            { Name: 'HealthyTimers', Unit: 'Count' },
            { Name: 'RearmedTimers', Unit: 'Count' },
          ],
        },
      ],
    },
    HealthyTimers: report.healthyTimers,
    RearmedTimers: report.rearmed.length + report.clocksRearmed.length,
  });
}

/** Scheduled: every open Sev-1 has a live callback workflow, or it is re-armed; the count is a metric. */
export const watchdog =
  (
    services: Services,
    emit: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    options: { atStartup?: boolean } = {}
  ) =>
  async (): Promise<WatchdogReport> => {
    const report = await rearmLostTimers(services, options);
    emit(watchdogMetricLine(report, services.clock.now()));
    return report;
  };

export const handler = lambdaHandler({
  environmentSchema: WatchdogEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: watchdog,
});

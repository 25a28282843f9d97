import { awsServices } from '../adapters/aws/services';
import { ReportAggregatorEnvSchema } from '../config/env';
import { DomainEventSchema } from '../domain/events';
import { type AggregatorDeps, aggregateEvent } from '../use-cases/reports/aggregate-event';
import { lambdaHandler, logger } from './middleware';

/**
 * The report aggregator behind its EventBridge rule (infra/constructs/reports.ts): each domain
 * event about a case adds the case's new facts to the day aggregates, once (docs/reports.md).
 */
export const reportAggregator =
  (services: AggregatorDeps) =>
  async (event: { detail?: unknown }): Promise<{ caseId: string | null; counted: number }> => {
    const parsed = DomainEventSchema.safeParse(event.detail);
    if (!parsed.success) {
      // Not one of ours: nothing to retry.
      services.log.warn('report event ignored', { reason: parsed.error.issues[0]?.message ?? 'unknown' });
      return { caseId: null, counted: 0 };
    }
    return aggregateEvent(services, parsed.data);
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: ReportAggregatorEnvSchema,
  services: (env) => awsServices(env, logger, {}),
  handler: reportAggregator,
});

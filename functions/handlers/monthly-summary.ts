import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { MonthlySummaryEnvSchema } from '../config/env';
import { type SummaryRun, sendMonthlySummaries } from '../use-cases/reports-time/monthly-summary';
import { lambdaHandler, logger } from './middleware';

/**
 * Scheduled daily: on the first working day of a month each customer's TAM (or designated
 * contacts) gets the previous month's summary, once per customer and month.
 */
export const monthlySummary =
  (services: Parameters<typeof sendMonthlySummaries>[0]) => async (): Promise<SummaryRun> =>
    sendMonthlySummaries(services);

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: MonthlySummaryEnvSchema,
  services: (env) => awsServices(env, logger, { mailer: sesMailer(env.SUPPORT_DOMAIN) }),
  handler: monthlySummary,
});

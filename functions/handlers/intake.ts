import { awsServices } from '../adapters/aws/services';
import { inboundMailFromSes, SesEventSchema } from '../adapters/aws/ses-receipt-event';
import { IntakeEnvSchema } from '../config/env';
import type { Services } from '../use-cases/deps';
import { type IntakeResult, receiveMail } from '../use-cases/receive-mail';
import { lambdaHandler, logger } from './middleware';

/**
 * SES receipt rule → intake. Thin: validate the event, map each record, call the use-case.
 * A failure is recorded for replay (GET /api/intake/failures) and thrown, so Lambda retries the
 * async event and then hands it to the on-failure destination; the raw mail is already safe in S3.
 */
export const intakeFromSes =
  (services: Services, rawKeyPrefix: string) =>
  async (event: unknown): Promise<IntakeResult[]> => {
    const { Records } = SesEventSchema.parse(event);
    const results: IntakeResult[] = [];
    for (const record of Records)
      results.push(await receiveMail(services, inboundMailFromSes(record, rawKeyPrefix)));
    return results;
  };

export const handler = lambdaHandler({
  environmentSchema: IntakeEnvSchema,
  services: (env) => ({ services: awsServices(env, logger), prefix: env.RAW_MAIL_PREFIX }),
  handler: ({ services, prefix }) => intakeFromSes(services, prefix),
});

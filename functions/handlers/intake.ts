import { awsServices } from '../adapters/aws/services';
import { intakeFromSes } from '../adapters/aws/ses-intake';
import { IntakeEnvSchema } from '../config/env';
import { lambdaHandler, logger } from './middleware';

export { intakeFromSes };

/**
 * SES receipt rule → intake. Thin: validate the event, map each record, call the use-case.
 * A failure is recorded for replay (GET /api/intake/failures) and thrown, so Lambda retries the
 * async event and then hands it to the on-failure destination; the raw mail is already safe in S3.
 */
export const handler = lambdaHandler({
  environmentSchema: IntakeEnvSchema,
  services: (env) => ({ services: awsServices(env, logger), prefix: env.RAW_MAIL_PREFIX }),
  handler: ({ services, prefix }) => intakeFromSes(services, prefix),
});

import { kmsLinkSigner } from '../adapters/aws/kms-link-signer';
import { s3MailStorage } from '../adapters/aws/s3-raw-mail-bucket';
import { awsServices } from '../adapters/aws/services';
import { intakeFromSes } from '../adapters/aws/ses-intake';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { sfnWorkflows } from '../adapters/aws/sfn-workflows';
import { PostalMimeCodec } from '../adapters/mime';
import { IntakeEnvSchema } from '../config/env';
import { lambdaHandler, logger } from './middleware';

export { intakeFromSes };

/**
 * SES receipt rule → intake. Thin: validate the event, map each record, call the use-case.
 * A failure is recorded for replay (GET /api/intake/failures) and thrown, so Lambda retries the
 * async event and then hands it to the on-failure destination; the raw mail is already safe in S3.
 */
export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: IntakeEnvSchema,
  services: (env) => ({
    services: awsServices(env, logger, {
      ...s3MailStorage(env.RAW_MAIL_BUCKET),
      codec: new PostalMimeCodec(),
      mailer: sesMailer(env.SUPPORT_DOMAIN),
      signer: kmsLinkSigner(env.PAGE_LINK_KEY_ID),
      workflows: sfnWorkflows({
        sev1Callback: env.SEV1_STATE_MACHINE_ARN,
        caseClock: env.CASE_CLOCK_STATE_MACHINE_ARN,
      }),
    }),
    prefix: env.RAW_MAIL_PREFIX,
  }),
  handler: ({ services, prefix }) => intakeFromSes(services, prefix),
});

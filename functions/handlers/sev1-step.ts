import * as z from 'zod';
import { kmsLinkSigner } from '../adapters/aws/kms-link-signer';
import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { sfnWorkflows } from '../adapters/aws/sfn-workflows';
import { snsSms } from '../adapters/aws/sns-sms';
import { Sev1StepEnvSchema } from '../config/env';
import { runSev1Step, type Sev1StepDeps } from '../use-cases/sev1-step';
import { lambdaHandler, logger } from './middleware';

/** The payloads the sev1-callback state machine sends (workflows/sev1-callback.ts). */
const caseId = z.string().min(1);
const loops = z.number().int().min(0).default(0);
export const Sev1StepPayloadSchema = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['decide', 'record-breach', 'continue']), caseId, loops }),
  z.object({
    action: z.enum(['await-ack', 'await-callback', 'await-update']),
    caseId,
    taskToken: z.string().min(1),
    timeoutSeconds: z.number(),
  }),
]);

export const sev1Step = (services: Sev1StepDeps) => async (payload: unknown) =>
  runSev1Step(services, Sev1StepPayloadSchema.parse(payload));

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: Sev1StepEnvSchema,
  services: (env) =>
    awsServices(env, logger, {
      mailer: sesMailer(env.SUPPORT_DOMAIN),
      sms: snsSms(),
      signer: kmsLinkSigner(env.PAGE_LINK_KEY_ID),
      // Its own machine only: a long incident continues as a new execution.
      workflows: sfnWorkflows({ sev1Callback: env.SEV1_STATE_MACHINE_ARN }),
    }),
  handler: sev1Step,
});

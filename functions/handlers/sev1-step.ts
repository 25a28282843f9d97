import { z } from 'zod';
import { awsServices } from '../adapters/aws/services';
import { Sev1StepEnvSchema } from '../config/env';
import type { Services } from '../use-cases/deps';
import { runSev1Step } from '../use-cases/sev1-step';
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

export const sev1Step = (services: Services) => async (payload: unknown) =>
  runSev1Step(services, Sev1StepPayloadSchema.parse(payload));

export const handler = lambdaHandler({
  environmentSchema: Sev1StepEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: sev1Step,
});

import { z } from 'zod';
import { awsServices } from '../adapters/aws/services';
import { Sev1StepEnvSchema } from '../config/env';
import { continueWhenLong } from '../domain/sev1';
import { awaitCallback } from '../use-cases/await-callback';
import { continueSev1Workflow } from '../use-cases/continue-sev1';
import { decideSev1Step } from '../use-cases/decide-sev1-step';
import type { Services } from '../use-cases/deps';
import { pageOnCall } from '../use-cases/page-on-call';
import { recordCallbackBreach } from '../use-cases/record-callback-breach';
import { awaitUpdate } from '../use-cases/sev1-updates';
import { lambdaHandler, logger } from './middleware';

/** The payloads the sev1-callback state machine sends (workflows/sev1-callback.ts). */
const loops = z.number().int().min(0).default(0);
export const Sev1StepPayloadSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('decide'), caseId: z.string().min(1), loops }),
  z.object({ action: z.literal('record-breach'), caseId: z.string().min(1), loops }),
  z.object({ action: z.literal('continue'), caseId: z.string().min(1), loops }),
  z.object({
    action: z.literal('await-ack'),
    caseId: z.string().min(1),
    taskToken: z.string().min(1),
    timeoutSeconds: z.number(),
  }),
  z.object({
    action: z.literal('await-callback'),
    caseId: z.string().min(1),
    taskToken: z.string().min(1),
    timeoutSeconds: z.number(),
  }),
  z.object({
    action: z.literal('await-update'),
    caseId: z.string().min(1),
    taskToken: z.string().min(1),
    timeoutSeconds: z.number(),
  }),
]);

/** What `Decide` and `RecordBreach` return; the state machine's ResultSelector reads these fields. */
export interface StepResult {
  /** Decide → wait loops in this execution, for continue-as-new. */
  loops: number;
  next: string;
  timeoutSeconds: number;
}

export const sev1Step =
  (services: Services) =>
  async (payload: unknown): Promise<StepResult | { parked: true } | { continued: true }> => {
    const input = Sev1StepPayloadSchema.parse(payload);
    switch (input.action) {
      case 'decide': {
        const decision = continueWhenLong(
          await decideSev1Step(services, input.caseId),
          input.loops,
          services.config.oncall.workflowLoopsBeforeContinue
        );
        const { next, timeoutSeconds } = decision;
        return { loops: input.loops + 1, next, timeoutSeconds };
      }
      case 'record-breach':
        await recordCallbackBreach(services, input.caseId);
        return { loops: input.loops, next: 'DECIDE', timeoutSeconds: 1 };
      case 'continue':
        await continueSev1Workflow(services, input.caseId);
        return { continued: true };
      case 'await-ack':
        await pageOnCall(services, input.caseId, input.taskToken);
        return { parked: true };
      case 'await-callback':
        await awaitCallback(services, input.caseId, input.taskToken);
        return { parked: true };
      case 'await-update':
        await awaitUpdate(services, input.caseId, input.taskToken);
        return { parked: true };
    }
  };

export const handler = lambdaHandler({
  environmentSchema: Sev1StepEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: sev1Step,
});

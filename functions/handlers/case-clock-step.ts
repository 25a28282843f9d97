import * as z from 'zod';
import { awsServices } from '../adapters/aws/services';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { sfnWorkflows } from '../adapters/aws/sfn-workflows';
import { CaseClockStepEnvSchema } from '../config/env';
import type { ClockStepResult } from '../use-cases/case-clock';
import { wakeCaseClock } from '../use-cases/clock-wake';
import { lambdaHandler, logger } from './middleware';

/** The payload the case-clock state machine sends (workflows/case-clock.ts). */
export const CaseClockStepPayloadSchema = z.object({
  caseId: z.string().min(1),
  generation: z.number().int().min(1),
});

export const caseClock =
  (services: Parameters<typeof wakeCaseClock>[0]) =>
  async (payload: unknown): Promise<ClockStepResult> => {
    const { caseId, generation } = CaseClockStepPayloadSchema.parse(payload);
    return wakeCaseClock(services, caseId, generation);
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: CaseClockStepEnvSchema,
  // It never starts an execution itself (CaseClockStepEnvSchema): its workflows name no state machine.
  services: (env) =>
    awsServices(env, logger, { mailer: sesMailer(env.SUPPORT_DOMAIN), workflows: sfnWorkflows() }),
  handler: caseClock,
});

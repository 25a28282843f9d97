import { z } from 'zod';
import { awsServices } from '../adapters/aws/services';
import { CaseClockStepEnvSchema } from '../config/env';
import type { ClockStepResult } from '../use-cases/case-clock';
import { wakeCaseClock } from '../use-cases/clock-wake';
import type { Services } from '../use-cases/deps';
import { lambdaHandler, logger } from './middleware';

/** The payload the case-clock state machine sends (workflows/case-clock.ts). */
export const CaseClockStepPayloadSchema = z.object({
  caseId: z.string().min(1),
  generation: z.number().int().min(1),
});

export const caseClock =
  (services: Services) =>
  async (payload: unknown): Promise<ClockStepResult> => {
    const { caseId, generation } = CaseClockStepPayloadSchema.parse(payload);
    return wakeCaseClock(services, caseId, generation);
  };

export const handler = lambdaHandler({
  environmentSchema: CaseClockStepEnvSchema,
  services: (env) => awsServices(env, logger),
  handler: caseClock,
});

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger, tracer } from '../adapters/aws/powertools';

export { logger, metrics } from '../adapters/aws/powertools';

export class EnvironmentError extends Error {}

/** Validates the environment once per cold start, with every missing or wrong variable named. */
export function readEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnvironmentError(`invalid environment: ${problems}`);
  }
  return result.data;
}

/**
 * One middleware bundle for every Lambda (Innovation Sandbox style): environment checked at cold
 * start, services built once from it, Powertools logger with the Lambda context and a tracer
 * segment per invocation. The function it wraps is the same one the local runtime calls with
 * local services.
 */
export function lambdaHandler<TEnv extends z.ZodType, TServices, TEvent, TResult>(options: {
  environmentSchema: TEnv;
  services: (env: z.infer<TEnv>) => TServices;
  handler: (services: TServices) => (event: TEvent, context: Context) => Promise<TResult>;
}) {
  let run: ((event: TEvent, context: Context) => Promise<TResult>) | undefined;
  const core = async (event: TEvent, context: Context): Promise<TResult> => {
    run ??= options.handler(options.services(readEnv(options.environmentSchema)));
    return run(event, context);
  };
  return (
    middy(core)
      .use(injectLambdaContext(logger, { clearState: true }))
      // The X-Ray segment limit is 64 kB: results (whole reports, API bodies) stay out of it.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
  );
}

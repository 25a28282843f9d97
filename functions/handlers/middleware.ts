import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../adapters/aws/powertools';

export { logger } from '../adapters/aws/powertools';

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
 * start, services built once from it, Powertools logger with the Lambda context. The function it
 * wraps is the same one the local runtime calls with local services.
 *
 * No Powertools Tracer: with the X-Ray SDK (aws-xray-sdk-core) it is about 125 KB of bundle and
 * 0.3× a bare Node start-up of import time in every function, for subsegments per AWS call.
 * Lambda's active tracing (CaseflowFunction) still records each invocation with its
 * initialization, and the SDK passes the trace header on, so Step Functions, EventBridge and
 * the rest join the same trace; what is lost is the per-call timing inside a function.
 *
 * Handlers mark the call pure (an `@__PURE__` comment): the local bundle, which imports only the
 * wrapped functions, then leaves out the Lambda wiring and the AWS clients that only it needs.
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
  return middy(core).use(injectLambdaContext(logger, { clearState: true }));
}

import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { awsServices } from '../adapters/aws/services';
import { ApiEnvSchema } from '../config/env';
import { NoDnsResolver } from '../deliverability/adapters/udp-resolver';
import { deliverabilityServices } from '../deliverability/services';
import { createApp } from '../http/app';
import { lambdaHandler, logger } from './middleware';

/**
 * HTTP API → the Hono app (the same app the local server runs), built once per cold start.
 * API Gateway routes /api/* through IAM authorization and /pages/* as public signed links.
 */
export const handler = lambdaHandler({
  environmentSchema: ApiEnvSchema,
  services: (env) => {
    const services = awsServices(env, logger);
    // The API never queries DNS: the blacklist status it shows comes from the scheduled check.
    return {
      services,
      deliverability: { ...deliverabilityServices(services, env.TABLE_NAME), dns: new NoDnsResolver() },
    };
  },
  handler: ({ services, deliverability }) => {
    const app = handle(createApp(services, { health: () => true, deliverability }));
    return (event: LambdaEvent, context: Context) => app(event, context);
  },
});

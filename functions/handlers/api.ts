import { handle } from 'hono/aws-lambda';
import { deliverabilityServices } from '../adapters/aws/deliverability-services';
import { awsServices } from '../adapters/aws/services';
import { NoDnsResolver } from '../adapters/dns/udp-resolver';
import { ApiEnvSchema } from '../config/env';
import { createApp } from '../http/app';
import { logger, readEnv } from './middleware';

/**
 * HTTP API → the Hono app (the same app the local server runs). Built once per cold start;
 * API Gateway routes /api/* through IAM authorization and /pages/* as public signed links.
 */
const env = readEnv(ApiEnvSchema);
const services = awsServices(env, logger);
const app = createApp(services, {
  health: () => true,
  // The API never queries DNS: the blacklist status it shows comes from the scheduled check.
  deliverability: { ...deliverabilityServices(services, env.TABLE_NAME), dns: new NoDnsResolver() },
});

export const handler = handle(app);

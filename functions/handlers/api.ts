import { handle } from 'hono/aws-lambda';
import { awsServices } from '../adapters/aws/services';
import { ApiEnvSchema } from '../config/env';
import { createApp } from '../http/app';
import { logger, readEnv } from './middleware';

/**
 * HTTP API → the Hono app (the same app the local server runs). Built once per cold start;
 * API Gateway routes /api/* through IAM authorization and /pages/* as public signed links.
 */
const app = createApp(awsServices(readEnv(ApiEnvSchema), logger), { health: () => true });

export const handler = handle(app);

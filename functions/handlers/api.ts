import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { CognitoIdentityAccounts } from '../adapters/aws/cognito-identity-accounts';
import { traced } from '../adapters/aws/powertools';
import { awsServices } from '../adapters/aws/services';
import { JwtAccessTokenVerifier } from '../adapters/jwt-access-token-verifier';
import { ApiEnvSchema } from '../config/env';
import { NoDnsResolver } from '../deliverability/adapters/udp-resolver';
import { deliverabilityServices } from '../deliverability/services';
import { createApp } from '../http/app';
import { staffAuthenticator } from '../use-cases/authenticate-staff';
import { lambdaHandler, logger } from './middleware';

/** Machine callers reach the staff API under this prefix, through API Gateway's IAM authorizer. */
const OPERATOR_PREFIX = '/ops';

/**
 * HTTP API → the Hono app (the same app the local server runs), built once per cold start.
 * API Gateway verifies Cognito access tokens on /api/* (JWT authorizer) and SigV4 on /ops/api/*
 * (IAM); the app verifies the token again (the same code as locally) and takes the actor from it.
 */
export const handler = lambdaHandler({
  environmentSchema: ApiEnvSchema,
  services: (env) => {
    const services = awsServices(env, logger);
    const tokens = new JwtAccessTokenVerifier(env.IDENTITY_ISSUER, env.IDENTITY_CLIENT_IDS.split(','));
    return {
      services,
      authenticate: staffAuthenticator({ tokens, staff: services.staff }),
      identity: new CognitoIdentityAccounts(traced(new CognitoIdentityProviderClient({})), env.USER_POOL_ID),
      // The API never queries DNS: the blacklist status it shows comes from the scheduled check.
      deliverability: { ...deliverabilityServices(services, env.TABLE_NAME), dns: new NoDnsResolver() },
    };
  },
  handler: ({ services, authenticate, identity, deliverability }) => {
    const app = handle(createApp(services, { health: () => true, authenticate, identity, deliverability }));
    return (event: LambdaEvent, context: Context) => app(operatorPathMapped(event), context);
  },
});

/**
 * An /ops/api/… request is the same route as /api/…; the app trusts the caller because API
 * Gateway's IAM authorizer put its verified ARN in the request context (no header can).
 */
function operatorPathMapped(event: LambdaEvent): LambdaEvent {
  const http = event as LambdaEvent & { rawPath?: string; requestContext?: { http?: { path?: string } } };
  if (!http.rawPath?.startsWith(`${OPERATOR_PREFIX}/api/`)) return event;
  const path = http.rawPath.slice(OPERATOR_PREFIX.length);
  return {
    ...http,
    rawPath: path,
    requestContext: { ...http.requestContext, http: { ...http.requestContext?.http, path } },
  } as LambdaEvent;
}

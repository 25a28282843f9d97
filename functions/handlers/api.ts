import { timingSafeEqual } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { CognitoIdentityAccounts } from '../adapters/aws/cognito-identity-accounts';
import { kmsLinkSigner } from '../adapters/aws/kms-link-signer';
import { OnFailureQueueIntake } from '../adapters/aws/on-failure-queue-intake';
import { s3MailStorage } from '../adapters/aws/s3-raw-mail-bucket';
import { awsServices, unavailable } from '../adapters/aws/services';
import { intakeFromSes } from '../adapters/aws/ses-intake';
import { sesMailer } from '../adapters/aws/ses-mailer';
import { sfnWorkflows } from '../adapters/aws/sfn-workflows';
import { snsSms } from '../adapters/aws/sns-sms';
import { JwtAccessTokenVerifier } from '../adapters/jwt-access-token-verifier';
import { PostalMimeCodec } from '../adapters/mime';
import { ApiEnvSchema, EDGE_ORIGIN_HEADER } from '../config/env';
import { NoDnsResolver } from '../deliverability/adapters/no-dns-resolver';
import { deliverabilityServices } from '../deliverability/services';
import { createApp } from '../http/app';
import type { AttachmentStore, RawMailBucket } from '../ports';
import { staffAuthenticator } from '../use-cases/authenticate-staff';
import { lambdaHandler, logger } from './middleware';

/** Machine callers reach the staff API under this prefix, through API Gateway's IAM authorizer. */
const OPERATOR_PREFIX = '/ops';

/**
 * HTTP API → the Hono app (the same app the local server runs), built once per cold start.
 * API Gateway verifies Cognito access tokens on /api/* (JWT authorizer) and SigV4 on /ops/api/*
 * (IAM); the app verifies the token again (the same code as locally) and takes the actor from it.
 */
export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: ApiEnvSchema,
  services: (env) => {
    // The API does everything staff do: every port, the mail bucket once it is granted.
    const services = awsServices(env, logger, {
      ...(env.RAW_MAIL_BUCKET
        ? s3MailStorage(env.RAW_MAIL_BUCKET)
        : {
            bucket: unavailable<RawMailBucket>('the raw mail bucket'),
            attachments: unavailable<AttachmentStore>('the attachment store'),
          }),
      codec: new PostalMimeCodec(),
      mailer: sesMailer(env.SUPPORT_DOMAIN),
      sms: snsSms(),
      signer: kmsLinkSigner(env.PAGE_LINK_KEY_ID),
      workflows: sfnWorkflows({
        sev1Callback: env.SEV1_STATE_MACHINE_ARN,
        caseClock: env.CASE_CLOCK_STATE_MACHINE_ARN,
      }),
    });
    const tokens = new JwtAccessTokenVerifier(env.IDENTITY_ISSUER, env.IDENTITY_CLIENT_IDS.split(','));
    return {
      services,
      authenticate: staffAuthenticator({ tokens, staff: services.staff }),
      identity: new CognitoIdentityAccounts(new CognitoIdentityProviderClient({}), env.USER_POOL_ID),
      // The API never queries DNS: the blacklist status it shows comes from the scheduled check.
      deliverability: deliverabilityServices(services, env.TABLE_NAME, new NoDnsResolver()),
      // Mail Lambda gave up on waits in the on-failure queue; the API lists and re-drives it.
      undelivered: env.INTAKE_FAILURE_QUEUE_URL
        ? new OnFailureQueueIntake(
            new SQSClient({}),
            env.INTAKE_FAILURE_QUEUE_URL,
            intakeFromSes(services, env.RAW_MAIL_PREFIX ?? '')
          )
        : undefined,
      edgeSecret: env.EDGE_ORIGIN_SECRET,
    };
  },
  handler: ({ services, authenticate, identity, deliverability, undelivered, edgeSecret }) => {
    const app = handle(
      createApp(services, { health: () => true, authenticate, identity, deliverability, undelivered })
    );
    const cameThroughEdge = edgeSecret ? edgeCheck(edgeSecret) : () => true;
    return async (event: LambdaEvent, context: Context) =>
      cameThroughEdge(event) ? app(operatorPathMapped(event), context) : NOT_THROUGH_EDGE;
  },
});

/** A request to a public or staff route that bypassed the edge (and so its firewall). */
const NOT_THROUGH_EDGE = {
  statusCode: 403,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    error: "use the deployment's public address; this one takes IAM-signed /ops/api calls only",
  }),
};

/**
 * Whether a request came through the public edge: it carries the origin secret CloudFront adds.
 * IAM-signed /ops/api calls come straight to the API (API Gateway verified them already).
 */
export function edgeCheck(secret: string): (event: LambdaEvent) => boolean {
  const expected = Buffer.from(secret);
  return (event) => {
    const http = event as LambdaEvent & { rawPath?: string; headers?: Record<string, string | undefined> };
    if (http.rawPath?.startsWith(`${OPERATOR_PREFIX}/api/`)) return true;
    const given = Buffer.from(http.headers?.[EDGE_ORIGIN_HEADER] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

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

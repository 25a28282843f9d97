import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { awsServices } from '../adapters/aws/services';
import { SignInAuditEnvSchema } from '../config/env';
import { recordAction } from '../use-cases/record-action';
import { lambdaHandler, logger } from './middleware';

/** A staff sign-in at Cognito, in the audit log (failed ones are in CloudTrail: docs/access.md). */
export const signInAudit =
  (services: Parameters<typeof recordAction>[0]) =>
  async (event: PostAuthenticationTriggerEvent): Promise<PostAuthenticationTriggerEvent> => {
    const email = (event.request.userAttributes.email ?? event.userName).toLowerCase();
    await recordAction(services, {
      actor: email,
      action: 'sign-in',
      source: 'console',
      detail: event.callerContext.clientId,
    });
    // Cognito expects its event back; anything else would fail the sign-in.
    return event;
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: SignInAuditEnvSchema,
  services: (env) => awsServices(env, logger, {}),
  handler: signInAudit,
});

import { awsServices } from '../adapters/aws/services';
import { LiveSubscribeEnvSchema } from '../config/env';
import type { StaffStore } from '../data/staff/staff-store';
import { maySubscribe } from '../domain/live-channels';
import { lambdaHandler, logger } from './middleware';

/** What AppSync Events hands a direct Lambda integration on subscribe (the parts read here). */
export interface SubscribeRequest {
  identity?: { sub?: string; claims?: Record<string, unknown> } | null;
  info?: { channel?: { path?: string }; operation?: string };
}

/**
 * The `cases` namespace's onSubscribe handler (a direct Lambda integration). AppSync has checked
 * the Cognito token already; this checks what the API checks besides: an access token (not an ID
 * token) of an enabled staff user, who may see the channel's team (maySubscribe). `null` lets the
 * subscription in; `{ error }` refuses it.
 */
export const liveSubscribe =
  (deps: { staff: Pick<StaffStore, 'getUser'> }) =>
  async (request: SubscribeRequest): Promise<{ error: string } | null> => {
    const path = request.info?.channel?.path ?? '';
    const sub = request.identity?.sub;
    if (!sub || request.identity?.claims?.token_use !== 'access')
      return { error: 'not authenticated: a staff access token is needed' };
    const user = await deps.staff.getUser(sub);
    if (!user?.enabled) return { error: 'not authenticated: no enabled staff user for this token' };
    const allowed = maySubscribe({ kind: 'staff', user }, path);
    return allowed.ok ? null : { error: allowed.reason };
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: LiveSubscribeEnvSchema,
  services: (env) => awsServices(env, logger, {}),
  handler: liveSubscribe,
});

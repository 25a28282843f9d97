import { AppSyncEventsPublisher } from '../adapters/aws/appsync-events-publisher';
import { awsServices } from '../adapters/aws/services';
import { LivePublishEnvSchema } from '../config/env';
import type { CaseRecordStore } from '../data/case-records/case-record-store';
import { DomainEventSchema } from '../domain/events';
import type { LiveChannels, Log } from '../ports';
import { publishLiveUpdate } from '../use-cases/publish-live-update';
import { lambdaHandler, logger } from './middleware';

/**
 * The EventBridge rule's target for domain events about cases: each is published to its case's
 * live channel on AppSync Events (docs/live-updates.md), where the console's queues and case
 * views are subscribed.
 */
export const livePublish =
  (deps: { cases: Pick<CaseRecordStore, 'getCase'>; live: LiveChannels; log: Log }) =>
  async (event: { detail?: unknown }): Promise<{ channel: string | null }> => {
    const parsed = DomainEventSchema.safeParse(event.detail);
    if (!parsed.success) {
      // Not one of ours (the rule matches by detail-type): nothing to retry.
      deps.log.warn('live event ignored', { reason: parsed.error.issues[0]?.message ?? 'unknown' });
      return { channel: null };
    }
    return { channel: await publishLiveUpdate(deps, parsed.data) };
  };

export const handler = /* @__PURE__ */ lambdaHandler({
  environmentSchema: LivePublishEnvSchema,
  services: (env) => ({
    ...awsServices(env, logger, {}),
    live: new AppSyncEventsPublisher(env.LIVE_EVENTS_HTTP_DOMAIN, env.AWS_REGION),
  }),
  handler: livePublish,
});

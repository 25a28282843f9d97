import type { CaseRecordStore } from '../data/case-records/case-record-store';
import type { DomainEvent } from '../domain/events';
import { caseOfEvent, liveMessage } from '../domain/live-channels';
import { TeamSchema } from '../domain/team';
import type { LiveChannels } from '../ports';

/**
 * Tells the console's live channel of a case that it changed (the EventBridge rule's target on
 * AWS, a bus listener locally). The case is read for where it is now — its team may have moved —
 * unless the event says so itself. Returns the channel, or null when the event is no case's news.
 */
export async function publishLiveUpdate(
  deps: { cases: Pick<CaseRecordStore, 'getCase'>; live: LiveChannels },
  event: DomainEvent
): Promise<string | null> {
  const caseId = caseOfEvent(event);
  if (!caseId) return null;
  const team = event.type === 'case.opened' ? TeamSchema.safeParse(event.team) : undefined;
  const where =
    event.type === 'case.opened' && team?.success
      ? { team: team.data, reference: event.reference }
      : await deps.cases.getCase(caseId);
  if (!where) return null;
  const { channel, message } = liveMessage(event, where);
  await deps.live.publish(channel, message);
  return channel;
}

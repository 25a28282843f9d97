import type { DomainEvent } from './events';
import { caseChannel, LIVE_NAMESPACE } from './live-channel-names';
import { type Actor, maySeeTeam } from './staff';
import { type Team, TeamSchema } from './team';

/**
 * The live channels the console subscribes to (AppSync Events on AWS, the local server's WebSocket
 * speaking the same protocol): one namespace, `cases`, a channel per case under its team —
 * `/cases/<team>/<reference>`. A queue subscribes to `/cases/<team>/*`, a case view to its own
 * channel; so whether a subscriber may have a channel is only whether they may see its team.
 * A message says what changed and where, never the content: the console re-reads through the API.
 */
export { caseChannel, LIVE_NAMESPACE, queueChannel, teamSegment } from './live-channel-names';

const teamOfSegment = (segment: string): Team | undefined => {
  const parsed = TeamSchema.safeParse(segment.toUpperCase().replace(/-/g, '_'));
  return parsed.success ? parsed.data : undefined;
};

/** What a subscriber receives on a case's channel. */
export interface LiveMessage {
  /** The domain event's type: `case.presence.changed` when who is on the case changed. */
  type: string;
  reference: string;
  team: Team;
  at: string;
}

/** A subscription path, parsed: its team, or why it is not one of ours. */
export function parseChannel(path: string): { team: Team; reference?: string } | { error: string } {
  const segments = path.split('/');
  // "", namespace, team, reference-or-*
  if (segments.length !== 4 || segments[0] !== '' || segments[1] !== LIVE_NAMESPACE)
    return { error: `unknown channel ${path}: channels are /${LIVE_NAMESPACE}/<team>/<reference> or /*` };
  const team = teamOfSegment(segments[2] ?? '');
  if (!team) return { error: `unknown team in channel ${path}` };
  const last = segments[3] ?? '';
  if (last === '*') return { team };
  if (!/^[a-z0-9-]{1,50}$/.test(last)) return { error: `not a case reference in channel ${path}` };
  return { team, reference: last };
}

/** Whether this actor may subscribe to the channel (agents: their own teams' cases only). */
export function maySubscribe(actor: Actor, path: string): { ok: true } | { ok: false; reason: string } {
  const parsed = parseChannel(path);
  if ('error' in parsed) return { ok: false, reason: parsed.error };
  if (!maySeeTeam(actor, parsed.team))
    return { ok: false, reason: `not permitted: the channel's team ${parsed.team} is not one of yours` };
  return { ok: true };
}

/** The case a domain event is about, when it is about one that staff see change. */
export function caseOfEvent(event: DomainEvent): string | undefined {
  switch (event.type) {
    case 'case.opened':
    case 'case.message.received':
    case 'case.presence.changed':
    case 'page.sent':
    case 'page.acknowledged':
    case 'callback.completed':
    case 'sla.breached':
      return event.caseId;
    case 'staff.acted':
      // A refused action changed nothing.
      return event.outcome === 'ok' ? event.caseId : undefined;
    default:
      return undefined;
  }
}

/** The message to publish for an event about a case, where the case now is. */
export function liveMessage(
  event: Pick<DomainEvent, 'type' | 'at'>,
  c: { team: Team; reference: string }
): { channel: string; message: LiveMessage } {
  return {
    channel: caseChannel(c.team, c.reference),
    message: { type: event.type, reference: c.reference, team: c.team, at: event.at },
  };
}

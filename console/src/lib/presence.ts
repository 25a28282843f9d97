import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './api';

// The API's presence types are the domain's (a pure module, types only: nothing of it is bundled).
import type { ReplyLock, Viewer } from '../../../functions/domain/presence';

export interface PresenceView {
  viewers: Viewer[];
  replyLock: ReplyLock | null;
  refusedBy?: ReplyLock;
}

/** How often the console says "I am on this case" while the live channel is down: colleagues see it within this. */
const HEARTBEAT_MS = 1500;
/**
 * While the case's live channel is up a change of who is here comes on it at once; the heartbeat
 * only keeps this user's mark (PRESENCE_MS, 20 s) and reply lock (60 s) alive.
 */
const LIVE_HEARTBEAT_MS = 8000;

/**
 * Tells the API this user is on the case (and whether they are writing a reply) every moment, and
 * returns who else is: the same call takes the reply lock, or says who holds it.
 */
export function usePresence(caseId: string | undefined, replying: boolean, takeOver: boolean, live = false) {
  return useQuery({
    queryKey: ['presence', caseId, replying, takeOver],
    enabled: !!caseId,
    refetchInterval: live ? LIVE_HEARTBEAT_MS : HEARTBEAT_MS,
    queryFn: async () => {
      try {
        return await api<PresenceView>(`/cases/${caseId}/presence`, { method: 'POST', body: { replying, takeOver } });
      } catch (error) {
        // 409: a colleague holds the reply; the answer still says who is here.
        if (error instanceof ApiError && error.status === 409) return error.body as PresenceView;
        throw error;
      }
    },
  });
}

import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './api';

// The API's presence types are the domain's (a pure module, types only: nothing of it is bundled).
import type { ReplyLock, Viewer } from '../../../functions/domain/presence';

export interface PresenceView {
  viewers: Viewer[];
  replyLock: ReplyLock | null;
  refusedBy?: ReplyLock;
}

/** How often the console says "I am on this case": colleagues see it within this (and the poll). */
const HEARTBEAT_MS = 1500;

/**
 * Tells the API this user is on the case (and whether they are writing a reply) every moment, and
 * returns who else is: the same call takes the reply lock, or says who holds it.
 */
export function usePresence(caseId: string | undefined, replying: boolean, takeOver: boolean) {
  return useQuery({
    queryKey: ['presence', caseId, replying, takeOver],
    enabled: !!caseId,
    refetchInterval: HEARTBEAT_MS,
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

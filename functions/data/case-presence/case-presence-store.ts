import type { ReplyLock, Viewer } from '../../domain/presence';
import type { Team } from '../../domain/team';

/**
 * Who is on which case (R-BOX-3), kept per team: one read answers a whole team queue, one read a
 * case. Marks expire by TTL; readers drop old ones themselves (TTL deletes late).
 */
export interface CasePresenceStore {
  markViewer(team: Team, caseId: string, viewer: Viewer, expiresAt: Date): Promise<void>;
  /** Every recent mark of a team's cases (stale ones included: the caller filters by time). */
  teamViewers(team: Team): Promise<(Viewer & { caseId: string })[]>;
  caseViewers(team: Team, caseId: string): Promise<(Viewer & { caseId: string })[]>;
  replyLock(team: Team, caseId: string): Promise<ReplyLock | null>;
  /**
   * Takes (or renews) the case's reply lock for `lock.userId`: refused, with the holder, when
   * another user holds a lock that has not run out, unless `takeOver`.
   */
  takeReplyLock(
    team: Team,
    caseId: string,
    lock: ReplyLock,
    now: string,
    takeOver: boolean
  ): Promise<{ taken: true; from: ReplyLock | null } | { taken: false; heldBy: ReplyLock }>;
  /** Frees the lock when `userId` holds it. */
  releaseReplyLock(team: Team, caseId: string, userId: string): Promise<void>;
}

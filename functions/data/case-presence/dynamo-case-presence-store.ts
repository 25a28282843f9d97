import type { ReplyLock, Viewer } from '../../domain/presence';
import type { Team } from '../../domain/team';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { CasePresenceStore } from './case-presence-store';

const ttlOf = (at: Date) => Math.floor(at.getTime() / 1000) + 3600;

export class DynamoCasePresenceStore implements CasePresenceStore {
  constructor(private readonly table: SingleTable) {}

  async markViewer(team: Team, caseId: string, viewer: Viewer, expiresAt: Date): Promise<void> {
    await this.table.put({
      ...keys.caseViewer(team, caseId, viewer.userId),
      entity: 'case-viewer',
      caseId,
      ...viewer,
      ttl: ttlOf(expiresAt),
    });
  }

  async teamViewers(team: Team): Promise<(Viewer & { caseId: string })[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'entity = :e',
      ExpressionAttributeValues: { ':p': keys.presencePartition(team), ':e': 'case-viewer' },
    });
    return items.map((i) => strip<Viewer & { caseId: string }>(i));
  }

  async caseViewers(team: Team, caseId: string): Promise<(Viewer & { caseId: string })[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.presencePartition(team), ':s': keys.caseViewerPrefix(caseId) },
    });
    return items.map((i) => strip<Viewer & { caseId: string }>(i));
  }

  async replyLock(team: Team, caseId: string): Promise<ReplyLock | null> {
    const item = await this.table.get(keys.replyLock(team, caseId));
    return item ? strip<ReplyLock>(item) : null;
  }

  async takeReplyLock(
    team: Team,
    caseId: string,
    lock: ReplyLock,
    now: string,
    takeOver: boolean
  ): Promise<{ taken: true; from: ReplyLock | null } | { taken: false; heldBy: ReplyLock }> {
    const before = await this.replyLock(team, caseId);
    const item = {
      ...keys.replyLock(team, caseId),
      entity: 'reply-lock',
      ...lock,
      ttl: ttlOf(new Date(lock.until)),
    };
    // Free, ours, or run out; a take-over takes it whoever holds it.
    const taken = await this.table.putIf(
      item,
      takeOver
        ? { ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(pk)' }
        : {
            ConditionExpression: 'attribute_not_exists(pk) OR userId = :me OR #until < :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':me': lock.userId, ':now': now },
          }
    );
    if (taken) return { taken: true, from: before && before.userId !== lock.userId ? before : null };
    const holder = await this.replyLock(team, caseId);
    return holder ? { taken: false, heldBy: holder } : this.takeReplyLock(team, caseId, lock, now, takeOver);
  }

  async releaseReplyLock(team: Team, caseId: string, userId: string): Promise<void> {
    await this.table.deleteIf(keys.replyLock(team, caseId), {
      ConditionExpression: 'userId = :me',
      ExpressionAttributeValues: { ':me': userId },
    });
  }
}

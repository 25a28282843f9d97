import type { SingleTable } from '../single-table';
import { keys } from '../table-keys';
import type { IncidentStore } from './incident-store';

export class DynamoIncidentStore implements IncidentStore {
  constructor(private readonly table: SingleTable) {}

  async joinStorm(
    symptom: string,
    caseId: string,
    at: string,
    windowMs: number
  ): Promise<{ leaderCaseId: string; opened: boolean }> {
    const key = keys.storm(symptom);
    const cutoff = new Date(Date.parse(at) - windowMs).toISOString();
    for (;;) {
      const joined = await this.table.tryUpdate({
        Key: key,
        UpdateExpression: 'SET lastReportAt = :at, reports = reports + :one',
        ConditionExpression: 'attribute_exists(pk) AND lastReportAt >= :cutoff',
        ExpressionAttributeValues: { ':at': at, ':one': 1, ':cutoff': cutoff },
        ReturnValues: 'ALL_NEW',
      });
      if (joined) return { leaderCaseId: String(joined.leaderCaseId), opened: false };
      const opened = await this.table.putIf(
        {
          ...key,
          entity: 'storm',
          symptom,
          leaderCaseId: caseId,
          openedAt: at,
          lastReportAt: at,
          reports: 1,
        },
        {
          ConditionExpression: 'attribute_not_exists(pk) OR lastReportAt < :cutoff',
          ExpressionAttributeValues: { ':cutoff': cutoff },
        }
      );
      if (opened) return { leaderCaseId: caseId, opened: true };
      // Someone opened or joined meanwhile: join theirs.
    }
  }

  addIncidentMember(leaderCaseId: string, caseId: string): Promise<void> {
    return this.table.put({
      ...keys.incidentMember(leaderCaseId, caseId),
      entity: 'incident-member',
      caseId,
    });
  }

  async listIncidentMembers(leaderCaseId: string): Promise<string[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: {
        ':pk': keys.incidentPartition(leaderCaseId),
        ':member': keys.incidentMemberPrefix,
      },
      ConsistentRead: true,
    });
    return items.map((i) => String(i.caseId));
  }
}

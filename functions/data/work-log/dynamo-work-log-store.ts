import type { WorkEntry } from '../../domain/billing';
import { type SingleTable, strip } from '../single-table';
import { keys, monthOf } from '../table-keys';
import type { WorkLogStore } from './work-log-store';

export class DynamoWorkLogStore implements WorkLogStore {
  constructor(private readonly table: SingleTable) {}

  async logWork(entry: WorkEntry): Promise<void> {
    const month = monthOf(new Date(entry.performedAt).toISOString());
    await this.table.writeTogether([
      this.table.item.putIfAbsent({
        ...keys.workEntry(entry.customerId, month, entry.performedAt, entry.id),
        entity: 'work-entry',
        ...entry,
      }),
      this.table.item.putIfAbsent({
        ...keys.caseWorkEntry(entry.caseId, entry.performedAt, entry.id),
        entity: 'case-work-entry',
        ...entry,
      }),
    ]);
  }

  async listMonth(customerId: string, month: string): Promise<WorkEntry[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.workMonthPartition(customerId, month) },
    });
    return items.map((i) => strip<WorkEntry>(i));
  }

  async listCase(caseId: string): Promise<WorkEntry[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.caseWorkPartition(caseId) },
    });
    return items.map((i) => strip<WorkEntry>(i));
  }
}

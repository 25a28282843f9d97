import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { OverrideCancel, RosterOverrideStore, StoredRosterOverride } from './roster-override-store';

export class DynamoRosterOverrideStore implements RosterOverrideStore {
  constructor(private readonly table: SingleTable) {}

  async putRosterOverride(override: StoredRosterOverride): Promise<void> {
    // A second override with the same id is an error, not a lost race: it is thrown.
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...keys.rosterOverride(override.to, override.id),
          entity: 'roster-override',
          ...override,
          // Kept a month after it ends, for "who was on call" questions; then DynamoDB drops it.
          ttl: Math.floor(Date.parse(override.to) / 1000) + 30 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      })
    );
  }

  async listRosterOverrides(at: string): Promise<StoredRosterOverride[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: {
        ':pk': keys.rosterPartition,
        ':after': `${keys.rosterOverridePrefix}${at}`,
      },
      // Cancelled overrides are kept (a second cancel says so) but no longer count.
      FilterExpression: 'attribute_not_exists(cancelledAt)',
      ConsistentRead: true,
    });
    return items.map((item) => strip<StoredRosterOverride>(item));
  }

  async cancelRosterOverride(id: string, by: string, at: string): Promise<OverrideCancel> {
    const [item] = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: {
        ':pk': keys.rosterPartition,
        ':prefix': keys.rosterOverridePrefix,
        ':id': id,
      },
      ConsistentRead: true,
    });
    if (!item) return { outcome: 'not-found' };
    const cancelled = await this.table.conditional({
      Key: { pk: keys.rosterPartition, sk: String(item.sk) },
      UpdateExpression: 'SET cancelledAt = :at, cancelledBy = :by',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelledAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    });
    if (cancelled) return { outcome: 'cancelled' };
    const now = await this.table.get({ pk: keys.rosterPartition, sk: String(item.sk) });
    if (!now) return { outcome: 'not-found' };
    return {
      outcome: 'already-cancelled',
      cancelledAt: String(now.cancelledAt),
      cancelledBy: String(now.cancelledBy),
    };
  }
}

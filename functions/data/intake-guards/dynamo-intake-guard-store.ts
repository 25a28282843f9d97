import { caseItems } from '../case-records/case-items';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type { IntakeGuardStore, UnattributedBounce } from './intake-guard-store';

export class DynamoIntakeGuardStore implements IntakeGuardStore {
  constructor(private readonly table: SingleTable) {}

  findCaseIdByInbound(inboundId: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.inbound(inboundId));
  }

  findCaseIdByMessageId(from: string, messageId: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.senderMessageId(from, messageId));
  }

  claimInbound(inboundId: string, caseId: string, at: string): Promise<boolean> {
    return this.table.putIfAbsent(caseItems.inbound(inboundId, caseId, at));
  }

  async markAcknowledgementSent(caseId: string): Promise<void> {
    await this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'REMOVE acknowledgement.pending',
      ConditionExpression: 'attribute_exists(acknowledgement)',
    });
  }

  takeAcknowledgementAllowance(
    sender: string,
    windowStart: string,
    windowMs: number,
    limit: number
  ): Promise<boolean> {
    // One counter per sender and window; TTL removes it a day after the window ends.
    return this.table.conditional({
      Key: keys.acknowledgementRate(sender, windowStart),
      UpdateExpression: 'SET entity = :e, #ttl = if_not_exists(#ttl, :ttl) ADD #n :one',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
      ExpressionAttributeNames: { '#n': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':e': 'ack-rate',
        ':one': 1,
        ':limit': limit,
        ':ttl': Math.floor((Date.parse(windowStart) + windowMs) / 1000) + 24 * 3600,
      },
    });
  }

  async recordUnattributedBounce(bounce: UnattributedBounce): Promise<'recorded' | 'duplicate'> {
    const recorded = await this.table.putIfAbsent({
      ...keys.unattributedBounce(bounce.receivedAt, bounce.sesMessageId),
      entity: 'unattributed-bounce',
      ...bounce,
    });
    return recorded ? 'recorded' : 'duplicate';
  }

  async listUnattributedBounces(limit: number): Promise<UnattributedBounce[]> {
    const items = await this.table.queryUpTo(
      {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.unattributedBouncePartition },
        ScanIndexForward: false,
      },
      limit
    );
    return items.map((i) => strip<UnattributedBounce>(i));
  }
}

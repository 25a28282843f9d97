import { caseItems } from '../case-records/case-items';
import { decodeCursor, encodeCursor, type Page } from '../page';
import { type SingleTable, strip } from '../single-table';
import { keys } from '../table-keys';
import type {
  AcknowledgementAllowance,
  IntakeGuardStore,
  NewCaseLease,
  NewCaseMail,
  UnattributedBounce,
} from './intake-guard-store';

/**
 * Counts one acknowledgement in its window unless the limit is reached: one counter per key and
 * window, which TTL removes a day after the window ends. Also a transaction item (a new case
 * counts its acknowledgement in the transaction that records it).
 */
export function allowanceUpdate({ key, windowStart, windowMs, limit }: AcknowledgementAllowance) {
  return {
    Key: keys.acknowledgementRate(key, windowStart),
    UpdateExpression: 'SET entity = :e, #ttl = if_not_exists(#ttl, :ttl) ADD #n :one',
    ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
    ExpressionAttributeNames: { '#n': 'count', '#ttl': 'ttl' },
    ExpressionAttributeValues: {
      ':e': 'ack-rate',
      ':one': 1,
      ':limit': limit,
      ':ttl': Math.floor((Date.parse(windowStart) + windowMs) / 1000) + 24 * 3600,
    },
  };
}

export class DynamoIntakeGuardStore implements IntakeGuardStore {
  constructor(private readonly table: SingleTable) {}

  findCaseIdByInbound(inboundId: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.inbound(inboundId));
  }

  findCaseIdByMessageId(from: string, messageId: string): Promise<string | undefined> {
    return this.table.caseIdAt(keys.senderMessageId(from, messageId));
  }

  async leaseNewCase(mail: NewCaseMail, holder: string, now: number, until: number): Promise<NewCaseLease> {
    // The lease sits on the guard item the case's transaction writes (which drops it): one key
    // per mail, so a redelivery and a second SMTP delivery of the same message meet there.
    const key = mail.messageId
      ? keys.senderMessageId(mail.from, mail.messageId)
      : keys.inbound(mail.inboundId);
    const leased = await this.table.conditional({
      Key: key,
      UpdateExpression: 'SET entity = :e, holder = :h, leaseUntil = :u, #ttl = :ttl',
      ConditionExpression:
        'attribute_not_exists(caseId) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':e': 'intake-lease',
        ':h': holder,
        ':u': until,
        ':now': now,
        // A lease whose mail never became a case (held, refused) goes a week later.
        ':ttl': Math.floor(until / 1000) + 7 * 24 * 3600,
      },
    });
    if (leased) return { kind: 'leased' };
    const item = await this.table.get(key);
    if (typeof item?.caseId === 'string') return { kind: 'handled', caseId: item.caseId };
    return { kind: 'busy', until: Number(item?.leaseUntil ?? now) };
  }

  claimInbound(inboundId: string, caseId: string, at: string): Promise<boolean> {
    return this.table.putIf(caseItems.inbound(inboundId, caseId, at), {
      ConditionExpression: 'attribute_not_exists(caseId)',
    });
  }

  async markAcknowledgementSent(caseId: string): Promise<void> {
    await this.table.conditional({
      Key: keys.case(caseId),
      UpdateExpression: 'REMOVE acknowledgement.pending',
      ConditionExpression: 'attribute_exists(acknowledgement)',
    });
  }

  takeAcknowledgementAllowance(allowance: AcknowledgementAllowance): Promise<boolean> {
    return this.table.conditional(allowanceUpdate(allowance));
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
    return (await this.pageUnattributedBounces(limit)).items;
  }

  async pageUnattributedBounces(limit: number, cursor?: string): Promise<Page<UnattributedBounce>> {
    const before = cursor ? decodeCursor(cursor, ['before'] as const).before : undefined;
    const items = await this.table.queryUpTo(
      {
        KeyConditionExpression: `pk = :p${before ? ' AND sk < :before' : ''}`,
        ExpressionAttributeValues: {
          ':p': keys.unattributedBouncePartition,
          ...(before ? { ':before': before } : {}),
        },
        ScanIndexForward: false,
      },
      limit
    );
    const last = items.at(-1);
    return {
      items: items.map((i) => strip<UnattributedBounce>(i)),
      cursor: last && items.length === limit ? encodeCursor({ before: String(last.sk) }) : null,
    };
  }

  countUnattributedBounces(): Promise<number> {
    return this.table.count({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.unattributedBouncePartition },
    });
  }
}

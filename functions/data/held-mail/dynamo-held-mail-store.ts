import type { HeldFolder, HeldMail, IntakeFailure } from '../../domain/held-mail';
import { type SingleTable, strip } from '../single-table';
import { indexKeys, keys } from '../table-keys';
import type { HeldMailStore } from './held-mail-store';

/**
 * Held mail and intake failures on the case table:
 * - held mail, listed per folder on gsi1 (newest first); spam carries `ttl` = receipt + 90 days;
 * - intake failure, on gsi1 while open.
 */
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoHeldMailStore implements HeldMailStore {
  constructor(private readonly table: SingleTable) {}

  async hold(mail: HeldMail): Promise<'held' | 'duplicate'> {
    const held = await this.table.putIfAbsent({
      ...keys.heldMail(mail.id),
      entity: 'held-mail',
      gsi1pk: indexKeys.heldFolder(mail.folder),
      gsi1sk: indexKeys.heldSort(mail.receivedAt, mail.id),
      ...(mail.expiresAt ? { ttl: epochSeconds(mail.expiresAt) } : {}),
      ...mail,
    });
    return held ? 'held' : 'duplicate';
  }

  getHeld(id: string): Promise<HeldMail | undefined> {
    return this.table.getRecord<HeldMail>(keys.heldMail(id));
  }

  async listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]> {
    const items = await this.table.queryUpTo(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        // TTL deletes within days, not at the instant: expired items are left out here.
        FilterExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':p': indexKeys.heldFolder(folder),
          ':now': Math.floor(now.getTime() / 1000),
        },
        ScanIndexForward: false,
      },
      limit
    );
    return items.slice(0, limit).map((i) => strip<HeldMail>(i));
  }

  async recordIntakeFailure({
    mail,
    error,
    at,
  }: Pick<IntakeFailure, 'mail' | 'error'> & { at: string }): Promise<void> {
    await this.table.update({
      Key: keys.intakeFailure(mail.sesMessageId),
      UpdateExpression:
        'SET entity = :entity, id = :id, mail = :mail, #error = :error, lastFailedAt = :at, ' +
        'firstFailedAt = if_not_exists(firstFailedAt, :at), attempts = if_not_exists(attempts, :zero) + :one, ' +
        '#status = :failed, gsi1pk = :open, gsi1sk = if_not_exists(gsi1sk, :sk) REMOVE resolvedAt, outcome',
      ExpressionAttributeNames: { '#error': 'error', '#status': 'status' },
      ExpressionAttributeValues: {
        ':entity': 'intake-failure',
        ':id': mail.sesMessageId,
        ':mail': mail,
        ':error': error,
        ':at': at,
        ':zero': 0,
        ':one': 1,
        ':failed': 'failed',
        ':open': indexKeys.openIntakeFailures,
        ':sk': indexKeys.intakeFailureSort(at, mail.sesMessageId),
      },
    });
  }

  resolveIntakeFailure(
    id: string,
    at: string,
    outcome: NonNullable<IntakeFailure['outcome']>
  ): Promise<boolean> {
    return this.table.conditional({
      Key: keys.intakeFailure(id),
      UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, outcome = :outcome REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#status = :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':failed': 'failed',
        ':at': at,
        ':outcome': outcome,
      },
    });
  }

  getIntakeFailure(id: string): Promise<IntakeFailure | undefined> {
    return this.table.getRecord<IntakeFailure>(keys.intakeFailure(id));
  }

  async listIntakeFailures(limit: number): Promise<IntakeFailure[]> {
    const items = await this.table.queryUpTo(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': indexKeys.openIntakeFailures },
      },
      limit
    );
    return items.map((i) => strip<IntakeFailure>(i));
  }
}

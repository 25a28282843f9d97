import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HeldFolder, HeldMail, IntakeFailure } from '../../domain/held-mail';
import type { HeldMailStore } from '../../ports';
import { isConditionFailure, stripAttributes } from './dynamo-helpers';

/**
 * Held mail and intake failures on the case table (key layout in docs/data-model.md):
 * - held mail: `HELD#<sesMessageId>`, listed per folder on gsi1 (`FOLDER#<folder>`, newest first);
 *   spam carries `ttl` = receipt + 90 days;
 * - intake failure: `INTAKEFAIL#<sesMessageId>`, on gsi1 (`INTAKE#FAILED`) while open.
 */
const heldKey = (id: string) => ({ pk: `HELD#${id}`, sk: 'HELD' });
const failureKey = (id: string) => ({ pk: `INTAKEFAIL#${id}`, sk: 'INTAKEFAIL' });
const OPEN_FAILURES = 'INTAKE#FAILED';
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'ttl', 'entity'] as const;
const strip = <T>(item: Record<string, unknown>): T => stripAttributes<T>(item, KEY_ATTRIBUTES);
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoHeldMailStore implements HeldMailStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async hold(mail: HeldMail): Promise<'held' | 'duplicate'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...heldKey(mail.id),
            entity: 'held-mail',
            gsi1pk: `FOLDER#${mail.folder}`,
            gsi1sk: `${mail.receivedAt}#${mail.id}`,
            ...(mail.expiresAt ? { ttl: epochSeconds(mail.expiresAt) } : {}),
            ...mail,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      );
      return 'held';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async getHeld(id: string): Promise<HeldMail | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: heldKey(id), ConsistentRead: true })
    );
    return out.Item ? strip<HeldMail>(out.Item) : undefined;
  }

  async listHeld(folder: HeldFolder, now: Date, limit: number): Promise<HeldMail[]> {
    const held: HeldMail[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          // TTL deletes within days, not at the instant: expired items are left out here.
          FilterExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':p': `FOLDER#${folder}`, ':now': Math.floor(now.getTime() / 1000) },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        })
      );
      held.push(...(out.Items ?? []).map((i) => strip<HeldMail>(i)));
      start = out.LastEvaluatedKey;
    } while (start && held.length < limit);
    return held.slice(0, limit);
  }

  async recordIntakeFailure({
    mail,
    error,
    at,
  }: Pick<IntakeFailure, 'mail' | 'error'> & { at: string }): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: failureKey(mail.sesMessageId),
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
          ':open': OPEN_FAILURES,
          ':sk': `${at}#${mail.sesMessageId}`,
        },
      })
    );
  }

  async resolveIntakeFailure(
    id: string,
    at: string,
    outcome: NonNullable<IntakeFailure['outcome']>
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: failureKey(id),
          UpdateExpression:
            'SET #status = :resolved, resolvedAt = :at, outcome = :outcome REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':resolved': 'resolved',
            ':failed': 'failed',
            ':at': at,
            ':outcome': outcome,
          },
        })
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getIntakeFailure(id: string): Promise<IntakeFailure | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: failureKey(id), ConsistentRead: true })
    );
    return out.Item ? strip<IntakeFailure>(out.Item) : undefined;
  }

  async listIntakeFailures(limit: number): Promise<IntakeFailure[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': OPEN_FAILURES },
        Limit: limit,
      })
    );
    return (out.Items ?? []).map((i) => strip<IntakeFailure>(i));
  }
}

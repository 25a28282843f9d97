import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeClaim, NoticeLedger } from '../../notice-ports';
import { isConditionFailure } from './dynamo-helpers';

/** One item per told event: `NOTICE#<caseId>` / `<event>` (docs/data-model.md). */
const noticeKey = (caseId: string, event: string) => ({ pk: `NOTICE#${caseId}`, sk: event });

export class DynamoNoticeLedger implements NoticeLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async claim(caseId: string, event: string, by: string, at: string): Promise<NoticeClaim> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...noticeKey(caseId, event), by, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: noticeKey(caseId, event), ConsistentRead: true })
      );
      return {
        claimed: false,
        by: String(existing.Item?.by ?? 'another step'),
        at: String(existing.Item?.at ?? at),
      };
    }
  }
}

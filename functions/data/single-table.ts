import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, stripAttributes } from '../adapters/aws/dynamo-helpers';
import { KEY_ATTRIBUTES, type TableKey } from './table-keys';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
type WithoutTable<T> = Omit<T, 'TableName'>;

/**
 * The one DynamoDB table every store of this folder writes to, with the reads and writes they all
 * need written once: get by key, conditional writes that report who won, paged queries.
 */
export class SingleTable {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /**
   * The items at `keys`, in their order, left out where none is (an index lists keys only; this
   * fetches what a listing shows): one BatchGetItem per hundred keys, unprocessed keys retried.
   */
  async getMany(keys: TableKey[], consistent = false): Promise<Record<string, unknown>[]> {
    const found = new Map<string, Record<string, unknown>>();
    const id = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}\n${String(k.sk)}`;
    const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
    await Promise.all(
      chunks(unique, 100).map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk;
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          const out = await this.doc.send(
            new BatchGetCommand({
              RequestItems: { [this.name]: { Keys: pending, ConsistentRead: consistent } },
            })
          );
          for (const item of out.Responses?.[this.name] ?? []) found.set(id(item), item);
          pending = out.UnprocessedKeys?.[this.name]?.Keys ?? [];
        }
      })
    );
    return keys.map((k) => found.get(id(k))).filter((i): i is Record<string, unknown> => i !== undefined);
  }

  /** The item at `key` (consistent unless told otherwise), or undefined. */
  async get(key: TableKey, consistent = true): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: consistent })
    );
    return out.Item;
  }

  /** The record at `key` without its key attributes, or undefined. */
  async getRecord<T>(key: TableKey, consistent = true): Promise<T | undefined> {
    const item = await this.get(key, consistent);
    return item ? strip<T>(item) : undefined;
  }

  /** The case id a lookup item (reference, inbound id, Message-ID, …) points to. */
  async caseIdAt(key: TableKey, consistent = true): Promise<string | undefined> {
    return (await this.get(key, consistent))?.caseId as string | undefined;
  }

  async put(item: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /** Puts the item unless one with its key exists; false when it did (someone else was first). */
  putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    return this.putIf(item, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  /** Puts the item when the condition holds; false when it did not (and nothing was written). */
  putIf(
    item: Record<string, unknown>,
    condition: Pick<
      PutCommandInput,
      'ConditionExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'
    >
  ): Promise<boolean> {
    return this.wins(this.doc.send(new PutCommand({ TableName: this.name, Item: item, ...condition })));
  }

  /** Deletes the item when the condition holds; false when it did not (and nothing was deleted). */
  deleteIf(
    key: TableKey,
    condition: Pick<DeleteCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>
  ): Promise<boolean> {
    return this.wins(this.doc.send(new DeleteCommand({ TableName: this.name, Key: key, ...condition })));
  }

  async delete(key: TableKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.name, Key: key }));
  }

  async update(input: WithoutTable<UpdateCommandInput>): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(new UpdateCommand({ TableName: this.name, ...input }));
    return out.Attributes;
  }

  /** A conditional update; false when its condition failed (and nothing was written). */
  async conditional(input: WithoutTable<UpdateCommandInput>): Promise<boolean> {
    return (await this.tryUpdate(input)) !== null;
  }

  /** A conditional update's returned attributes, or null when its condition failed. */
  async tryUpdate(input: WithoutTable<UpdateCommandInput>): Promise<Record<string, unknown> | null> {
    try {
      const out = await this.doc.send(new UpdateCommand({ TableName: this.name, ...input }));
      return out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /** One transaction; false when one of its conditions failed (and nothing was written). */
  transact(items: TransactItems): Promise<boolean> {
    return this.wins(this.writeTogether(items));
  }

  /**
   * One transaction; null when it was written, else the positions of the items whose condition
   * failed (nothing was written), so a caller can tell which of several guards stopped it.
   */
  async transactOrFailed(items: TransactItems): Promise<number[] | null> {
    try {
      await this.writeTogether(items);
      return null;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
    }
  }

  /** One transaction; a failed condition is an error, not a lost race. */
  async writeTogether(items: TransactItems): Promise<void> {
    await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /** Every page of a query. */
  queryAll(input: WithoutTable<QueryCommandInput>): Promise<Record<string, unknown>[]> {
    return queryAll(this.doc, { TableName: this.name, ...input });
  }

  /**
   * How many items a query matches (after its filter): `Select: COUNT` returns no items, so on an
   * index that projects keys only it reads index entries of a few dozen bytes each.
   */
  async count(input: WithoutTable<QueryCommandInput>): Promise<number> {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.name, ...input, Select: 'COUNT', ExclusiveStartKey: start })
      );
      total += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return total;
  }

  /** Up to `limit` items of a query, following pages until there are that many. */
  async queryUpTo(input: WithoutTable<QueryCommandInput>, limit: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.name,
          ...input,
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        })
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  /** Transaction parts, with the table filled in. */
  readonly item = {
    put: (item: Record<string, unknown>) => ({ Put: { TableName: this.name, Item: item } }),
    putIfAbsent: (item: Record<string, unknown>) => ({
      Put: { TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    }),
    /** An idempotency guard (`caseId` set once): it may replace an intake lease on the same key. */
    putGuard: (item: Record<string, unknown>) => ({
      Put: { TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(caseId)' },
    }),
    update: (input: WithoutTable<NonNullable<TransactItems[number]['Update']>>) => ({
      Update: { TableName: this.name, ...input },
    }),
    delete: (key: TableKey) => ({ Delete: { TableName: this.name, Key: key } }),
  };

  private async wins(write: Promise<unknown>): Promise<boolean> {
    try {
      await write;
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size)
  );
}

/** An item without its key and bookkeeping attributes: the record the domain knows. */
export const strip = <T>(item: Record<string, unknown>): T => stripAttributes<T>(item, KEY_ATTRIBUTES);

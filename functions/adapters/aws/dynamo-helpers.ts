import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** What the stores on the single table share. */

/** An item without its key and bookkeeping attributes: the record the domain knows. */
export function stripAttributes<T>(item: Record<string, unknown>, attributes: readonly string[]): T {
  const copy: Record<string, unknown> = { ...item };
  for (const key of attributes) delete copy[key];
  return copy as T;
}

/** A conditional write (or a transaction with one) lost its condition: someone else was first. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/** Every page of a query. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A sort-key suffix that keeps entries of the same instant apart and in insertion order. */
let sequence = 0;
export function uniqueSuffix(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${sequence.toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
}

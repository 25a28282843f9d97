import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { UnattributedBounce } from '../../functions/data/intake-guards/intake-guard-store';
import type { Stores } from '../../functions/use-cases/deps';
import { freshTable } from '../support/harness';

let stores: Stores;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  stores = dynamoStores(client, tableName);
});

const HOUR = 3_600_000;
/** Counts one acknowledgement for `key` in the hour from `windowStart`, below `limit`. */
const take = (key: string, windowStart: string, limit: number) =>
  stores.intakeGuards.takeAcknowledgementAllowance({ key, windowStart, windowMs: HOUR, limit });

describe('acknowledgement rate limit on DynamoDB Local', () => {
  it('allows `limit` acknowledgements per sender and window, even when asked all at once', async () => {
    const window = '2026-11-21T09:00:00.000Z';
    const results = await Promise.all(
      Array.from({ length: 12 }, () => take('Robot@Loop.example', window, 5))
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    // The same address in another case counts against the same limit.
    expect(await take('robot@loop.example', window, 5)).toBe(false);
  });

  it('counts each sender and each window on its own', async () => {
    const window = '2026-11-21T10:00:00.000Z';
    expect(await take('a@x.example', window, 1)).toBe(true);
    expect(await take('a@x.example', window, 1)).toBe(false);
    expect(await take('b@x.example', window, 1)).toBe(true);
    expect(await take('a@x.example', '2026-11-21T11:00:00.000Z', 1)).toBe(true);
  });
});

describe('unattributed bounces on DynamoDB Local', () => {
  const bounce = (n: number): UnattributedBounce => ({
    id: `b-${n}`,
    sesMessageId: `ses-${n}`,
    receivedAt: `2026-11-21T09:0${n}:00.000Z`,
    rawKey: `ses-${n}`,
    from: 'mailer-daemon@mx.example',
    subject: 'Undelivered Mail Returned to Sender',
    report: {
      format: 'rfc3464',
      originalMessageId: '<never@elsewhere.example>',
      reportingMta: 'mx.example',
      recipients: [{ recipient: 'x@y.example', action: 'failed', status: '5.1.1', diagnostic: null }],
    },
  });

  it('keeps each once and lists them newest first', async () => {
    expect(await stores.intakeGuards.recordUnattributedBounce(bounce(1))).toBe('recorded');
    expect(await stores.intakeGuards.recordUnattributedBounce(bounce(2))).toBe('recorded');
    expect(await stores.intakeGuards.recordUnattributedBounce(bounce(1))).toBe('duplicate');
    const listed = await stores.intakeGuards.listUnattributedBounces(10);
    expect(listed.map((b) => b.id)).toEqual(['b-2', 'b-1']);
    expect(listed[1]).toEqual(bounce(1));
  });
});

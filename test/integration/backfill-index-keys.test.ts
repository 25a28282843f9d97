import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import { backfillIndexKeys } from '../../functions/data/migrations/backfill-index-keys';
import { SingleTable } from '../../functions/data/single-table';
import { keys, legacyIndexKeys } from '../../functions/data/table-keys';
import type { CaseRecord } from '../../functions/domain/case';
import { freshTable } from '../support/harness';

/**
 * A table written by the layout before day buckets and shards: every case under `CASES`, open
 * Sev-1 cases under `SEV1#OPEN`, held mail under `FOLDER#<folder>`, failures under `INTAKE#FAILED`.
 */
const CASES = 12;
const at = (i: number) => new Date(Date.UTC(2026, 9 + (i % 3), 1 + i, 9, 0, 0)).toISOString();

function legacyCase(i: number): Record<string, unknown> {
  const id = `legacy-${String(i).padStart(2, '0')}`;
  const createdAt = at(i);
  const c = {
    id,
    reference: `CF-${2000 + i}`,
    subject: `Legacy ${i}`,
    status: 'OPEN',
    severity: i % 4 === 0 ? 'SEV1' : 'NON_CRITICAL',
    team: 'L1',
    createdAt,
    receivedAt: createdAt,
    deadlines: { nextDueAt: `2026-12-${String(10 + i).padStart(2, '0')}T00:00:00.000Z` },
    ...(i % 4 === 0 ? { sev1: { attempt: 1, callbackDueAt: createdAt } } : {}),
  } as unknown as CaseRecord;
  return {
    ...keys.case(id),
    entity: 'case',
    gsi1pk: legacyIndexKeys.allCases,
    gsi1sk: `${createdAt}#${id}`,
    gsi3pk: 'QUEUE#L1',
    gsi3sk: `${c.deadlines.nextDueAt}#${id}`,
    ...(c.sev1 ? { gsi2pk: legacyIndexKeys.openSev1, gsi2sk: id } : {}),
    ...c,
  };
}

let client: Awaited<ReturnType<typeof freshTable>>['client'];
let tableName: string;
let table: SingleTable;

beforeAll(async () => {
  ({ client, tableName } = await freshTable());
  table = new SingleTable(client, tableName);
  for (let i = 0; i < CASES; i++) await table.put(legacyCase(i));
  await table.put({
    ...keys.heldMail('held-1'),
    entity: 'held-mail',
    gsi1pk: legacyIndexKeys.heldFolder('spam'),
    gsi1sk: `${at(1)}#held-1`,
    id: 'held-1',
    folder: 'spam',
    receivedAt: at(1),
  });
  await table.put({
    ...keys.intakeFailure('fail-1'),
    entity: 'intake-failure',
    gsi1pk: legacyIndexKeys.openIntakeFailures,
    gsi1sk: `${at(2)}#fail-1`,
    id: 'fail-1',
    status: 'failed',
  });
});

describe('backfill of the index keys (caseflow admin backfill-index-keys)', () => {
  it('moves every item to its bucket or shard, resumes where it stopped, and changes nothing the second time', async () => {
    const stores = dynamoStores(client, tableName, { queueShards: 4 });
    // Before: the listings read the new layout and see none of the old items.
    expect(await stores.cases.listCases(50)).toEqual([]);

    const first = await backfillIndexKeys(table, { queueShards: 4, pageSize: 4, maxPages: 1 });
    expect(first).toMatchObject({ pages: 1, done: false });
    expect(first.scanned).toBeLessThan(CASES + 2);

    const rest = await backfillIndexKeys(table, { queueShards: 4, pageSize: 4 });
    expect(rest.done).toBe(true);
    // Resumed, not restarted: the two runs together scanned each item once.
    expect(rest.scanned).toBe(CASES + 2);
    expect(rest.moved).toBe(CASES + 2);

    const newestFirst = [...Array(CASES).keys()]
      .map((i) => ({ id: `legacy-${String(i).padStart(2, '0')}`, at: at(i) }))
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((c) => c.id);
    expect((await stores.cases.listCases(50)).map((c) => c.id)).toEqual(newestFirst);
    expect((await stores.paging.listOpenSev1Cases()).map((c) => c.id).sort()).toEqual([
      'legacy-00',
      'legacy-04',
      'legacy-08',
    ]);
    const queue = (await stores.slaClocks.listQueue('L1', 50)).map((c) => c.id);
    expect(queue).toEqual([...Array(CASES).keys()].map((i) => `legacy-${String(i).padStart(2, '0')}`));
    expect((await stores.held.listHeld('spam', new Date(at(1)), 10)).map((h) => h.id)).toEqual(['held-1']);
    expect((await stores.held.listIntakeFailures(10)).map((f) => f.id)).toEqual(['fail-1']);

    expect(await backfillIndexKeys(table, { queueShards: 4 })).toMatchObject({ done: true, pages: 0 });
    const again = await backfillIndexKeys(table, { queueShards: 4, restart: true });
    expect(again).toMatchObject({ done: true, moved: 0, scanned: CASES + 2 });
  });

  it('runs from the command line against the table', () => {
    const run = spawnSync(
      process.execPath,
      [
        'bin/caseflow.mjs',
        'admin',
        'backfill-index-keys',
        '--table',
        tableName,
        '--endpoint',
        inject('dynamodbEndpoint'),
        '--region',
        'local',
        '--queue-shards',
        '4',
        '--restart',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
        timeout: 60_000,
      }
    );
    expect(run.stderr).not.toMatch(/caseflow:/);
    expect(run.stdout).toMatch(/^done: \d+ items scanned, 0 moved/);
  }, 90_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../functions/adapters/system-clock';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { CaseRecord, MessageRecord } from '../../functions/domain/case';
import { createApp } from '../../functions/http/app';
import type { Services } from '../../functions/use-cases/deps';
import { LocalIdentityAccounts } from '../../local/identity/local-accounts';
import { freshTable } from '../support/harness';

/** GET /api/cases and /api/queue page through day buckets and queue shards with the cursor they return. */
const COUNT = 11;
let app: ReturnType<typeof createApp>;
let stores: ReturnType<typeof dynamoStores>;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  stores = dynamoStores(client, tableName, { queueShards: 4 });
  for (let i = 0; i < COUNT; i++) {
    const id = `api-${String(i).padStart(2, '0')}`;
    const createdAt = new Date(Date.UTC(2026, 11, 1 + (i % 5), 9, i)).toISOString();
    const due = new Date(Date.UTC(2026, 11, 20, 23 - i, 0)).toISOString();
    await stores.caseTransactions.createCase({
      case: {
        id,
        reference: `CF-${5000 + i}`,
        subject: `API ${i}`,
        status: 'OPEN',
        severity: 'NON_CRITICAL',
        team: 'L2_BILLING',
        requester: { email: `customer${i}@acme.example`, name: null, phone: null },
        customerName: null,
        createdAt,
        receivedAt: createdAt,
        deadlines: { nextDueAt: due },
      } as unknown as CaseRecord,
      message: {
        id: `m-${id}`,
        caseId: id,
        direction: 'INBOUND',
        messageId: null,
        at: createdAt,
      } as unknown as MessageRecord,
      timeline: [],
      inboundId: `ses-${id}`,
      ackClaimedAt: createdAt,
      queue: { team: 'L2_BILLING', sortKey: `${due}#${id}` },
    });
  }
  // Paging is what this tests: every request is an admin's (staff access has its own tests).
  app = createApp({ ...stores, clock: new SystemClock() } as unknown as Services, {
    health: () => true,
    authenticate: async () => ({ kind: 'service', name: 'test', roles: ['admin'] }),
    identity: new LocalIdentityAccounts(stores.staff),
  });
});

const request = (path: string) => app.request(path, { headers: { authorization: 'Bearer test' } });

async function pages(path: string, limit: number): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const res = await request(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cases: { id: string }[]; cursor: string | null };
    out.push(body.cases.map((c) => c.id));
    cursor = body.cursor;
  } while (cursor && out.length < 20);
  return out;
}

describe('list endpoints with cursors', () => {
  it('GET /api/cases: pages join up to the whole list, newest first, as one long page gives it', async () => {
    const whole = (await pages('/api/cases', 200)).flat();
    expect(whole).toHaveLength(COUNT);
    expect(whole).toEqual((await stores.cases.listCases(200)).map((c) => c.id));
    expect((await pages('/api/cases', 3)).flat()).toEqual(whole);
  });

  it('GET /api/queue: pages over four shards come in deadline order', async () => {
    const byDeadline = [...Array(COUNT).keys()].reverse().map((i) => `api-${String(i).padStart(2, '0')}`);
    expect((await pages('/api/queue?team=L2_BILLING', 200)).flat()).toEqual(byDeadline);
    expect((await pages('/api/queue?team=L2_BILLING', 4)).flat()).toEqual(byDeadline);
  });

  it('refuses a cursor it did not give out', async () => {
    expect((await request('/api/cases?cursor=bogus')).status).toBe(400);
    expect((await request('/api/queue?team=L1&cursor=bogus')).status).toBe(400);
  });

  it('names a query parameter the route does not take, instead of ignoring it', async () => {
    const typo = await request('/api/cases?limt=5');
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { error: string }).error).toBe(
      'unknown query parameter "limt"; this route takes limit, cursor, q, status, team, label, severity, assignee, from, to, customer, sender'
    );
    const filter = await request('/api/queue?team=L1&label=urgent');
    expect(filter.status).toBe(400);
    expect(((await filter.json()) as { error: string }).error).toContain('"label"');
    expect((await request('/api/cases/CF-1?x=1')).status).toBe(400);
    expect((await request('/api/queue?team=L1&limit=2')).status).toBe(200);
  });
});

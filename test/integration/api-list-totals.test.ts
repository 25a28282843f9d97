import { beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../functions/adapters/system-clock';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { CaseRecord, MessageRecord } from '../../functions/domain/case';
import type { HeldMail, IntakeFailure } from '../../functions/domain/held-mail';
import type { StaffUser } from '../../functions/domain/staff';
import { createApp } from '../../functions/http/app';
import type { Services } from '../../functions/use-cases/deps';
import { LocalIdentityAccounts } from '../../local/identity/local-accounts';
import { freshTable } from '../support/harness';

/**
 * Every list of the staff API pages with a cursor and says its total: 60 of each (more than the
 * default page of 50), read page by page until the cursor runs out.
 */
const N = 60;
let app: ReturnType<typeof createApp>;
const now = new Date();
const iso = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
const pad = (i: number) => String(i).padStart(2, '0');
const ADMIN = {
  id: 'admin-1',
  email: 'admin@support.example.com',
  displayName: 'Admin',
  roles: ['admin'],
  teams: [],
  folders: ['spam', 'quarantine'],
  enabled: true,
} as unknown as StaffUser;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  const stores = dynamoStores(client, tableName, { queueShards: 4 });
  const seeds: Promise<unknown>[] = [];
  for (let i = 0; i < N; i++) {
    const id = `list-${pad(i)}`;
    const createdAt = iso(i);
    const due = new Date(now.getTime() + (i + 1) * 3_600_000).toISOString();
    // Each case draws its number, as intake does (the all-cases total is the numbers drawn): in
    // order, so the first is CF-1001.
    const number = await stores.cases.nextCaseNumber();
    seeds.push(
      stores.caseTransactions.createCase({
        case: {
          id,
          reference: `CF-${number}`,
          subject: `List ${i}`,
          status: 'OPEN',
          severity: 'NON_CRITICAL',
          team: 'L1',
          requester: { email: `c${i}@acme.example`, name: null, phone: null },
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
        queue: { team: 'L1', sortKey: `${due}#${id}` },
      }),
      stores.intakeGuards.recordUnattributedBounce({
        id: `b-${pad(i)}`,
        sesMessageId: `bounce-${pad(i)}`,
        receivedAt: iso(i),
        rawKey: `raw/bounce-${i}`,
        from: 'mailer-daemon@elsewhere.example',
        subject: 'Undelivered',
        report: { action: 'failed' },
      } as never),
      stores.held.hold({
        id: `held-${pad(i)}`,
        folder: 'spam',
        receivedAt: iso(i),
        from: 'spam@spam.example',
        envelopeFrom: 'spam@spam.example',
        recipients: ['support@support.example.com'],
        subject: 'Win',
        verdicts: {},
        sizeBytes: 100,
        attachmentCount: 0,
        reason: 'spam',
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
        rawKey: `raw/held-${i}`,
      } as unknown as HeldMail),
      stores.held.recordIntakeFailure({
        mail: {
          sesMessageId: `fail-${pad(i)}`,
          rawKey: `raw/fail-${i}`,
          recipients: ['support@support.example.com'],
          source: 'someone@acme.example',
          receivedAt: iso(i),
          verdicts: {},
        } as unknown as IntakeFailure['mail'],
        error: 'broken',
        at: iso(i),
      }),
      stores.staff.createUser({
        ...ADMIN,
        id: `user-${pad(i)}`,
        email: `agent${pad(i)}@support.example.com`,
        displayName: `Agent ${i}`,
        roles: ['agent'],
        teams: ['L1'],
      } as StaffUser),
      stores.templates.saveTemplate({
        id: `t-${pad(i)}`,
        name: `Template ${pad(i)}`,
        text: 'Hello {{customer.name}}',
        owner: 'shared',
        updatedAt: iso(0),
        updatedBy: ADMIN.email,
      }),
      stores.rosterOverrides.putRosterOverride({
        id: `o-${pad(i)}`,
        rotation: 'sev1-primary',
        person: 'oncall@support.example.com',
        from: iso(-60 * i),
        to: iso(-60 * (i + 1)),
        createdAt: iso(0),
        createdBy: ADMIN.email,
      } as never),
      // Half under one case, all by one auditor: the log read by actor, by case, and by day.
      stores.audit.append({
        id: `a-${pad(i)}`,
        at: iso(i),
        actor: 'auditor@support.example.com',
        action: 'case.assign',
        ...(i % 2 === 0 ? { caseId: 'list-00' } : {}),
        source: 'api',
        outcome: 'ok',
      })
    );
    if (seeds.length >= 70) await Promise.all(seeds.splice(0));
  }
  await Promise.all(seeds);
  app = createApp({ ...stores, clock: new SystemClock() } as unknown as Services, {
    health: () => true,
    authenticate: async () => ({ kind: 'staff', user: ADMIN }),
    identity: new LocalIdentityAccounts(stores.staff),
  });
}, 120_000);

const request = (path: string) => app.request(path, { headers: { authorization: 'Bearer test' } });

/** Every page of a list at the default page size: the items' keys, each page's total. */
async function walk(path: string, field: string, key: string) {
  const seen: string[] = [];
  const totals: unknown[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const res = await request(`${path}${cursor ? `${separator}cursor=${cursor}` : ''}`);
    expect(res.status, path).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { cursor: string | null };
    seen.push(...(body[field] as Record<string, string>[]).map((x) => x[key] as string));
    totals.push(body.total);
    cursor = body.cursor;
    pages++;
  } while (cursor && pages < 10);
  return { seen, totals, pages };
}

const LISTS = [
  ['/api/cases', 'cases', 'id', N],
  ['/api/queue?team=L1', 'cases', 'id', N],
  ['/api/bounces', 'bounces', 'sesMessageId', N],
  ['/api/folders/spam', 'mail', 'id', N],
  ['/api/intake/failures', 'failures', 'id', N],
  ['/api/users', 'users', 'id', N],
  ['/api/templates', 'templates', 'id', N],
  ['/api/cases/CF-1001/templates', 'templates', 'id', N],
  ['/api/oncall/overrides', 'overrides', 'id', N],
  // The 60 agents work L1; the admin is not stored.
  ['/api/colleagues?team=L1', 'colleagues', 'id', N],
  ['/api/audit?actor=auditor@support.example.com', 'records', 'id', N],
  ['/api/audit', 'records', 'id', N],
] as const;

describe('lists page past 50 and say their total', () => {
  it.each(LISTS)('%s', async (path, field, key, expected) => {
    const { seen, totals, pages } = await walk(path, field, key);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(totals).toEqual([expected, expected]);
  });

  it.each(LISTS)('%s: an unknown query parameter or a foreign cursor is a 400 naming it', async (path) => {
    const separator = path.includes('?') ? '&' : '?';
    const unknown = await request(`${path}${separator}sort=asc`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toContain('"sort"');
    const bad = await request(`${path}${separator}cursor=bm90LW91cnM`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/cursor/);
  });

  it('the audit log by case counts only the records of that case, also with the actor', async () => {
    for (const path of [
      '/api/audit?case=list-00',
      '/api/audit?case=list-00&actor=auditor@support.example.com',
    ]) {
      const { seen, totals } = await walk(path, 'records', 'id');
      expect(seen).toHaveLength(N / 2);
      expect(totals[0]).toBe(N / 2);
    }
    const other = (await (await request('/api/audit?case=list-00&actor=someone@else.example')).json()) as {
      total: number;
    };
    expect(other.total).toBe(0);
  });

  it('the total of all cases is the case numbers drawn (one read), not a count', async () => {
    const body = (await (await request('/api/cases?limit=1')).json()) as { total: number; cases: unknown[] };
    expect(body.cases).toHaveLength(1);
    expect(body.total).toBe(N);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncEventsPublisher } from '../../functions/adapters/aws/appsync-events-publisher';
import { dynamoStores } from '../../functions/data/dynamo-stores';
import type { StaffUser } from '../../functions/domain/staff';
import { livePublish } from '../../functions/handlers/live-publish';
import { liveSubscribe } from '../../functions/handlers/live-subscribe';
import { silentLog } from '../../local/console-log';
import { caseRecord } from '../support/case-record';
import { freshTable } from '../support/harness';

/**
 * The live channel's two functions on AWS, against DynamoDB Local: the namespace's subscribe
 * check (AppSync hands it the Cognito identity; it refuses what the API would), and the bus
 * target, which publishes to AppSync's HTTP endpoint signed with SigV4 — here a local server that
 * records what it was sent.
 */
let stores: ReturnType<typeof dynamoStores>;
const user = (patch: Partial<StaffUser>): StaffUser => ({
  id: 'sub-agent',
  email: 'agent@support.example.com',
  displayName: 'Agent',
  language: 'en',
  roles: ['agent'],
  teams: ['L1'],
  folders: [],
  enabled: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'test',
  ...patch,
});

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  stores = dynamoStores(client, tableName, { queueShards: 4 });
  await stores.staff.createUser(user({}));
  await stores.staff.createUser(user({ id: 'sub-gone', email: 'gone@support.example.com', enabled: false }));
  await stores.staff.createUser(
    user({ id: 'sub-lead', email: 'lead@support.example.com', roles: ['supervisor'], teams: [] })
  );
});

const subscribing = (sub: string, path: string, tokenUse = 'access') => ({
  identity: { sub, claims: { sub, token_use: tokenUse } },
  info: { channel: { path }, operation: 'SUBSCRIBE' },
});

describe('the subscribe check (AppSync direct Lambda integration)', () => {
  const check = () => liveSubscribe({ staff: stores.staff });

  it("lets an agent have their team's queue and cases, and refuses another team's", async () => {
    expect(await check()(subscribing('sub-agent', '/cases/l1/*'))).toBeNull();
    expect(await check()(subscribing('sub-agent', '/cases/l1/cf-1001'))).toBeNull();
    expect(await check()(subscribing('sub-agent', '/cases/l2-billing/*'))).toEqual({
      error: expect.stringContaining('L2_BILLING is not one of yours'),
    });
    expect(await check()(subscribing('sub-lead', '/cases/l2-billing/*'))).toBeNull();
  });

  it('refuses an ID token, a disabled or unknown user, and a channel that is not ours', async () => {
    expect(await check()(subscribing('sub-agent', '/cases/l1/*', 'id'))).toEqual({
      error: expect.stringContaining('access token'),
    });
    expect(await check()(subscribing('sub-gone', '/cases/l1/*'))).toEqual({
      error: expect.stringContaining('no enabled staff user'),
    });
    expect(await check()(subscribing('sub-nobody', '/cases/l1/*'))).toMatchObject({
      error: expect.any(String),
    });
    expect(await check()({ identity: null, info: { channel: { path: '/cases/l1/*' } } })).toMatchObject({
      error: expect.any(String),
    });
    expect(await check()(subscribing('sub-agent', '/cases/l1/a/b'))).toMatchObject({
      error: expect.any(String),
    });
  });
});

describe('the publisher (EventBridge target)', () => {
  const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"failed":[],"successful":[{"identifier":"x","index":0}]}');
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  });
  afterAll(() => server.close());

  it("publishes a staff action to its case's channel, signed for appsync, naming no one", async () => {
    const c = caseRecord({ id: 'case-live-1', reference: 'CF-4242', team: 'L2_BILLING' });
    // The local server stands for the API's HTTP domain; the signature is made for that host.
    const live = new AppSyncEventsPublisher('api.appsync.example', 'eu-west-1', (_url, init) =>
      fetch(`http://127.0.0.1:${port}/event`, init)
    );
    const publish = livePublish({
      cases: { getCase: async (id) => (id === c.id ? c : undefined) },
      live,
      log: silentLog,
    });
    const result = await publish({
      detail: {
        type: 'staff.acted',
        auditId: 'a1',
        actor: 'agent@support.example.com',
        action: 'case.assign',
        caseId: c.id,
        source: 'console',
        outcome: 'ok',
        at: '2026-12-04T10:00:00.000Z',
      },
    });
    expect(result).toEqual({ channel: '/cases/l2-billing/cf-4242' });
    const [request] = received;
    expect(request?.path).toBe('/event');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/appsync\/aws4_request/
    );
    // Signed for the API's host (fetch then sends the local server's own Host).
    expect(request?.headers.authorization).toMatch(/SignedHeaders=[^,]*\bhost\b/);
    const body = JSON.parse(request?.body ?? '{}') as { channel: string; events: string[] };
    expect(body.channel).toBe('/cases/l2-billing/cf-4242');
    expect(JSON.parse(body.events[0] ?? '{}')).toEqual({
      type: 'staff.acted',
      reference: 'CF-4242',
      team: 'L2_BILLING',
      at: '2026-12-04T10:00:00.000Z',
    });
    expect(request?.body).not.toContain('agent@support.example.com');
  });

  it('publishes nothing for an event about no case, or a refused action', async () => {
    received.length = 0;
    const live = new AppSyncEventsPublisher('api.appsync.example', 'eu-west-1', (_url, init) =>
      fetch(`http://127.0.0.1:${port}/event`, init)
    );
    const publish = livePublish({ cases: { getCase: async () => caseRecord({}) }, live, log: silentLog });
    const refused = {
      type: 'staff.acted',
      auditId: 'a2',
      actor: 'agent@support.example.com',
      action: 'POST /api/cases/CF-1/resolve',
      caseId: 'x',
      source: 'api',
      outcome: 'refused',
      at: '2026-12-04T10:00:00.000Z',
    };
    expect(await publish({ detail: refused })).toEqual({ channel: null });
    expect(await publish({ detail: { type: 'something.else' } })).toEqual({ channel: null });
    expect(received).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIVE_PATH, LIVE_SUBPROTOCOL } from '../../local/live-socket';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { signIn, TEST_ADMIN, TEST_STAFF_PASSWORD } from '../support/staff';

/**
 * The local live channel speaks AppSync Events' WebSocket protocol: a connection is let in only
 * with a valid staff token in its header subprotocol, a subscription only to a team the staff
 * member sees, and a new mail over SMTP reaches the subscribers of its team's queue.
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let agentToken: string;
const AGENT = { email: 'live.agent@support.example.com', displayName: 'Live Agent' };

beforeAll(async () => {
  cf = await startTestCaseflow();
  const created = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ ...AGENT, roles: ['agent'], teams: ['L1'], password: TEST_STAFF_PASSWORD }),
  });
  expect(created.status).toBe(201);
  agentToken = await signIn(cf.httpUrl, AGENT.email, TEST_STAFF_PASSWORD);
}, 120_000);
afterAll(async () => cf?.cleanup());

const headerProtocol = (token: string) =>
  `header-${Buffer.from(JSON.stringify({ host: new URL(cf.httpUrl).host, Authorization: token })).toString('base64url')}`;

/** Opens the live channel; resolves with the socket and the messages it receives, or the HTTP status it was refused with. */
function connect(
  protocols: string[]
): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${cf.httpUrl.replace('http', 'ws')}${LIVE_PATH}`, protocols);
    const messages: Record<string, unknown>[] = [];
    socket.on('message', (raw) => messages.push(JSON.parse(String(raw)) as Record<string, unknown>));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    socket.once('error', reject);
  });
}

async function opened(token: string) {
  const connection = await connect([LIVE_SUBPROTOCOL, headerProtocol(token)]);
  if ('refused' in connection) throw new Error(`refused with ${connection.refused}`);
  connection.socket.send(JSON.stringify({ type: 'connection_init' }));
  await eventually(
    () => connection.messages.some((m) => m.type === 'connection_ack'),
    5_000,
    'connection_ack'
  );
  return connection;
}

const replyTo = (messages: Record<string, unknown>[], id: string) =>
  eventually(() => messages.find((m) => m.id === id && m.type !== 'data'), 5_000, `reply to ${id}`);

describe('the local live channel', () => {
  it('refuses a connection without a token, with a bad one, and without the subprotocol', async () => {
    expect(await connect([LIVE_SUBPROTOCOL])).toEqual({ refused: 401 });
    const forged = `${agentToken.slice(0, -6)}AAAAAA`;
    expect(await connect([LIVE_SUBPROTOCOL, headerProtocol(forged)])).toEqual({ refused: 401 });
    expect(await connect([LIVE_SUBPROTOCOL, headerProtocol('not-a-jwt')])).toEqual({ refused: 401 });
    expect(await connect([headerProtocol(agentToken)])).toEqual({ refused: 400 });
  });

  it('acknowledges the connection and refuses a subscription to a team the agent does not see', async () => {
    const { socket, messages } = await opened(agentToken);
    expect(messages.find((m) => m.type === 'connection_ack')).toMatchObject({ connectionTimeoutMs: 300_000 });
    socket.send(JSON.stringify({ type: 'subscribe', id: 'billing', channel: '/cases/l2-billing/*' }));
    expect(await replyTo(messages, 'billing')).toMatchObject({
      type: 'subscribe_error',
      errors: [{ errorType: 'UnauthorizedException' }],
    });
    socket.send(JSON.stringify({ type: 'subscribe', id: 'nonsense', channel: '/elsewhere/l1/*' }));
    expect(await replyTo(messages, 'nonsense')).toMatchObject({ type: 'subscribe_error' });
    // A client may not publish: AppSync's publish takes IAM only, and here only the runtime publishes.
    socket.send(JSON.stringify({ type: 'publish', id: 'p', channel: '/cases/l1/cf-1', events: ['{}'] }));
    expect(await replyTo(messages, 'p')).toMatchObject({ type: 'publish_error' });
    socket.close();
  });

  it('sends a data message to the team queue subscriber when a new mail opens a case', async () => {
    const { socket, messages } = await opened(agentToken);
    socket.send(JSON.stringify({ type: 'subscribe', id: 'l1', channel: '/cases/l1/*' }));
    expect(await replyTo(messages, 'l1')).toEqual({ type: 'subscribe_success', id: 'l1' });
    // The admin sees every team: their subscription to another team's queue is let in.
    const admin = await opened(await signIn(cf.httpUrl, TEST_ADMIN.email, TEST_ADMIN.password));
    admin.socket.send(JSON.stringify({ type: 'subscribe', id: 'billing', channel: '/cases/l2-billing/*' }));
    expect(await replyTo(admin.messages, 'billing')).toEqual({ type: 'subscribe_success', id: 'billing' });

    const sent = Date.now();
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Live: the portal is slow',
      text: 'Since this morning the portal takes a minute to load.',
    });
    const data = await eventually(
      () => messages.find((m) => m.type === 'data' && m.id === 'l1'),
      5_000,
      'a data message on /cases/l1/*'
    );
    const event = JSON.parse(String(data.event)) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'case.opened', team: 'L1' });
    expect(Date.now() - sent).toBeLessThan(2_000);
    const openedCase = (await cf.services.cases.listCases(50)).find(
      (c) => c.subject === 'Live: the portal is slow'
    );
    expect(event.reference).toBe(openedCase?.reference);
    // The billing queue heard nothing of an L1 case.
    expect(admin.messages.filter((m) => m.type === 'data')).toEqual([]);

    socket.send(JSON.stringify({ type: 'unsubscribe', id: 'l1' }));
    await eventually(
      () => messages.some((m) => m.type === 'unsubscribe_success' && m.id === 'l1'),
      5_000,
      'unsubscribe_success'
    );
    socket.close();
    admin.socket.close();
  });
});

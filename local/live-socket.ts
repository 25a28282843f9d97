import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { type LiveMessage, maySubscribe } from '../functions/domain/live-channels';
import type { Actor } from '../functions/domain/staff';
import type { Authenticate } from '../functions/http/staff-access';
import type { LiveChannels } from '../functions/ports';

/**
 * The console's live channel on the local server: the subset of AppSync Events' WebSocket protocol
 * the console speaks (docs/live-updates.md), on the HTTP server's own port at `/event/realtime`.
 * A connection carries the staff member's access token in its subprotocol header, as AppSync's
 * Cognito mode does, and is let in only when the API's own authenticator accepts it; each
 * subscription is checked against the teams the staff member may see. Publishing is the runtime's
 * (`publish`), never a client's: AppSync's publish takes IAM only.
 */
export const LIVE_PATH = '/event/realtime';
export const LIVE_SUBPROTOCOL = 'aws-appsync-event-ws';
/** What `connection_ack` promises: a `ka` comes at least this often, or the client reconnects. */
export const CONNECTION_TIMEOUT_MS = 300_000;
const KEEP_ALIVE_MS = 60_000;

interface Subscription {
  id: string;
  channel: string;
}

interface Connection {
  socket: WebSocket;
  actor: Actor;
  subscriptions: Map<string, Subscription>;
}

/** `header-<base64url JSON>` in the subprotocol list: AppSync's way to send headers from a browser. */
export function headerFromSubprotocols(protocols: string[]): Record<string, unknown> | undefined {
  const encoded = protocols.find((p) => p.startsWith('header-'))?.slice('header-'.length);
  if (!encoded) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const tokenOf = (authorization: unknown): string | undefined => {
  if (!authorization || typeof authorization !== 'object') return undefined;
  const value = (authorization as Record<string, unknown>).Authorization;
  return typeof value === 'string' && value ? value.replace(/^Bearer /i, '') : undefined;
};

/** Whether a subscription's channel receives what is published to `channel` (a trailing `/*` is a wildcard). */
const matches = (subscribed: string, channel: string): boolean =>
  subscribed.endsWith('/*') ? channel.startsWith(subscribed.slice(0, -1)) : subscribed === channel;

export interface LocalLiveSocket extends LiveChannels {
  close(): Promise<void>;
}

export function startLiveSocket(options: {
  server: Server;
  port: number;
  authenticate: Authenticate;
  log: { warn(message: string, detail?: Record<string, unknown>): void };
}): LocalLiveSocket {
  const hosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`]);
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : false),
  });

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Bad Request'}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${JSON.stringify({ error: reason })}`
    );
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== LIVE_PATH) return refuse(socket, 400, `no WebSocket at ${url.pathname}`);
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase()))
      return refuse(socket, 400, 'this server answers only to its own address (127.0.0.1 or localhost)');
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!protocols.includes(LIVE_SUBPROTOCOL))
      return refuse(socket, 400, `the subprotocol ${LIVE_SUBPROTOCOL} is required`);
    const token = tokenOf(headerFromSubprotocols(protocols));
    if (!token) return refuse(socket, 401, 'not authenticated: no Authorization in the header subprotocol');
    let actor: Actor;
    try {
      actor = await options.authenticate(token);
    } catch (error) {
      return refuse(socket, 401, `not authenticated: ${(error as Error).message}`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, actor));
  };

  const send = (ws: WebSocket, message: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  const accept = (ws: WebSocket, actor: Actor) => {
    const connection: Connection = { socket: ws, actor, subscriptions: new Map() };
    let initialised = false;
    connections.add(connection);
    const keepAlive = setInterval(() => send(ws, { type: 'ka' }), KEEP_ALIVE_MS);
    keepAlive.unref();
    ws.on('close', () => {
      clearInterval(keepAlive);
      connections.delete(connection);
    });
    ws.on('message', (raw) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(String(raw)) as Record<string, unknown>;
      } catch {
        return send(ws, {
          type: 'error',
          errors: [{ errorType: 'BadRequestException', message: 'invalid JSON' }],
        });
      }
      const id = typeof message.id === 'string' ? message.id : undefined;
      switch (message.type) {
        case 'connection_init':
          initialised = true;
          return send(ws, { type: 'connection_ack', connectionTimeoutMs: CONNECTION_TIMEOUT_MS });
        case 'subscribe':
          if (!initialised || !id || typeof message.channel !== 'string')
            return send(
              ws,
              subscribeError(
                id,
                'BadRequestException',
                'subscribe needs connection_init, an id and a channel'
              )
            );
          return void subscribe(connection, id, message.channel, message.authorization).catch(() =>
            send(ws, subscribeError(id, 'InternalFailureException', 'the subscription could not be checked'))
          );
        case 'unsubscribe':
          if (!id || !connection.subscriptions.delete(id))
            return send(ws, {
              type: 'unsubscribe_error',
              id,
              errors: [{ errorType: 'UnknownOperationError', message: 'no such subscription' }],
            });
          return send(ws, { type: 'unsubscribe_success', id });
        case 'publish':
          return send(ws, {
            type: 'publish_error',
            id,
            errors: [
              { errorType: 'UnauthorizedException', message: 'only caseflow publishes on these channels' },
            ],
          });
        default:
          return send(ws, {
            type: 'error',
            errors: [
              { errorType: 'UnsupportedOperation', message: `unknown message type ${String(message.type)}` },
            ],
          });
      }
    });
  };

  const subscribe = async (connection: Connection, id: string, channel: string, authorization: unknown) => {
    // Each subscription carries its own authorization, as on AppSync: checked again (it may have expired).
    const token = tokenOf(authorization);
    let actor = connection.actor;
    if (token) {
      try {
        actor = await options.authenticate(token);
      } catch (error) {
        return send(connection.socket, subscribeError(id, 'UnauthorizedException', (error as Error).message));
      }
    }
    const allowed = maySubscribe(actor, channel);
    if (!allowed.ok)
      return send(connection.socket, subscribeError(id, 'UnauthorizedException', allowed.reason));
    connection.subscriptions.set(id, { id, channel });
    send(connection.socket, { type: 'subscribe_success', id });
  };

  const upgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void onUpgrade(req, socket, head).catch((error) => {
      options.log.warn('live channel upgrade failed', { error: (error as Error).message });
      socket.destroy();
    });
  };
  options.server.on('upgrade', upgradeListener);

  return {
    async publish(channel: string, message: LiveMessage) {
      const event = JSON.stringify(message);
      for (const connection of connections)
        for (const subscription of connection.subscriptions.values())
          if (matches(subscription.channel, channel))
            send(connection.socket, { type: 'data', id: subscription.id, event });
    },
    async close() {
      options.server.off('upgrade', upgradeListener);
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

const subscribeError = (id: string | undefined, errorType: string, message: string) => ({
  type: 'subscribe_error',
  id,
  errors: [{ errorType, message }],
});

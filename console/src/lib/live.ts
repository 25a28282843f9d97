import { useEffect, useRef, useSyncExternalStore } from 'react';
import { accessToken, consoleConfig } from './auth';

// The channel names are the domain's (a small pure module with no imports of its own).
export { caseChannel, queueChannel } from '../../../functions/domain/live-channel-names';

/** What a live channel says: which case changed, and how; the console re-reads it through the API. */
export interface LiveMessage {
  type: string;
  reference: string;
  team: string;
  at: string;
}

/** While the channel is live, screens still re-read this often (a missed message heals by then). */
export const LIVE_POLL_MS = 30_000;
/** Reconnection waits: doubled on each failure up to the last, reset once a connection is acknowledged. */
const RETRY_MS = [1_000, 2_000, 5_000, 15_000, 30_000];
/** A connection that sends no `connection_ack` within this is given up (and retried). */
const ACK_TIMEOUT_MS = 5_000;

type Listener = (message: LiveMessage) => void;

interface Subscription {
  channel: string;
  listeners: Set<Listener>;
  /** The server said subscribe_success on the current connection. */
  active: boolean;
}

/**
 * One WebSocket per tab to AppSync Events (or the local server's stand-in, which speaks the same
 * protocol): `aws-appsync-event-ws` with the access token in the `header-…` subprotocol,
 * `connection_init` → `connection_ack`, `ka` keep-alives, `subscribe`/`data`/`unsubscribe`.
 * Subscriptions are shared by channel and re-made after a reconnect.
 */
class LiveConnection {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly watchers = new Set<() => void>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private connectionTimeoutMs = 300_000;
  private acknowledged = false;
  private nextId = 0;

  /** Whether a channel is live now (its subscription acknowledged on an open connection). */
  isLive(channel: string): boolean {
    return this.acknowledged && !!this.subscriptions.get(channel)?.active;
  }

  watch(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  subscribe(channel: string, listener: Listener): () => void {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = { channel, listeners: new Set(), active: false };
      this.subscriptions.set(channel, subscription);
      if (this.acknowledged) void this.sendSubscribe(subscription);
      else this.connect();
    }
    subscription.listeners.add(listener);
    return () => {
      const current = this.subscriptions.get(channel);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size) return;
      this.subscriptions.delete(channel);
      if (current.active) this.send({ type: 'unsubscribe', id: idOf(channel) });
      this.changed();
    };
  }

  private changed() {
    for (const watcher of this.watchers) watcher();
  }

  private send(message: Record<string, unknown>) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private async authorization(): Promise<{ host: string; Authorization: string } | undefined> {
    const live = consoleConfig()?.live;
    if (!live) return undefined;
    return { host: live.host, Authorization: await accessToken() };
  }

  private async sendSubscribe(subscription: Subscription) {
    const authorization = await this.authorization();
    if (authorization) this.send({ type: 'subscribe', id: idOf(subscription.channel), channel: subscription.channel, authorization });
  }

  private connect() {
    const live = consoleConfig()?.live;
    if (!live || this.socket || this.retryTimer || typeof WebSocket === 'undefined') return;
    const attempt = ++this.nextId;
    void this.authorization().then((authorization) => {
      if (!authorization || attempt !== this.nextId) return;
      const header = base64Url(JSON.stringify(authorization));
      let socket: WebSocket;
      try {
        socket = new WebSocket(live.realtimeUrl, ['aws-appsync-event-ws', `header-${header}`]);
      } catch {
        return this.retry();
      }
      this.socket = socket;
      const ackTimer = setTimeout(() => socket.close(), ACK_TIMEOUT_MS);
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
      socket.onmessage = (frame) => {
        const message = (parseJson(String(frame.data)) ?? { type: "" }) as {
          type: string;
          id?: string;
          event?: string;
          connectionTimeoutMs?: number;
        };
        this.heard();
        if (message.type === 'connection_ack') {
          clearTimeout(ackTimer);
          this.connectionTimeoutMs = message.connectionTimeoutMs ?? this.connectionTimeoutMs;
          this.acknowledged = true;
          this.failures = 0;
          this.heard();
          for (const subscription of this.subscriptions.values()) void this.sendSubscribe(subscription);
        } else if (message.type === 'subscribe_success' || message.type === 'subscribe_error') {
          const subscription = [...this.subscriptions.values()].find((s) => idOf(s.channel) === message.id);
          if (subscription) subscription.active = message.type === 'subscribe_success';
          this.changed();
        } else if (message.type === 'data' && message.event) {
          const subscription = [...this.subscriptions.values()].find((s) => idOf(s.channel) === message.id);
          const event = parseJson(message.event) as LiveMessage | undefined;
          if (event) for (const listener of subscription?.listeners ?? []) listener(event);
        }
      };
      socket.onclose = () => {
        clearTimeout(ackTimer);
        if (this.socket !== socket) return;
        this.socket = undefined;
        this.acknowledged = false;
        for (const subscription of this.subscriptions.values()) subscription.active = false;
        this.changed();
        if (this.subscriptions.size) this.retry();
      };
    }, () => this.retry());
  }

  /** Any message (a `ka` above all) proves the connection; silence past the promised time ends it. */
  private heard() {
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.silenceTimer = setTimeout(() => socket?.close(), this.connectionTimeoutMs);
  }

  private retry() {
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)] ?? 30_000;
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, wait);
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A subscription id is the channel's own (AppSync takes letters, digits and dashes). */
const idOf = (channel: string) => channel.replace(/[^a-z0-9-]/gi, '-');

const base64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const connection = new LiveConnection();

/**
 * Subscribes to live channels while the component is mounted and calls `onMessage` for each
 * message (typically: invalidate the queries it shows). Returns whether every channel is live;
 * while not, the screen keeps polling at its own pace.
 */
export function useLiveChannels(channels: string[], onMessage: (message: LiveMessage) => void): boolean {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const key = channels.join(' ');
  useEffect(() => {
    if (!key) return;
    const stops = key.split(' ').map((channel) => connection.subscribe(channel, (m) => handler.current(m)));
    return () => {
      for (const stop of stops) stop();
    };
  }, [key]);
  return useSyncExternalStore(
    (watcher) => connection.watch(watcher),
    () => !!key && key.split(' ').every((channel) => connection.isLive(channel))
  );
}

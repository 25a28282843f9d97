/**
 * Who is on a case right now (R-BOX-3): staff viewing it, and the one who holds its reply. The
 * console says so every few seconds; a mark older than `PRESENCE_MS` has gone.
 */
export const PRESENCE_MS = 20_000;
/** A reply lock lasts while its holder's console renews it; a closed tab frees it after this. */
export const REPLY_LOCK_MS = 60_000;

export interface Viewer {
  userId: string;
  name: string;
  /** Writing a reply to the customer (not a note). */
  replying: boolean;
  at: string;
}

export interface ReplyLock {
  userId: string;
  name: string;
  since: string;
  until: string;
}

/** Whether a viewer's last sign of life is recent enough to count at `now`. */
export const isLive = (viewer: Pick<Viewer, 'at'>, now: Date): boolean =>
  viewer.at >= new Date(now.getTime() - PRESENCE_MS).toISOString();

/** The viewers who are still there, by name. */
export function liveViewers<V extends Viewer>(marks: V[], now: Date): Viewer[] {
  return marks
    .filter((m) => isLive(m, now))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({ userId: m.userId, name: m.name, replying: m.replying, at: m.at }));
}

/** The lock as it stands at `now`: null once it ran out. */
export const liveLock = (lock: ReplyLock | null, now: Date): ReplyLock | null =>
  lock && lock.until > now.toISOString() ? lock : null;

/** What happened on a case after a draft began, as the sender of that draft should see it. */
export interface CaseChange {
  at: string;
  kind: string;
  from: string;
}

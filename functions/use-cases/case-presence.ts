import type { CaseRecord } from '../domain/case';
import {
  type CaseChange,
  liveLock,
  liveViewers,
  PRESENCE_MS,
  REPLY_LOCK_MS,
  type ReplyLock,
  type Viewer,
} from '../domain/presence';
import type { StaffUser } from '../domain/staff';
import type { Services } from './deps';

type Deps = Pick<Services, 'presence' | 'clock' | 'cases'>;
type NoteDeps = Deps & Pick<Services, 'events'>;

export interface PresenceView {
  viewers: Viewer[];
  replyLock: ReplyLock | null;
  /** The colleague already replying, when this user asked to reply and did not take over. */
  refusedBy?: ReplyLock;
}

/**
 * A staff member's console says it is on a case (every few seconds), and whether they are writing
 * a reply. Writing takes the case's reply lock (R-BOX-3): while a colleague holds it, the answer
 * says who, and only an explicit take-over moves it.
 */
export async function notePresence(
  deps: NoteDeps,
  c: CaseRecord,
  user: StaffUser,
  input: { replying: boolean; takeOver: boolean }
): Promise<PresenceView> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const mark: Viewer = { userId: user.id, name: user.displayName, replying: input.replying, at };
  // Read before this mark is written (the same one read as after): what it changes is then known.
  const [marks, lockBefore] = await Promise.all([
    deps.presence.caseViewers(c.team, c.id),
    deps.presence.replyLock(c.team, c.id),
  ]);
  const before = liveViewers(marks, now);
  await deps.presence.markViewer(c.team, c.id, mark, new Date(now.getTime() + PRESENCE_MS));
  let replyLock = liveLock(lockBefore, now);
  let refusedBy: ReplyLock | undefined;
  if (input.replying) {
    const wanted = lockFor(user, now, replyLock?.userId === user.id ? replyLock.since : at);
    const taken = await deps.presence.takeReplyLock(c.team, c.id, wanted, at, input.takeOver);
    if (taken.taken) replyLock = wanted;
    else refusedBy = taken.heldBy;
  } else if (replyLock?.userId === user.id) {
    // The draft was emptied or sent: the case is free to answer again.
    await deps.presence.releaseReplyLock(c.team, c.id, user.id);
    replyLock = null;
  }
  const viewers = liveViewers([...before.filter((v) => v.userId !== user.id), mark], now);
  // Colleagues' consoles hear of a change at once (the live channel); a heartbeat that changes
  // nothing says nothing.
  const was = before.find((v) => v.userId === user.id);
  const lockBeforeHolder = liveLock(lockBefore, now)?.userId ?? null;
  if (!was || was.replying !== input.replying || lockBeforeHolder !== (replyLock?.userId ?? null))
    await deps.events.publish({ type: 'case.presence.changed', caseId: c.id, at });
  return { viewers, replyLock: refusedBy ?? replyLock, ...(refusedBy ? { refusedBy } : {}) };
}

/** Why a reply may not go out as it is: a colleague is replying, or the case moved on meanwhile. */
export type ReplyRefusal = { kind: 'locked'; heldBy: ReplyLock } | { kind: 'changed'; changes: CaseChange[] };

/**
 * The checks before a staff reply leaves (R-BOX-3): a colleague holding the reply lock refuses it
 * unless this user takes over (the lock moves to them, and the colleague's console says so); a
 * customer message, reply or note that came after the draft began refuses it until the user has
 * seen it ("needs attention").
 */
export async function checkReply(
  deps: Deps,
  c: CaseRecord,
  user: StaffUser,
  input: { draftStartedAt?: string; takeOver: boolean }
): Promise<{ ok: true; tookOverFrom: ReplyLock | null } | { ok: false; refusal: ReplyRefusal }> {
  const now = deps.clock.now();
  const lock = liveLock(await deps.presence.replyLock(c.team, c.id), now);
  if (lock && lock.userId !== user.id && !input.takeOver)
    return { ok: false, refusal: { kind: 'locked', heldBy: lock } };
  if (input.draftStartedAt) {
    const detail = await deps.cases.getCaseDetail(c.id);
    const changes = (detail?.messages ?? [])
      .filter((m) => m.at > (input.draftStartedAt as string) && m.from.toLowerCase() !== user.email)
      .filter((m) => ['customer', 'reply', 'note', 'automated'].includes(m.kind))
      .map((m) => ({ at: m.at, kind: m.kind, from: m.from }));
    if (changes.length) return { ok: false, refusal: { kind: 'changed', changes } };
  }
  let tookOverFrom: ReplyLock | null = null;
  if (lock && lock.userId !== user.id) {
    const at = now.toISOString();
    const taken = await deps.presence.takeReplyLock(c.team, c.id, lockFor(user, now, at), at, true);
    if (taken.taken) tookOverFrom = taken.from;
  }
  return { ok: true, tookOverFrom };
}

/** After the reply went out: the lock is free for the next answer. */
export async function replySent(deps: Deps, c: CaseRecord, user: StaffUser): Promise<void> {
  await deps.presence.releaseReplyLock(c.team, c.id, user.id);
}

/** Who is on each case of a team's queue now. */
export async function queuePresence(deps: Deps, team: CaseRecord['team']): Promise<Map<string, Viewer[]>> {
  const now = deps.clock.now();
  const byCase = new Map<string, (Viewer & { caseId: string })[]>();
  for (const mark of await deps.presence.teamViewers(team))
    byCase.set(mark.caseId, [...(byCase.get(mark.caseId) ?? []), mark]);
  return new Map([...byCase].map(([caseId, marks]) => [caseId, liveViewers(marks, now)]));
}

const lockFor = (user: StaffUser, now: Date, since: string): ReplyLock => ({
  userId: user.id,
  name: user.displayName,
  since,
  until: new Date(now.getTime() + REPLY_LOCK_MS).toISOString(),
});

import type { TeamConfig } from '../config/schema';
import type { QueuePlace, StoredClockView } from '../data/sla-clock/sla-clock-store';
import { type CaseRecord, isActive, type PendingNotice, type TimelineEntry } from '../domain/case';
import { missedEvent } from '../domain/missed-notice';
import type { FirstSlaView } from '../domain/new-case';
import { keepSettledTargets } from '../domain/severity-change';
import {
  type ClockAction,
  decideClock,
  deriveTargets,
  ledgerKey,
  MAX_WAIT_MS,
  type TargetInstance,
} from '../domain/sla';
import {
  customerEscalationNotice,
  handedOverNotice,
  missedNotice,
  warningNotice,
} from '../domain/sla-notices';
import { planFingerprint, policyFor, teamCalendar, wallClock } from '../domain/sla-policy';
import type { Team } from '../domain/team';
import { formatLocal } from '../domain/time-format';
import { AUTO_GENERATED_HEADERS, type Services } from './deps';
import { noticeToCustomer } from './mail-to-customer';
import { oneNoticePerMoment } from './missed-moment';

type Deps = Pick<
  Services,
  'config' | 'clock' | 'cases' | 'slaClocks' | 'mailer' | 'workflows' | 'events' | 'ids' | 'log'
>;

/** The clock's step also claims notices, so that one missed moment makes one notice. */
type StepDeps = Deps & Pick<Services, 'notices'>;

/** The targets of a case on the current config, and where it stands in its queue. */
export function computeSla(deps: Pick<Services, 'config'>, c: CaseRecord) {
  if (!c.sla) return null;
  const policy = policyFor(deps.config, c.sla.terms);
  // Targets met before a severity change keep their verdict (severity-change.ts).
  const targets = keepSettledTargets(deriveTargets(c.sla.facts, policy, wallClock()), c.sla.settled);
  const fingerprint = planFingerprint(deps.config.plans[c.sla.terms.plan]);
  return { policy, targets, fingerprint };
}

const queueFor = (c: CaseRecord, nextDueAt: string | null): QueuePlace =>
  isActive(c.status)
    ? { team: c.team, sortKey: nextDueAt ? `${nextDueAt}#${c.id}` : `~${c.createdAt}#${c.id}` }
    : null;

/**
 * A new case's first SLA view (targets, first deadline, the clock's first wake-up) and its place
 * in its team's queue, from the same `computeSla` the clock uses.
 */
export function firstSlaView(
  deps: Pick<Services, 'config'>,
  c: CaseRecord,
  now: Date
): { view: FirstSlaView | null; queue: QueuePlace } {
  const sla = computeSla(deps, c);
  if (!sla) return { view: null, queue: queueFor(c, c.deadlines.nextDueAt ?? null) };
  const decision = decideClock(sla.targets, {}, now);
  return {
    view: {
      targets: sla.targets,
      fingerprint: sla.fingerprint,
      nextDueAt: decision.nextDueAt,
      wakeAt: decision.wakeAt,
    },
    queue: queueFor(c, decision.nextDueAt),
  };
}

/** The next instant a pending notice is due, after `now`. */
function nextNoticeAt(c: CaseRecord, notices: PendingNotice[], nowIso: string): string | null {
  const pending = notices
    .filter((n) => !c.sla?.ledger[ledgerKey('notice', n.key)] && n.notifyAt > nowIso)
    .map((n) => n.notifyAt);
  return pending.sort()[0] ?? null;
}

const capWait = (wakeAt: string, now: Date) =>
  new Date(Math.min(Date.parse(wakeAt), now.getTime() + MAX_WAIT_MS)).toISOString();

/**
 * The view the clock's next step would store for `c` at `now`, when it would only store it (nothing
 * due, no notice pending, queue place unchanged); else null, and the clock works it out itself.
 * Lets a write that changes the facts (the acknowledgement) carry the view, so the clock's first
 * wake-up can wait instead of re-reading and rewriting the case.
 */
export function quietClockView(
  deps: Pick<Services, 'config'>,
  c: CaseRecord,
  now: Date
): StoredClockView | null {
  const sla = computeSla(deps, c);
  if (!c.sla || !sla || !isActive(c.status) || c.resolutionClosesAt) return null;
  if (sla.fingerprint !== c.sla.planFingerprint) return null;
  const nowIso = now.toISOString();
  if (c.sla.notices.some((n) => !c.sla?.ledger[ledgerKey('notice', n.key)])) return null;
  const decision = decideClock(sla.targets, c.sla.ledger, now);
  if (decision.actions.length || (c.deadlines.nextDueAt ?? null) !== decision.nextDueAt) return null;
  const wake = decision.wakeAt && decision.wakeAt > nowIso ? capWait(decision.wakeAt, now) : null;
  return {
    generation: c.sla.clockGeneration,
    targets: sla.targets,
    nextDueAt: decision.nextDueAt,
    wakeAt: wake,
  };
}

/**
 * After anything changed on a case (a reply, a customer message, a resolution, a new plan):
 * recompute its targets and its queue position, and make sure a clock execution wakes in time.
 * A running execution that would wake later (or not at all) is superseded by the next generation.
 */
export async function refreshCaseClock(deps: Deps, caseId: string, force = false): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  const sla = c && computeSla(deps, c);
  if (!c?.sla || !sla) return;
  const now = deps.clock.now();
  const decision = decideClock(sla.targets, c.sla.ledger, now);
  await deps.slaClocks.saveSlaView(caseId, {
    targets: sla.targets,
    nextDueAt: decision.nextDueAt,
    planFingerprint: sla.fingerprint,
    queue: queueFor(c, decision.nextDueAt),
  });
  if (!isActive(c.status)) return;
  const candidates = [
    decision.actions.length ? now.toISOString() : null,
    decision.wakeAt,
    // A proposed resolution the customer has not answered closes the case then (R-SEV1-5).
    c.resolutionClosesAt ?? null,
    nextNoticeAt(c, c.sla.notices, now.toISOString()) ??
      (c.sla.notices.some((n) => !c.sla?.ledger[ledgerKey('notice', n.key)]) ? now.toISOString() : null),
  ].filter((x): x is string => x !== null);
  const wake = candidates.sort()[0];
  if (!wake) return;
  const current = c.sla.clockWakeAt;
  const alive =
    !force &&
    current !== null &&
    current <= wake &&
    (await deps.workflows.isCaseClockRunning(caseId, c.sla.clockGeneration));
  if (alive) return;
  const generation = await deps.slaClocks.nextClockGeneration(caseId);
  const wakeAt = capWait(wake, now);
  await deps.slaClocks.setClockWake(caseId, generation, wakeAt);
  await deps.workflows.startCaseClock(caseId, generation, wakeAt);
}

export interface ClockStepResult {
  next: 'WAIT' | 'DONE';
  wakeAt: string;
}

/**
 * The confirmation period of a proposed resolution has ended: closing the case is the resolution
 * use-case's to do (resolution.ts), before the clock goes on.
 */
export interface LapsedResolution {
  next: 'CLOSE_UNANSWERED_RESOLUTION';
}

/**
 * The case-clock workflow's step (workflows/case-clock.ts): re-read the case, do what is due —
 * warnings, breaches, tier escalation, notices — exactly once each (the ledger is written with a
 * condition before anything is sent), then say when to wake next. A lapsed resolution proposal is
 * returned first, unless the caller has settled it already (clock-wake.ts).
 */
export function caseClockStep(
  deps: StepDeps,
  caseId: string,
  generation: number
): Promise<ClockStepResult | LapsedResolution>;
export function caseClockStep(
  deps: StepDeps,
  caseId: string,
  generation: number,
  settled: { resolutionSettled: true }
): Promise<ClockStepResult>;
export async function caseClockStep(
  deps: StepDeps,
  caseId: string,
  generation: number,
  settled?: { resolutionSettled: true }
): Promise<ClockStepResult | LapsedResolution> {
  const now = deps.clock.now();
  const done = { next: 'DONE' as const, wakeAt: now.toISOString() };
  const c = await deps.cases.getCase(caseId);
  if (!c?.sla || c.sla.clockGeneration !== generation) return done;
  if (!settled && c.resolutionClosesAt && c.resolutionClosesAt <= now.toISOString())
    return { next: 'CLOSE_UNANSWERED_RESOLUTION' };
  const sla = computeSla(deps, c);
  if (!sla) return done;
  if (!isActive(c.status)) {
    await deps.slaClocks.saveSlaView(caseId, {
      targets: sla.targets,
      nextDueAt: null,
      planFingerprint: sla.fingerprint,
      queue: null,
    });
    await deps.slaClocks.setClockWake(caseId, generation, null);
    return done;
  }
  if (sla.fingerprint !== c.sla.planFingerprint) {
    await deps.cases.appendTimeline(caseId, [
      {
        at: now.toISOString(),
        type: 'sla.recomputed',
        summary: `plan ${c.sla.terms.plan} changed: deadlines recomputed from the case's history; recorded warnings and breaches stand`,
        actor: 'caseflow',
      },
    ]);
  }

  const decision = decideClock(sla.targets, c.sla.ledger, now);
  const notices: PendingNotice[] = [];
  let current = c;
  for (const action of decision.actions) {
    if (!(await deps.slaClocks.recordSlaEvent(caseId, actionKey(action), now.toISOString()))) continue;
    current = await act(deps, current, action, now, notices);
  }
  await deps.slaClocks.addNotices(caseId, notices);
  const allNotices = [...c.sla.notices, ...notices];
  await sendDueNotices(deps, current, allNotices, now, sla.targets);

  // Nothing happened (the usual wake-up, e.g. the first one after intake): skip the re-read and
  // every write that would store what is already stored.
  const quiet =
    decision.actions.length === 0 &&
    allNotices.length === c.sla.notices.length &&
    !allNotices.some((n) => n.notifyAt <= now.toISOString() && !c.sla?.ledger[ledgerKey('notice', n.key)]);
  const after = quiet ? c : ((await deps.cases.getCase(caseId)) ?? current);
  const nextDecision = decideClock(sla.targets, after.sla?.ledger ?? {}, now);
  const unchanged =
    quiet &&
    sla.fingerprint === c.sla.planFingerprint &&
    (c.deadlines.nextDueAt ?? null) === nextDecision.nextDueAt &&
    JSON.stringify(c.sla.targets) === JSON.stringify(sla.targets);
  if (!unchanged) {
    await deps.slaClocks.saveSlaView(caseId, {
      targets: sla.targets,
      nextDueAt: nextDecision.nextDueAt,
      planFingerprint: sla.fingerprint,
      queue: queueFor(after, nextDecision.nextDueAt),
    });
  }
  const wake = [
    nextDecision.wakeAt,
    nextNoticeAt(after, allNotices, now.toISOString()),
    after.resolutionClosesAt ?? null,
  ]
    .filter((x): x is string => x !== null)
    .sort()[0];
  const wakeAt = wake ? capWait(wake, now) : null;
  if (wakeAt !== c.sla.clockWakeAt) await deps.slaClocks.setClockWake(caseId, generation, wakeAt);
  return wakeAt ? { next: 'WAIT', wakeAt } : done;
}

const actionKey = (a: ClockAction) =>
  a.kind === 'breach'
    ? ledgerKey(a.target.id, 'breach')
    : ledgerKey(a.target.id, `warning-${Math.round(a.fraction * 100)}`);

/** When a notice to a team goes out: now for Sev-1, else at the team's next opening (night and weekend quiet). */
function notifyAt(c: CaseRecord, team: Team, deps: Pick<Services, 'config'>, now: Date): string {
  const config = deps.config.teams[team];
  if (c.severity === 'SEV1' || !config) return now.toISOString();
  return teamCalendar(config).nextOpening(now).toISOString();
}

async function act(
  deps: StepDeps,
  c: CaseRecord,
  action: ClockAction,
  now: Date,
  notices: PendingNotice[]
): Promise<CaseRecord> {
  const t = action.target;
  const at = now.toISOString();
  const timeline: TimelineEntry[] = [];
  if (action.kind === 'warning') {
    const pct = Math.round(action.fraction * 100);
    timeline.push({
      at,
      type: 'sla.warning',
      summary: `${pct}% of the ${t.label} time used; due ${formatLocal(new Date(t.dueAt))}`,
      actor: 'caseflow',
      data: { target: t.id, dueAt: t.dueAt, fraction: action.fraction },
    });
    notices.push({
      key: `${t.id}:warning-${pct}`,
      notifyAt: notifyAt(c, c.team, deps, now),
      audience: 'team',
      team: c.team,
      ...warningNotice(c, t, action.fraction),
    });
    await deps.cases.appendTimeline(c.id, timeline);
    return c;
  }

  // Breach: record it, tell management (R-ESC-6), and hand the case to the next tier (R-ESC-2/3).
  timeline.push({
    at,
    type: 'sla.breached',
    summary: `${t.label} target missed: was due ${formatLocal(new Date(t.dueAt))} (${t.explanation})`,
    actor: 'caseflow',
    data: { target: t.id, dueAt: t.dueAt },
  });
  await deps.events.publish({ type: 'sla.breached', caseId: c.id, target: t.kind, dueAt: t.dueAt, at });
  const fromTeam = deps.config.teams[c.team];
  const toTeamName =
    (t.kind === 'response' || t.kind === 'resolution') && fromTeam?.escalatesTo ? fromTeam.escalatesTo : null;
  const toTeam = nextTier(deps, c, t);
  notices.push({
    key: `${t.id}:missed`,
    notifyAt: notifyAt(c, 'MANAGEMENT', deps, now),
    audience: 'management',
    team: 'MANAGEMENT',
    ...missedNotice(c, t, toTeam),
  });
  let updated = c;
  if (fromTeam && toTeam && toTeamName) {
    const reason = `${t.label} target missed (due ${formatLocal(new Date(t.dueAt))})`;
    await deps.cases.escalateTeam(c.id, { at, from: c.team, to: toTeamName, reason });
    timeline.push({
      at,
      type: 'case.escalated',
      summary: `handed from ${fromTeam.name} to ${toTeam.name}: ${reason}`,
      actor: 'caseflow',
      data: { from: c.team, to: toTeamName },
    });
    notices.push({
      key: `${t.id}:handed-over`,
      notifyAt: notifyAt(c, toTeamName, deps, now),
      audience: 'team',
      team: toTeamName,
      ...handedOverNotice(c, t, fromTeam),
    });
    await tellCustomer(deps, c, customerEscalationNotice(c, t, fromTeam, toTeam), at, t.dueAt);
    updated = { ...c, team: toTeamName };
  }
  await deps.cases.appendTimeline(c.id, timeline);
  return updated;
}

/** The tier a missed response or resolution hands the case to (R-ESC-2/3), if any. */
export function nextTier(
  deps: Pick<Services, 'config'>,
  c: CaseRecord,
  t: TargetInstance
): TeamConfig | null {
  const escalatesTo = deps.config.teams[c.team]?.escalatesTo;
  if ((t.kind !== 'response' && t.kind !== 'resolution') || !escalatesTo) return null;
  return deps.config.teams[escalatesTo] ?? null;
}

/** Customer notices go out at once, in the case's thread (R-ESC-3); one per missed moment. */
async function tellCustomer(
  deps: StepDeps,
  c: CaseRecord,
  notice: { subject: string; text: string },
  at: string,
  dueAt: string
): Promise<void> {
  if (!(await deps.notices.claim(c.id, missedEvent('customer', dueAt), 'the case clock', at)).claimed) return;
  const { messageId } = await noticeToCustomer(
    deps,
    c,
    { ...notice, headers: { ...AUTO_GENERATED_HEADERS } },
    at
  );
  await deps.cases.appendTimeline(c.id, [
    {
      at,
      type: 'notice.sent',
      summary: `customer told who has the case now and why`,
      actor: 'caseflow',
      data: { messageId },
    },
  ]);
}

async function sendDueNotices(
  deps: StepDeps,
  c: CaseRecord,
  notices: PendingNotice[],
  now: Date,
  targets: readonly TargetInstance[]
): Promise<void> {
  const nowIso = now.toISOString();
  for (const pending of notices) {
    if (pending.notifyAt > nowIso) continue;
    if (!(await deps.slaClocks.recordSlaEvent(c.id, ledgerKey('notice', pending.key), nowIso))) continue;
    const notice = await oneNoticePerMoment(deps, c, pending, notices, now, targets);
    if (!notice) continue;
    const to =
      notice.audience === 'management'
        ? deps.config.oncall.management
        : [deps.config.teams[notice.team]?.email].filter((x): x is string => !!x);
    if (!to.length) continue;
    const from = deps.config.supportAddresses[0]?.address ?? `caseflow@${deps.config.domain}`;
    await deps.mailer.send({
      from: { address: from, name: 'caseflow SLA' },
      to,
      subject: notice.subject,
      text: notice.text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    await deps.cases.appendTimeline(c.id, [
      {
        at: nowIso,
        type: 'notice.sent',
        summary: `${notice.audience === 'management' ? 'management' : (deps.config.teams[notice.team]?.name ?? notice.team)} told: ${notice.subject}`,
        actor: 'caseflow',
      },
    ]);
  }
}

/** Timeline lines for targets that started, stopped, paused or resumed between two derivations. */
export function targetTransitions(
  before: TargetInstance[],
  after: TargetInstance[],
  at: string
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const old = new Map(before.map((t) => [t.id, t]));
  for (const t of after) {
    const prev = old.get(t.id);
    if (!prev && !t.stoppedAt) {
      entries.push({
        at,
        type: 'sla.started',
        summary: `${t.label} due ${formatLocal(new Date(t.dueAt))}: ${t.explanation}`,
        actor: 'caseflow',
        data: { target: t.id, dueAt: t.dueAt },
      });
      continue;
    }
    if (!prev) continue;
    if (!prev.stoppedAt && t.stoppedAt) {
      const onTime = t.stoppedAt <= t.dueAt;
      entries.push({
        at,
        type: 'sla.stopped',
        summary: `${t.label} ${onTime ? 'met' : 'given late'} (due ${formatLocal(new Date(t.dueAt))})`,
        actor: 'caseflow',
        data: { target: t.id, met: onTime },
      });
    }
    const wasPaused = prev.pauses.some((p) => p.end === null);
    const isPaused = t.pauses.some((p) => p.end === null);
    if (!wasPaused && isPaused)
      entries.push({
        at,
        type: 'sla.paused',
        summary: `${t.label} paused: waiting on the customer`,
        actor: 'caseflow',
        data: { target: t.id },
      });
    if (wasPaused && !isPaused) {
      entries.push({
        at,
        type: 'sla.resumed',
        summary: `${t.label} resumed on the customer's reply; now due ${formatLocal(new Date(t.dueAt))}`,
        actor: 'caseflow',
        data: { target: t.id, dueAt: t.dueAt },
      });
    }
  }
  return entries;
}

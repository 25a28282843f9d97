import type { ServicePolicy } from '../config/schema';
import type { BusinessCalendar, CalendarExplanation, Interval } from './calendar';
import { formatLocal, formatMinutes } from './time-format';

/**
 * SLA clocks (R-SLA-1…5, R-ESC-1, R-SEV1-4) as a pure function of what happened on a case.
 *
 * A case keeps a short list of facts (received, customer message, agent reply, waiting on the
 * customer, resolved). Every target — acknowledgement, response, resolution, update — and its
 * due time is derived from those facts, the plan's policy and its calendar. Nothing is counted
 * down in place, so a changed plan or calendar recomputes every deadline from the same facts;
 * breaches already recorded stay recorded (docs/sla.md).
 */

export type SlaClass = 'critical' | 'nonCritical';
export type TargetKind = 'acknowledgement' | 'response' | 'resolution' | 'update';

export type SlaFact =
  | { at: string; kind: 'received' }
  | { at: string; kind: 'acknowledged' }
  /** No acknowledgement goes out on purpose (automated mail, rate limit): nothing is owed. */
  | { at: string; kind: 'acknowledgement-withheld' }
  | { at: string; kind: 'customer-message' }
  | {
      at: string;
      kind: 'agent-reply';
      waitingOnCustomer: boolean;
      /**
       * A Sev-1's next update as the customer was told it (R-SEV1-4): promised at `from` (the
       * callback or an update) for `minutes` later. The update target times exactly this.
       */
      nextUpdate?: { from: string; minutes: number; after: 'callback' | 'update' };
    }
  | { at: string; kind: 'resolved' }
  | { at: string; kind: 'reopened' };

/** The terms a case is served under, fixed at intake (the plan itself may change later). */
export interface SlaTerms {
  plan: string;
  class: SlaClass;
  /** False past the monthly guaranteed-time limit, for unverified senders, or for non-mail intake. */
  guaranteed: boolean;
  /** Why not guaranteed, for people. */
  reason?: string;
}

export interface TargetInstance {
  /** Stable id within the case: acknowledgement, response#1, response#2, resolution, update#1 … */
  id: string;
  kind: TargetKind;
  /** For people: "first response", "response to the customer's reply", … */
  label: string;
  /** What starts the clock (received, the oldest unanswered customer message, …). */
  startedAt: string;
  minutes: number;
  /** Minutes of a 24/7 clock (acknowledgement, update cadence) or business minutes of the calendar. */
  clock: 'wall' | 'business';
  dueAt: string;
  /** Warning instants at the plan's fractions of the target's time. */
  warnings: { fraction: number; at: string }[];
  /** When the target was met (or missed late); absent while it runs. */
  stoppedAt?: string;
  /** Waiting on the customer: pauses that moved this target. */
  pauses: { start: string; end: string | null }[];
  /** "received Fri 16:30 after hours → starts Mon 07:00 → +4 business hours → Mon 11:00". */
  explanation: string;
}

export type TargetStatus = 'running' | 'paused' | 'met' | 'missed' | 'breached';

export interface PolicyForCase {
  terms: SlaTerms;
  policy: ServicePolicy;
  calendar: BusinessCalendar;
  /** The plan's acknowledgement target in clock minutes (R-IN-2). */
  acknowledgementMinutes: number;
  warnAt: readonly number[];
}

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/** Execution names carry the case id and generation: a re-arm starts the next generation. */
export const caseClockExecutionName = (caseId: string, generation: number): string =>
  `clock-${caseId}-${generation}`;
/** Step Functions waits are split: no single wait is longer than this (the local runner's timers overflow at ~24.8 days). */
export const MAX_WAIT_MS = 20 * 24 * 3600_000;
const iso = (d: Date) => d.toISOString();
const byTime = (a: SlaFact, b: SlaFact) => a.at.localeCompare(b.at);

/**
 * The one-line explanation of a due time, from the calendar's steps:
 * "received Fri 18 Dec 17:30 after hours → starts Mon 21 Dec 07:00 → +4 business hours → due Mon 21 Dec 11:00".
 */
export function explain(
  startedAt: Date,
  minutes: number,
  clock: 'wall' | 'business',
  explanation: CalendarExplanation,
  timeZone: string,
  startedBy = 'received'
): string {
  const parts = [`${startedBy} ${formatLocal(startedAt, timeZone)}`];
  if (explanation.startedAt.getTime() !== startedAt.getTime()) {
    const note = explanation.steps.find((s) => s.kind === 'start')?.note ?? '';
    // The calendar says why in its own words: "received … <why> → starts …".
    const why = /^received .*? \+\d\d:\d\d (.*?) → starts/.exec(note)?.[1] ?? 'outside service hours';
    parts[0] = `${parts[0]} ${why}`;
    parts.push(`starts ${formatLocal(explanation.startedAt, timeZone)}`);
  }
  parts.push(`+${formatMinutes(minutes, clock)}`);
  const holidays = explanation.steps
    .filter((s) => s.kind === 'holiday')
    .flatMap((s) => [...s.note.matchAll(/public holiday: ((?:[^()]|\([^)]*\))+)\)/g)].map((m) => m[1]));
  if (holidays.length) parts.push(`skipping ${[...new Set(holidays)].join(', ')}`);
  const pauses = explanation.steps.filter((s) => s.kind === 'pause');
  if (pauses.length) parts.push(`paused ${pauses.length}× waiting on the customer`);
  parts.push(`due ${formatLocal(explanation.due, timeZone)}`);
  return parts.join(' → ');
}

/** Waiting-on-customer intervals: from an agent reply that waits until the next customer message. */
export function waitingPeriods(facts: readonly SlaFact[]): { start: string; end: string | null }[] {
  const periods: { start: string; end: string | null }[] = [];
  let open: string | null = null;
  for (const fact of [...facts].sort(byTime)) {
    if (fact.kind === 'agent-reply' && fact.waitingOnCustomer && open === null) open = fact.at;
    else if (fact.kind === 'agent-reply' && !fact.waitingOnCustomer && open !== null) {
      periods.push({ start: open, end: fact.at });
      open = null;
    } else if (
      (fact.kind === 'customer-message' || fact.kind === 'reopened' || fact.kind === 'resolved') &&
      open !== null
    ) {
      periods.push({ start: open, end: fact.at });
      open = null;
    }
  }
  if (open !== null) periods.push({ start: open, end: null });
  return periods;
}

const toIntervals = (pauses: { start: string; end: string | null }[]): Interval[] =>
  pauses.map((p) => ({ start: new Date(p.start), end: p.end ? new Date(p.end) : FAR_FUTURE }));

/**
 * Every target of a case, from its facts. Pure: the same facts, policy and calendar always give
 * the same targets. `wallClock` is the 24/7 calendar used for clock-minute targets.
 */
export function deriveTargets(
  facts: readonly SlaFact[],
  p: PolicyForCase,
  wallClock: BusinessCalendar
): TargetInstance[] {
  const sorted = [...facts].sort(byTime);
  const received = sorted.find((f) => f.kind === 'received');
  if (!received) return [];
  const targets: TargetInstance[] = [];
  const tz = p.policy.calendar.timeZone;

  const make = (
    id: string,
    kind: TargetKind,
    label: string,
    startedAt: string,
    minutes: number,
    clock: 'wall' | 'business',
    pauses: { start: string; end: string | null }[],
    stoppedAt: string | undefined
  ): TargetInstance =>
    computeTarget(p, wallClock, { id, kind, label, startedAt, minutes, clock, pauses, stoppedAt }, tz);

  // Acknowledgement: the automatic reply, in clock minutes (R-IN-2), unless it is withheld on
  // purpose: an auto-reply or a looping sender is owed none, and must not warn or breach.
  const acknowledged = sorted.find((f) => f.kind === 'acknowledged');
  if (!sorted.some((f) => f.kind === 'acknowledgement-withheld'))
    targets.push(
      make(
        'acknowledgement',
        'acknowledgement',
        'automatic acknowledgement',
        received.at,
        p.acknowledgementMinutes,
        'wall',
        [],
        acknowledged?.at
      )
    );
  if (!p.terms.guaranteed) return targets;

  // Response: from the oldest unanswered customer message to the next agent reply (RT's semantics).
  const response = p.policy.response;
  if (response) {
    let unansweredSince: string | null = null;
    let n = 0;
    for (const fact of sorted) {
      if (
        (fact.kind === 'received' || fact.kind === 'customer-message' || fact.kind === 'reopened') &&
        unansweredSince === null
      ) {
        unansweredSince = fact.at;
      } else if (fact.kind === 'agent-reply' && unansweredSince !== null) {
        n++;
        targets.push(
          make(
            `response#${n}`,
            'response',
            n === 1 ? 'first response' : 'response to the customer',
            unansweredSince,
            response.minutes,
            'business',
            [],
            fact.at
          )
        );
        unansweredSince = null;
      } else if (fact.kind === 'resolved') {
        unansweredSince = null;
      }
    }
    if (
      unansweredSince !== null &&
      !sorted.some((f) => f.kind === 'resolved' && f.at >= (unansweredSince as string))
    ) {
      n++;
      targets.push(
        make(
          `response#${n}`,
          'response',
          n === 1 ? 'first response' : 'response to the customer',
          unansweredSince,
          response.minutes,
          'business',
          [],
          undefined
        )
      );
    }
  }

  // Resolution: from receipt, paused while waiting on the customer, met when resolved.
  const waiting = waitingPeriods(sorted);
  if (p.policy.resolution) {
    const resolved = [...sorted].reverse().find((f) => f.kind === 'resolved');
    const reopenedAfter = resolved && sorted.some((f) => f.kind === 'reopened' && f.at > resolved.at);
    targets.push(
      make(
        'resolution',
        'resolution',
        'resolution',
        received.at,
        p.policy.resolution.minutes,
        'business',
        waiting,
        reopenedAfter ? undefined : resolved?.at
      )
    );
  }

  // Update cadence for critical cases (R-SEV1-4): after each agent reply, the next one is due.
  const updateEvery = p.policy.updateEvery;
  if (updateEvery && p.terms.class === 'critical') {
    const replies = sorted.filter((f) => f.kind === 'agent-reply');
    const ended = sorted.find((f) => f.kind === 'resolved');
    replies.forEach((reply, i) => {
      const next = replies[i + 1];
      if (ended && ended.at <= reply.at) return;
      // A Sev-1's promised next update is the one due time both its clocks keep.
      const promised = reply.kind === 'agent-reply' ? reply.nextUpdate : undefined;
      targets.push(
        computeTarget(
          p,
          wallClock,
          {
            id: `update#${i + 1}`,
            kind: 'update',
            label: 'status update to the customer',
            startedAt: promised?.from ?? reply.at,
            minutes: promised?.minutes ?? updateEvery.minutes,
            clock: 'wall',
            pauses: waiting,
            stoppedAt: next?.at ?? ended?.at,
          },
          tz,
          promised?.after === 'callback' ? 'callback confirmed' : 'reply to the customer'
        )
      );
    });
  }
  return targets;
}

/**
 * One target's due time, warnings and explanation. The service (deriveTargets) and the CLI
 * (`caseflow sla due`) both compute through here.
 */
export function computeTarget(
  p: Pick<PolicyForCase, 'calendar' | 'warnAt'>,
  wallClock: BusinessCalendar,
  t: Omit<TargetInstance, 'dueAt' | 'warnings' | 'explanation'>,
  timeZone: string,
  /** What started the target, for the explanation ("received", "callback confirmed", …). */
  startedBy = 'received'
): TargetInstance {
  const calendar = t.clock === 'wall' ? wallClock : p.calendar;
  const start = new Date(t.startedAt);
  const intervals = toIntervals(t.pauses);
  const explanation = calendar.explainAdd(start, t.minutes, intervals);
  const warnings = p.warnAt.map((fraction) => ({
    fraction,
    at: iso(calendar.addBusinessMinutes(start, t.minutes * fraction, intervals)),
  }));
  return {
    id: t.id,
    kind: t.kind,
    label: t.label,
    startedAt: t.startedAt,
    minutes: t.minutes,
    clock: t.clock,
    dueAt: iso(explanation.due),
    warnings,
    ...(t.stoppedAt ? { stoppedAt: t.stoppedAt } : {}),
    pauses: t.pauses,
    explanation: explain(
      start,
      t.minutes,
      t.clock,
      explanation,
      t.clock === 'wall' ? 'Europe/Warsaw' : timeZone,
      startedBy
    ),
  };
}

/** Where a target stands at `now`. */
export function targetStatus(t: TargetInstance, now: Date): TargetStatus {
  if (t.stoppedAt) return t.stoppedAt <= t.dueAt ? 'met' : 'missed';
  if (now.toISOString() >= t.dueAt) return 'breached';
  const openPause = t.pauses.find((p) => p.end === null);
  return openPause ? 'paused' : 'running';
}

/** The ledger of what the clock already did, keyed `<targetId>:<event>`, so nothing happens twice. */
export type SlaLedger = Record<string, string>;

export type ClockAction =
  | { kind: 'warning'; target: TargetInstance; fraction: number; at: string }
  | { kind: 'breach'; target: TargetInstance; at: string };

export interface ClockDecision {
  actions: ClockAction[];
  /** The next instant anything is due (warning or breach), or null when nothing runs. */
  wakeAt: string | null;
  /** The earliest due time among running targets people owe: the case's place in the queue (R-SLA-3). */
  nextDueAt: string | null;
}

export const ledgerKey = (targetId: string, event: string) => `${targetId}:${event}`;

/**
 * What the case clock does at `now`: warnings and breaches that are due and not yet in the
 * ledger, and when to wake next. A target that is already breached gets no late warnings.
 */
export function decideClock(targets: readonly TargetInstance[], ledger: SlaLedger, now: Date): ClockDecision {
  const actions: ClockAction[] = [];
  const nowIso = now.toISOString();
  const upcoming: string[] = [];
  const dues: string[] = [];
  for (const t of targets) {
    if (t.stoppedAt) continue;
    if (t.pauses.some((p) => p.end === null)) continue;
    // The queue orders by what people owe: the automatic acknowledgement is the system's own target.
    if (t.kind !== 'acknowledgement') dues.push(t.dueAt);
    if (t.dueAt <= nowIso) {
      if (!ledger[ledgerKey(t.id, 'breach')]) actions.push({ kind: 'breach', target: t, at: t.dueAt });
      continue;
    }
    upcoming.push(t.dueAt);
    for (const w of t.warnings) {
      const key = ledgerKey(t.id, `warning-${Math.round(w.fraction * 100)}`);
      if (w.at <= nowIso) {
        if (!ledger[key]) actions.push({ kind: 'warning', target: t, fraction: w.fraction, at: w.at });
      } else upcoming.push(w.at);
    }
  }
  upcoming.sort();
  dues.sort();
  return { actions, wakeAt: upcoming[0] ?? null, nextDueAt: dues[0] ?? null };
}

import type { CaseRecord, Sev1State } from './case';
import { addMinutes, isActive } from './case';

/** A step of the escalation chain as the workflow sees it: paged at receipt + afterMinutes. */
export interface EscalationLevel {
  name: string;
  afterMinutes: number;
}

export type Sev1Next = 'AWAIT_ACK' | 'AWAIT_CALLBACK' | 'AWAIT_UPDATE' | 'BREACH' | 'CONTINUE' | 'DONE';

/** When a customer update is late (R-SEV1-4): the owner is paged at once, the next level after this. */
export interface UpdateCadence {
  escalateAfterMinutes: number;
}

/** A page a late update calls for: under its own slot, so it goes out once. */
export interface LateUpdatePage {
  slot: string;
  /** Which update is late (1 = the first after the callback). */
  update: number;
  to: 'owner' | 'next-level';
  dueAt: string;
}

export interface Sev1Decision {
  next: Sev1Next;
  /** How long the next wait may last before the workflow comes back to decide again (≥ 1). */
  timeoutSeconds: number;
  /** Levels whose page is due now and not yet sent. */
  dueLevels: number[];
  /** Late-update pages due now and not yet reserved. */
  lateUpdatePages?: LateUpdatePage[];
  why: string;
}

/** Execution names carry the case id and attempt, so a duplicate start is refused by Step Functions itself. */
export const sev1ExecutionName = (caseId: string, attempt: number): string => `sev1-${caseId}-${attempt}`;

/** With nothing due, a waiting workflow still wakes once a day to re-check the case. */
export const IDLE_WAKE_SECONDS = 24 * 60 * 60;

export function newSev1State(receivedAt: string, callbackMinutes: number): Sev1State {
  return { receivedAt, callbackDueAt: addMinutes(receivedAt, callbackMinutes), attempt: 1, pages: {} };
}

export function levelDueAt(sev1: Sev1State, level: EscalationLevel): string {
  return addMinutes(sev1.receivedAt, level.afterMinutes);
}

function secondsUntil(targets: number[], now: number): number {
  const future = targets.filter((t) => t > now);
  if (future.length === 0) return IDLE_WAKE_SECONDS;
  return Math.max(1, Math.ceil((Math.min(...future) - now) / 1000));
}

/**
 * What the Sev-1 callback workflow does next (R-SEV1-2): page level by level until someone
 * acknowledges, then wait for "customer called back"; at the callback deadline without a
 * callback, record the breach once. Pure: the case and the instant are passed in.
 */
export function decideSev1(
  c: CaseRecord,
  levels: readonly EscalationLevel[],
  now: Date,
  cadence: UpdateCadence = { escalateAfterMinutes: 15 }
): Sev1Decision {
  const sev1 = c.sev1;
  const at = now.getTime();
  if (!sev1 || !isActive(c.status))
    return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'case not open' };
  if (sev1.stoppedAt)
    return {
      next: 'DONE',
      timeoutSeconds: 1,
      dueLevels: [],
      why: `no longer Sev-1 (lowered by ${sev1.stoppedBy})`,
    };
  if (sev1.calledBackAt) return decideUpdates(sev1, cadence, at);

  const dueAt = Date.parse(sev1.callbackDueAt);
  if (!sev1.breachedAt && at >= dueAt) {
    return {
      next: 'BREACH',
      timeoutSeconds: 1,
      dueLevels: [],
      why: 'callback deadline passed without a callback',
    };
  }
  const deadline = sev1.breachedAt ? [] : [dueAt];

  if (sev1.acknowledgedAt) {
    return {
      next: 'AWAIT_CALLBACK',
      timeoutSeconds: secondsUntil(deadline, at),
      dueLevels: [],
      why: `acknowledged by ${sev1.acknowledgedBy}; waiting for the callback`,
    };
  }
  const dueLevels: number[] = [];
  const upcoming: number[] = [...deadline];
  levels.forEach((level, index) => {
    if (sev1.pages[String(index)]) return;
    const levelAt = Date.parse(levelDueAt(sev1, level));
    if (levelAt <= at) dueLevels.push(index);
    else upcoming.push(levelAt);
  });
  return {
    next: 'AWAIT_ACK',
    timeoutSeconds: secondsUntil(upcoming, at),
    dueLevels,
    why: dueLevels.length
      ? `paging ${dueLevels.map((i) => levels[i]?.name).join(', ')}`
      : 'waiting for an acknowledgement',
  };
}

/** The pages the awaited update calls for once it is late: the owner at the due time, then the next level. */
export function lateUpdatePages(sev1: Sev1State, cadence: UpdateCadence): LateUpdatePage[] {
  if (!sev1.nextUpdateDueAt) return [];
  const update = (sev1.updates?.length ?? 0) + 1;
  return [
    { slot: `late-update-${update}`, update, to: 'owner', dueAt: sev1.nextUpdateDueAt },
    {
      slot: `late-update-${update}-next`,
      update,
      to: 'next-level',
      dueAt: addMinutes(sev1.nextUpdateDueAt, cadence.escalateAfterMinutes),
    },
  ];
}

/** After the callback: wait for each customer update; page when one is late (R-SEV1-4). */
function decideUpdates(sev1: Sev1State, cadence: UpdateCadence, at: number): Sev1Decision {
  if (!sev1.nextUpdateDueAt)
    return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'customer called back; no update cadence' };
  const pages = lateUpdatePages(sev1, cadence).filter((p) => !sev1.pages[p.slot]);
  const due = pages.filter((p) => Date.parse(p.dueAt) <= at);
  return {
    next: 'AWAIT_UPDATE',
    timeoutSeconds: secondsUntil(
      pages.map((p) => Date.parse(p.dueAt)),
      at
    ),
    dueLevels: [],
    lateUpdatePages: due,
    why: due.length
      ? `update ${due[0]?.update} was due at ${sev1.nextUpdateDueAt}: paging ${due.map((p) => p.to).join(' and ')}`
      : `waiting for update ${(sev1.updates?.length ?? 0) + 1}, due at ${sev1.nextUpdateDueAt}`,
  };
}

/**
 * When the next customer update is due: the time promised (`inMinutes`), never later than the
 * plan's agreed interval (the agreement is a promise to the customer; an engineer may promise sooner).
 */
export function nextUpdateDue(at: string, intervalMinutes: number, inMinutes?: number): string {
  const minutes = inMinutes && inMinutes > 0 ? Math.min(inMinutes, intervalMinutes) : intervalMinutes;
  return addMinutes(at, minutes);
}

/**
 * Step Functions keeps at most 25,000 events per execution; each Decide → wait loop costs about
 * 15. Past `limit` loops the workflow hands over to a fresh execution (continue-as-new) instead of
 * waiting again, so an incident of any length keeps its timers.
 */
export function continueWhenLong(decision: Sev1Decision, loops: number, limit: number): Sev1Decision {
  if (loops < limit || !decision.next.startsWith('AWAIT_')) return decision;
  return {
    ...decision,
    next: 'CONTINUE',
    timeoutSeconds: 1,
    why: `${loops} loops in this execution: continuing in a new one`,
  };
}

import type { CaseRecord, Sev1State } from './case';
import { addMinutes, isActive } from './case';

/** A step of the escalation chain as the workflow sees it: paged at receipt + afterMinutes. */
export interface EscalationLevel {
  name: string;
  afterMinutes: number;
}

export type Sev1Next = 'AWAIT_ACK' | 'AWAIT_CALLBACK' | 'BREACH' | 'DONE';

export interface Sev1Decision {
  next: Sev1Next;
  /** How long the next wait may last before the workflow comes back to decide again (≥ 1). */
  timeoutSeconds: number;
  /** Levels whose page is due now and not yet sent. */
  dueLevels: number[];
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
export function decideSev1(c: CaseRecord, levels: readonly EscalationLevel[], now: Date): Sev1Decision {
  const sev1 = c.sev1;
  const at = now.getTime();
  if (!sev1 || !isActive(c.status))
    return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'case not open' };
  if (sev1.calledBackAt)
    return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'customer called back' };

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

import { onCallAt, type RosterOverride, type Rotation } from './roster';
import type { EscalationLevel } from './sev1';

/**
 * Escalation policies (issue 5, part 2): ordered levels, each naming a person, a rotation or a team,
 * with its own acknowledgement timeout; the whole list repeated `repeat` more times; then a final
 * management level. The policy is expanded into steps with an offset from receipt, so the Sev-1
 * workflow keeps one rule: "step i is due at receivedAt + afterMinutes unless someone acknowledged".
 * Who a step pages is resolved when it is due, from the roster at that instant.
 */

export type EscalationTarget =
  | { person: string }
  | { rotation: string }
  | { team: string }
  | { email: string }
  | { management: true };

export interface PolicyLevel {
  name: string;
  target: EscalationTarget;
  /** How long this level has to acknowledge before the next level is paged. */
  ackTimeoutMinutes: number;
}

export interface EscalationPolicy {
  levels: PolicyLevel[];
  /** How many more times the whole list is paged after the first round (0 = once). */
  repeat: number;
  /** Page management as the final level after the last round. */
  finalManagement: boolean;
}

export interface EscalationStep extends EscalationLevel {
  target: EscalationTarget;
  /** 1 for the first pass through the levels, 2 for the first repeat, … */
  round: number;
}

export interface Person {
  name: string;
  email: string;
  sms?: string;
}

export interface Roster {
  people: Record<string, Person>;
  rotations: Rotation[];
  overrides: RosterOverride[];
  teams: Record<string, { email: string; name: string }>;
  management: string[];
}

export type Resolved = { email: string; who: string; via: string } | { nobody: true; why: string };

/** The policy as steps with offsets from receipt: level i of round r at the sum of the timeouts before it. */
export function expandPolicy(policy: EscalationPolicy): EscalationStep[] {
  const steps: EscalationStep[] = [];
  let at = 0;
  for (let round = 1; round <= policy.repeat + 1; round++) {
    for (const level of policy.levels) {
      steps.push({
        name: round === 1 ? level.name : `${level.name} (repeat ${round - 1})`,
        afterMinutes: at,
        target: level.target,
        round,
      });
      at += level.ackTimeoutMinutes;
    }
  }
  if (policy.finalManagement) {
    steps.push({
      name: 'management',
      afterMinutes: at,
      target: { management: true },
      round: policy.repeat + 2,
    });
  }
  return steps;
}

/** The legacy `oncall.escalation` list (name, email, afterMinutes) as steps: it is the default policy. */
export function legacySteps(levels: readonly { name: string; email: string; afterMinutes: number }[]) {
  return levels.map(
    (l): EscalationStep => ({
      name: l.name,
      afterMinutes: l.afterMinutes,
      target: { email: l.email },
      round: 1,
    })
  );
}

export function describeTarget(target: EscalationTarget): string {
  if ('person' in target) return `person ${target.person}`;
  if ('rotation' in target) return `rotation ${target.rotation}`;
  if ('team' in target) return `team ${target.team}`;
  if ('email' in target) return target.email;
  return 'management';
}

/** Who a step pages at an instant. A rotation with nobody on call resolves to `nobody`. */
export function resolveTarget(target: EscalationTarget, roster: Roster, at: Date): Resolved {
  if ('email' in target) return { email: target.email, who: target.email, via: 'address' };
  if ('management' in target) {
    const email = roster.management[0];
    return email
      ? { email, who: 'management', via: 'management' }
      : { nobody: true, why: 'no management address' };
  }
  if ('team' in target) {
    const team = roster.teams[target.team];
    return team
      ? { email: team.email, who: team.name, via: `team ${target.team}` }
      : { nobody: true, why: `unknown team ${target.team}` };
  }
  if ('person' in target) {
    const person = roster.people[target.person];
    return person
      ? { email: person.email, who: person.name, via: `person ${target.person}` }
      : { nobody: true, why: `unknown person ${target.person}` };
  }
  const rotation = roster.rotations.find((r) => r.id === target.rotation);
  if (!rotation) return { nobody: true, why: `unknown rotation ${target.rotation}` };
  const shift = onCallAt(rotation, roster.overrides, at);
  if (!shift) return { nobody: true, why: `nobody is on call in rotation ${rotation.id}` };
  const person = roster.people[shift.person];
  if (!person) return { nobody: true, why: `rotation ${rotation.id} names unknown person ${shift.person}` };
  return {
    email: person.email,
    who: person.name,
    via: `rotation ${rotation.id}${shift.via === 'override' ? ' (override)' : ''}`,
  };
}

import { type EscalationStep, expandPolicy, legacySteps, type Roster } from '../domain/escalation-policy';
import type { Config } from './schema';

/** The Sev-1 escalation steps of a config: its policy, else the legacy `escalation` list. */
export function escalationSteps(config: Config): EscalationStep[] {
  const { policy, escalation } = config.oncall;
  if (policy) return expandPolicy(policy);
  return legacySteps(escalation ?? []);
}

/** The roster a config describes (people, rotations, overrides, team and management addresses). */
export function rosterOf(config: Config): Roster {
  return {
    people: config.oncall.people,
    rotations: config.oncall.rotations,
    overrides: config.oncall.overrides,
    teams: Object.fromEntries(
      Object.entries(config.teams).map(([id, t]) => [id, { email: t.email, name: t.name }])
    ),
    management: config.oncall.management,
  };
}

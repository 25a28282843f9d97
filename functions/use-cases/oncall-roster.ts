import { escalationSteps, rosterOf } from '../config/oncall';
import type { Config } from '../config/schema';
import type { StoredRosterOverride } from '../data/roster-overrides/roster-override-store';
import { describeTarget, type Roster, resolveTarget } from '../domain/escalation-policy';
import { onCallAt, overrideProblem, type RosterOverride } from '../domain/roster';
import type { Services } from './deps';

/**
 * The on-call roster as the pager sees it: rotations from the config file (reviewed, versioned)
 * plus overrides — those in the config file and those made at run time through the API or CLI,
 * which live in DynamoDB, so a swap for tonight needs no deploy and no restart.
 */

type Deps = Pick<Services, 'config' | 'rosterOverrides'>;

export async function currentRoster(deps: Deps, at: Date): Promise<Roster> {
  const fromConfig = rosterOf(deps.config);
  const stored = (await deps.rosterOverrides.listRosterOverrides(at.toISOString())).sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt)
  );
  // Stored overrides come after the file's, oldest first: the latest word on a window wins (onCallAt).
  return { ...fromConfig, overrides: [...fromConfig.overrides, ...stored] };
}

export class RosterError extends Error {}

export async function addRosterOverride(
  deps: Deps & Pick<Services, 'clock' | 'ids' | 'log'>,
  input: RosterOverride & { by: string }
): Promise<StoredRosterOverride> {
  const { by, ...override } = input;
  const normalized: RosterOverride = {
    ...override,
    from: new Date(override.from).toISOString(),
    to: new Date(override.to).toISOString(),
  };
  const problem = overrideProblem(
    override,
    deps.config.oncall.rotations,
    Object.keys(deps.config.oncall.people)
  );
  if (problem) throw new RosterError(problem);
  if (Date.parse(normalized.to) <= deps.clock.now().getTime())
    throw new RosterError('the window has already ended');
  const stored: StoredRosterOverride = {
    ...normalized,
    id: deps.ids.newId(),
    createdAt: deps.clock.now().toISOString(),
    createdBy: by,
  };
  await deps.rosterOverrides.putRosterOverride(stored);
  deps.log.info('roster override added', { id: stored.id, rotation: stored.rotation });
  return stored;
}

export interface OncallView {
  at: string;
  rotations: {
    id: string;
    person: string | null;
    name: string | null;
    via: string | null;
    until: string | null;
  }[];
  steps: { name: string; afterMinutes: number; target: string; pages: string | null; why: string }[];
}

/** Who is on call at an instant: every rotation, and who each escalation step would page. */
export function oncallView(config: Config, roster: Roster, at: Date): OncallView {
  return {
    at: at.toISOString(),
    rotations: roster.rotations.map((r) => {
      const shift = onCallAt(r, roster.overrides, at);
      return {
        id: r.id,
        person: shift?.person ?? null,
        name: shift ? (roster.people[shift.person]?.name ?? null) : null,
        via: shift?.via ?? null,
        until: shift?.until ?? null,
      };
    }),
    steps: escalationSteps(config).map((step) => {
      const resolved = resolveTarget(step.target, roster, at);
      return {
        name: step.name,
        afterMinutes: step.afterMinutes,
        target: describeTarget(step.target),
        pages: 'email' in resolved ? resolved.email : null,
        why:
          'email' in resolved ? `${resolved.who} via ${resolved.via}` : `${resolved.why}: next level at once`,
      };
    }),
  };
}

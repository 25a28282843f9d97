import type { Team } from './team';

/**
 * The names of the console's live channels (functions/domain/live-channels.ts says who may have
 * them), apart so the console can use them without the rest of the domain: one namespace, `cases`,
 * a channel per case under its team, `/cases/<team>/<reference>`.
 */
export const LIVE_NAMESPACE = 'cases';

/** AppSync Events channel segments are letters, digits and dashes: `L2_BILLING` → `l2-billing`. */
export const teamSegment = (team: Team): string => team.toLowerCase().replace(/_/g, '-');

/** A case's own channel (references are `CF-1001`, case-insensitive). */
export const caseChannel = (team: Team, reference: string): string =>
  `/${LIVE_NAMESPACE}/${teamSegment(team)}/${reference.toLowerCase()}`;

/** Every case of a team's queue. */
export const queueChannel = (team: Team): string => `/${LIVE_NAMESPACE}/${teamSegment(team)}/*`;

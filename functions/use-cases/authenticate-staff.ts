import type { StaffStore } from '../data/staff/staff-store';
import type { Actor, StaffUser } from '../domain/staff';
import { type AccessTokenVerifier, InvalidTokenError } from '../ports';

/**
 * How long a user record read for a token is reused. A user disabled by an admin is refused at the
 * latest this long after (docs/access.md promises under 5 minutes).
 */
export const USER_CACHE_MS = 60_000;

/** How long a remembered user still counts while the table cannot be read. */
export const STALE_USER_MS = 15 * 60_000;

export class NotAuthenticatedError extends Error {}
/** The user record could not be read (the database is down): neither yes nor no. */
export class DirectoryUnavailableError extends Error {}

/**
 * The staff member a bearer token proves: a valid access token of an accepted client whose subject
 * is an enabled user. Roles and teams come from the user record, not the token, so a change by an
 * admin takes effect without a new sign-in. `now` is real time: tokens expire in real time.
 */
export function staffAuthenticator(
  deps: { tokens: AccessTokenVerifier; staff: Pick<StaffStore, 'getUser'> },
  now: () => number = Date.now
): StaffAuthenticator {
  const recent = new Map<string, { user: StaffUser | undefined; until: number }>();
  const authenticate = async (token: string): Promise<Actor> => {
    let subject: string;
    try {
      subject = (await deps.tokens.verify(token)).subject;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new NotAuthenticatedError(error.message);
      throw error;
    }
    let cached = recent.get(subject);
    if (!cached || cached.until <= now()) {
      try {
        cached = { user: await deps.staff.getUser(subject), until: now() + USER_CACHE_MS };
      } catch (error) {
        // The table is away: a user known enabled a moment ago still may read what the host
        // holds (the undelivered mail list); an unknown one cannot be told apart from a stranger.
        if (!cached || cached.until + STALE_USER_MS <= now())
          throw new DirectoryUnavailableError((error as Error).message);
      }
      if (recent.size > 10_000) recent.clear();
      recent.set(subject, cached);
    }
    if (!cached.user) throw new NotAuthenticatedError('no staff user for this token');
    if (!cached.user.enabled) throw new NotAuthenticatedError('this user is disabled');
    return { kind: 'staff', user: cached.user };
  };
  // A change made through this process takes effect here at once; other processes within the cache time.
  return Object.assign(authenticate, { forget: (subject: string) => void recent.delete(subject) });
}

export type StaffAuthenticator = ((token: string) => Promise<Actor>) & { forget(subject: string): void };

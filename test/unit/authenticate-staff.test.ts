import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../../functions/domain/staff';
import { type AccessTokenVerifier, InvalidTokenError } from '../../functions/ports';
import {
  DirectoryUnavailableError,
  NotAuthenticatedError,
  STALE_USER_MS,
  staffAuthenticator,
  USER_CACHE_MS,
} from '../../functions/use-cases/authenticate-staff';

const user = (enabled = true): StaffUser => ({
  id: 'u1',
  email: 'ewa@support.example.com',
  displayName: 'Ewa',
  language: 'en',
  roles: ['agent'],
  teams: ['L1'],
  folders: [],
  enabled,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  createdBy: 'admin@support.example.com',
});

/** Tokens are their subject; "bad" is not one. */
const tokens: AccessTokenVerifier = {
  verify: async (token) => {
    if (token === 'bad') throw new InvalidTokenError('token signature is not valid');
    return { subject: token, clientId: 'caseflow-console', groups: [] };
  },
};

function setup() {
  let now = 0;
  let record: StaffUser | undefined = user();
  let down = false;
  let reads = 0;
  const staff = {
    getUser: async () => {
      reads++;
      if (down) throw new Error('connect ECONNREFUSED');
      return record;
    },
  };
  const authenticate = staffAuthenticator({ tokens, staff }, () => now);
  return {
    authenticate,
    at: (ms: number) => {
      now = ms;
    },
    set: (u: StaffUser | undefined) => {
      record = u;
    },
    database: (isDown: boolean) => {
      down = isDown;
    },
    reads: () => reads,
  };
}

describe('staffAuthenticator', () => {
  it('a valid token of an enabled user is that user; a bad token, an unknown or disabled user is not', async () => {
    const s = setup();
    expect(await s.authenticate('u1')).toMatchObject({
      kind: 'staff',
      user: { email: 'ewa@support.example.com' },
    });
    await expect(s.authenticate('bad')).rejects.toThrow(NotAuthenticatedError);
    s.set(undefined);
    await expect(s.authenticate('u2')).rejects.toThrow('no staff user');
  });

  it('a disabled user is refused once the remembered record is older than the cache time, or at once after forget', async () => {
    const s = setup();
    await s.authenticate('u1');
    s.set(user(false));
    s.at(USER_CACHE_MS - 1);
    await expect(s.authenticate('u1')).resolves.toBeTruthy();
    s.at(USER_CACHE_MS);
    await expect(s.authenticate('u1')).rejects.toThrow('disabled');
    s.set(user(true));
    s.at(USER_CACHE_MS + 1);
    await expect(s.authenticate('u1')).rejects.toThrow('disabled');
    s.authenticate.forget('u1');
    await expect(s.authenticate('u1')).resolves.toBeTruthy();
  });

  it('with the table away, a user known a moment ago still counts for a while; a stranger is neither yes nor no', async () => {
    const s = setup();
    await s.authenticate('u1');
    s.database(true);
    s.at(USER_CACHE_MS + 1);
    await expect(s.authenticate('u1')).resolves.toBeTruthy();
    await expect(s.authenticate('u9')).rejects.toThrow(DirectoryUnavailableError);
    s.at(USER_CACHE_MS + STALE_USER_MS);
    await expect(s.authenticate('u1')).rejects.toThrow(DirectoryUnavailableError);
    expect(s.reads()).toBeGreaterThan(2);
  });
});

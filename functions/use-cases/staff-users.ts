import type { Config } from '../config/schema';
import {
  type Actor,
  actorName,
  newStaffUser,
  type Role,
  type StaffUser,
  type StaffUserChange,
  type StaffUserInput,
} from '../domain/staff';
import { type Team, TeamSchema } from '../domain/team';
import type { IdentityAccounts } from '../ports';
import type { Services } from './deps';
import { recordAction } from './record-action';

type Deps = Pick<Services, 'staff' | 'audit' | 'events' | 'clock' | 'ids' | 'log'> & {
  identity: IdentityAccounts;
};

export class StaffUserError extends Error {
  constructor(
    message: string,
    readonly kind: 'exists' | 'not-found' | 'invalid'
  ) {
    super(message);
  }
}

/** Passwords admins set: the same policy as the Cognito user pool's (docs/access.md). */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'a password has at least 12 characters';
  if (
    !/[a-z]/.test(password) ||
    !/[A-Z]/.test(password) ||
    !/\d/.test(password) ||
    !/[^A-Za-z0-9]/.test(password)
  )
    return 'a password has lower- and upper-case letters, a digit and a symbol';
  return null;
}

/** Only admins create users (R-BOX-6); the sign-in is created at the identity provider first. */
export async function createStaffUser(
  deps: Deps,
  actor: Actor,
  input: StaffUserInput,
  password?: string,
  source: 'api' | 'cli' | 'console' | 'system' = 'api'
): Promise<StaffUser> {
  const problem = password === undefined ? null : passwordProblem(password);
  if (problem) throw new StaffUserError(problem, 'invalid');
  if (await deps.staff.findUserByEmail(input.email))
    throw new StaffUserError(`a user with email ${input.email} exists`, 'exists');
  const { subject } = await deps.identity.createAccount(input.email, input.roles, password);
  const user = newStaffUser(subject, input, actorName(actor), deps.clock.now());
  if (!(await deps.staff.createUser(user)))
    throw new StaffUserError(`a user with email ${input.email} exists`, 'exists');
  await recordAction(deps, { actor: actorName(actor), action: 'user.create', target: user.id, source });
  return user;
}

/** Roles, teams, folders, signature, language, name or enabled; disabling ends the user's sessions. */
export async function changeStaffUser(
  deps: Deps,
  actor: Actor,
  id: string,
  change: StaffUserChange,
  source: 'api' | 'cli' | 'console' = 'api'
): Promise<StaffUser> {
  const user = await deps.staff.getUser(id);
  if (!user) throw new StaffUserError(`no user ${id}`, 'not-found');
  if (actor.kind === 'staff' && actor.user.id === id && (change.enabled === false || change.roles))
    throw new StaffUserError('admins do not disable themselves or change their own roles', 'invalid');
  const changed: StaffUser = { ...user, ...change, updatedAt: deps.clock.now().toISOString() };
  if (change.roles && change.roles.join() !== user.roles.join())
    await deps.identity.setRoles(user.id, user.email, change.roles, user.roles);
  if (change.enabled !== undefined && change.enabled !== user.enabled)
    await deps.identity.setEnabled(user.id, user.email, change.enabled);
  await deps.staff.saveUser(changed);
  const what = change.enabled === false ? 'user.disable' : change.enabled ? 'user.enable' : 'user.change';
  await recordAction(deps, {
    actor: actorName(actor),
    action: what,
    target: id,
    source,
    detail: Object.keys(change).join(','),
  });
  return changed;
}

export async function setStaffPassword(
  deps: Deps,
  actor: Actor,
  id: string,
  password: string,
  source: 'api' | 'cli' | 'console' = 'api'
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new StaffUserError(problem, 'invalid');
  const user = await deps.staff.getUser(id);
  if (!user) throw new StaffUserError(`no user ${id}`, 'not-found');
  await deps.identity.setPassword(user.id, user.email, password);
  await recordAction(deps, { actor: actorName(actor), action: 'user.password', target: id, source });
}

const SYSTEM: Actor = { kind: 'service', name: 'setup', roles: ['admin'] };

/**
 * The people the config file names become users once (R-BOX-6: users are data). On-call people
 * and escalation addresses are agents of every team (a page can be for any team's case);
 * management addresses are supervisors. None gets a password: an admin sets one.
 */
export async function importConfigStaff(deps: Deps, config: Config): Promise<StaffUser[]> {
  const everyTeam: Team[] = [...TeamSchema.options];
  const people = new Map<string, { name: string; roles: Role[]; signature?: string }>();
  for (const p of Object.values(config.oncall.people))
    people.set(p.email, { name: p.name, roles: ['agent'], signature: p.signature });
  for (const level of config.oncall.escalation ?? [])
    if (!people.has(level.email)) people.set(level.email, { name: level.email, roles: ['agent'] });
  for (const email of config.oncall.management)
    people.set(email, { name: people.get(email)?.name ?? email, roles: ['supervisor'] });
  // One person's user does not wait for another's (this runs at every local start).
  const created = await Promise.all(
    [...people].map(async ([email, person]) => {
      if (await deps.staff.findUserByEmail(email)) return undefined;
      return createStaffUser(
        deps,
        SYSTEM,
        {
          email,
          displayName: person.name,
          language: 'en',
          roles: person.roles,
          teams: everyTeam,
          folders: [],
          ...(person.signature ? { signature: person.signature } : {}),
        },
        undefined,
        'system'
      );
    })
  );
  return created.filter((user) => user !== undefined);
}

/** The first admin, made once: from the given email and password. Undefined when one exists. */
export async function ensureFirstAdmin(
  deps: Deps,
  email: string,
  password: string
): Promise<StaffUser | undefined> {
  const users = await deps.staff.listUsers();
  if (users.some((u) => u.roles.includes('admin'))) return undefined;
  return createStaffUser(
    deps,
    SYSTEM,
    {
      email: email.toLowerCase(),
      displayName: 'Administrator',
      language: 'en',
      roles: ['admin'],
      teams: [...TeamSchema.options],
      folders: [],
    },
    password,
    'system'
  );
}

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JwtAccessTokenVerifier } from '../../functions/adapters/jwt-access-token-verifier';
import type { Config } from '../../functions/config/schema';
import { staffAuthenticator } from '../../functions/use-cases/authenticate-staff';
import type { Services } from '../../functions/use-cases/deps';
import { recordAction } from '../../functions/use-cases/record-action';
import { ensureFirstAdmin, importConfigStaff } from '../../functions/use-cases/staff-users';
import { LocalIdentityAccounts } from './local-accounts';
import {
  cliRedirectUri,
  consoleRedirectUri,
  FIRST_ADMIN_FILE,
  ISSUER_PATH,
  LOCAL_CLIENTS,
} from './local-clients';
import { type LocalIssuer, startLocalIssuer } from './local-issuer';

/** The local issuer's signing key (local/identity/signing-keys.ts), in the data dir. */
export const identityKeysFile = (dataDir: string) => join(dataDir, 'identity', 'jwks.json');

export interface FirstAdmin {
  email: string;
  /** Set when the password was generated: shown once. */
  generatedPassword?: string;
}

/** The config's people as users, imported while the rest of a start goes on. */
export interface LocalUsers {
  accounts: LocalIdentityAccounts;
  imported: Promise<void>;
}

/**
 * Imports the config's people as users (once), starting now: it needs only the table, so npm
 * start runs it beside the rest of its start. With no admin yet, the first one's password hash
 * (argon2: slow on purpose) is made meanwhile too; startLocalIdentity makes that admin.
 */
export function importLocalUsers(options: {
  services: Services;
  config: Config;
  adminPassword?: string;
}): LocalUsers {
  const { services } = options;
  const accounts = new LocalIdentityAccounts(services.staff);
  const hashing = services.staff.listUsers().then((users) => {
    if (options.adminPassword && !users.some((u) => u.roles.includes('admin')))
      accounts.hashAhead(options.adminPassword);
  });
  const imported = Promise.all([
    hashing,
    importConfigStaff({ ...services, identity: accounts }, options.config),
  ]).then(() => undefined);
  imported.catch(() => undefined);
  return { accounts, imported };
}

/** The first admin's password: given (CASEFLOW_ADMIN_PASSWORD), or generated for this start. */
export function firstAdminPassword(admin?: { password?: string }): { password: string; generated: boolean } {
  return admin?.password
    ? { password: admin.password, generated: false }
    : { password: `${randomBytes(12).toString('base64url')}-Aa1`, generated: true };
}

/**
 * Staff identity on `npm start`: the local OpenID issuer at <http>/oidc, the users (above) and the
 * first admin, and the same token verification as the Lambda uses on AWS.
 */
export async function startLocalIdentity(options: {
  services: Services;
  config: Config;
  users: LocalUsers;
  httpUrl: string;
  dataDir: string;
  admin: { email?: string; password: string; generated: boolean };
}): Promise<{
  issuer: LocalIssuer;
  issuerUrl: string;
  identity: LocalIdentityAccounts;
  authenticate: ReturnType<typeof staffAuthenticator>;
  firstAdmin?: FirstAdmin;
}> {
  const { services, httpUrl } = options;
  const deps = { ...services, identity: options.users.accounts };
  const email = options.admin.email ?? `admin@${options.config.domain}`;
  const firstAdmin = (async (): Promise<FirstAdmin | undefined> => {
    await options.users.imported;
    const created = await ensureFirstAdmin(deps, email, options.admin.password);
    if (!created) return undefined;
    if (!options.admin.generated) return { email: created.email };
    // For `caseflow login` and `npm run demo` on this machine; the data dir is this user's only (0700).
    const file = join(options.dataDir, FIRST_ADMIN_FILE);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify({ email: created.email, password: options.admin.password }), {
      mode: 0o600,
    });
    return { email: created.email, generatedPassword: options.admin.password };
  })();
  const issuerUrl = `${httpUrl}${ISSUER_PATH}`;
  const issuerStarted = startLocalIssuer({
    issuer: issuerUrl,
    keysFile: identityKeysFile(options.dataDir),
    clients: [
      {
        clientId: LOCAL_CLIENTS.console,
        redirectUris: [consoleRedirectUri(httpUrl)],
        postLogoutRedirectUris: [`${httpUrl}/`],
      },
      { clientId: LOCAL_CLIENTS.cli, redirectUris: [cliRedirectUri(httpUrl)] },
    ],
    directory: {
      findForSignIn: async (address) => {
        const user = await services.staff.findUserByEmail(address.toLowerCase());
        return user && signInAccount(user, await services.staff.getPasswordHash(user.id));
      },
      findById: async (id) => {
        const user = await services.staff.getUser(id);
        return user && signInAccount(user, await services.staff.getPasswordHash(user.id));
      },
    },
    onError: (message, error) => services.log.error(message, { error: error.message }),
    audit: async (entry) => {
      await recordAction(services, {
        actor: entry.actor.toLowerCase(),
        action: entry.action,
        source: entry.source,
        outcome: entry.action === 'sign-in' ? 'ok' : 'refused',
        detail: entry.detail,
      });
    },
  });
  // The users and the issuer need nothing of each other.
  const [made, started] = await Promise.allSettled([firstAdmin, issuerStarted]);
  if (made.status === 'rejected' || started.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.close();
    throw made.status === 'rejected' ? made.reason : (started as PromiseRejectedResult).reason;
  }
  const issuer = started.value;
  const tokens = new JwtAccessTokenVerifier(issuerUrl, Object.values(LOCAL_CLIENTS));
  return {
    issuer,
    issuerUrl,
    identity: options.users.accounts,
    authenticate: staffAuthenticator({ tokens, staff: services.staff }),
    firstAdmin: made.value,
  };
}

function signInAccount(
  user: { id: string; email: string; displayName: string; roles: string[]; enabled: boolean },
  passwordHash: string | undefined
) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    enabled: user.enabled,
    // No password set yet: nothing verifies against an empty hash.
    passwordHash: passwordHash ?? '',
  };
}

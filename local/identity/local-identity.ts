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

export interface FirstAdmin {
  email: string;
  /** Set when the password was generated: shown once. */
  generatedPassword?: string;
}

/**
 * Staff identity on `npm start`: the local OpenID issuer at <http>/oidc, users imported from the
 * config once, the first admin, and the same token verification as the Lambda uses on AWS.
 */
export async function startLocalIdentity(options: {
  services: Services;
  config: Config;
  httpUrl: string;
  dataDir: string;
  admin?: { email?: string; password?: string };
}): Promise<{
  issuer: LocalIssuer;
  issuerUrl: string;
  identity: LocalIdentityAccounts;
  authenticate: ReturnType<typeof staffAuthenticator>;
  firstAdmin?: FirstAdmin;
}> {
  const { services, httpUrl } = options;
  const identity = new LocalIdentityAccounts(services.staff);
  const deps = { ...services, identity };
  await importConfigStaff(deps, options.config);
  const email = options.admin?.email ?? `admin@${options.config.domain}`;
  const generated = options.admin?.password ? undefined : `${randomBytes(12).toString('base64url')}-Aa1`;
  const created = await ensureFirstAdmin(deps, email, options.admin?.password ?? (generated as string));
  if (created && generated) {
    // For `caseflow login` and `npm run demo` on this machine; the data dir is this user's only (0700).
    const file = join(options.dataDir, FIRST_ADMIN_FILE);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify({ email: created.email, password: generated }), { mode: 0o600 });
  }
  const issuerUrl = `${httpUrl}${ISSUER_PATH}`;
  const issuer = await startLocalIssuer({
    issuer: issuerUrl,
    keysFile: join(options.dataDir, 'identity', 'jwks.json'),
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
  const tokens = new JwtAccessTokenVerifier(issuerUrl, Object.values(LOCAL_CLIENTS));
  return {
    issuer,
    issuerUrl,
    identity,
    authenticate: staffAuthenticator({ tokens, staff: services.staff }),
    firstAdmin: created ? { email: created.email, generatedPassword: generated } : undefined,
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

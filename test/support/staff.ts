import { cliRedirectUri, ISSUER_PATH, LOCAL_CLIENTS } from '../../local/identity/local-clients';
import { passwordSignIn } from '../../local/identity/password-sign-in';

/** The admin every test instance is started with (CASEFLOW_ADMIN_EMAIL / CASEFLOW_ADMIN_PASSWORD). */
export const TEST_ADMIN = { email: 'admin@support.example.com', password: 'Test-admin-Passw0rd!' };
/** What tests give the staff they sign in as. */
export const TEST_STAFF_PASSWORD = 'Test-staff-Passw0rd!';

/** `fetch` against one caseflow as one signed-in staff member: paths, bearer token, JSON changes. */
export type StaffFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Signs in through the local issuer's login form, as `caseflow login` does. */
export async function signIn(httpUrl: string, email: string, password: string): Promise<string> {
  const tokens = await passwordSignIn({
    issuer: `${httpUrl}${ISSUER_PATH}`,
    clientId: LOCAL_CLIENTS.cli,
    redirectUri: cliRedirectUri(httpUrl),
    email,
    password,
  });
  return tokens.accessToken;
}

export function withToken(httpUrl: string, token: () => Promise<string>): StaffFetch {
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await token()}`);
    const change = init.method && init.method !== 'GET' && init.method !== 'HEAD';
    if (change && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(new URL(path, httpUrl), {
      ...init,
      headers,
      body: init.body ?? (change ? '{}' : undefined),
    });
  };
}

/**
 * The admin's API, and any staff member's: `as(email)` has the admin set a password for that
 * user (imported from the config, or created by the test) and signs in as them.
 */
export function staffClients(httpUrl: string, admin = TEST_ADMIN) {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (email: string, password: string) => {
    let token = tokens.get(email);
    if (!token) {
      token = signIn(httpUrl, email, password);
      tokens.set(email, token);
      token.catch(() => tokens.delete(email));
    }
    return token;
  };
  const api = withToken(httpUrl, () => tokenOf(admin.email, admin.password));
  const as = (email: string): StaffFetch =>
    withToken(httpUrl, async () => {
      const address = email.toLowerCase();
      if (!tokens.has(address)) {
        const { users } = (await (await api('/api/users')).json()) as {
          users: { id: string; email: string }[];
        };
        // Someone the config does not name: the admin creates them, an agent of every team.
        const user =
          users.find((u) => u.email === address) ??
          ((await (
            await api('/api/users', {
              method: 'POST',
              body: JSON.stringify({
                email: address,
                displayName: address.split('@')[0],
                roles: ['agent'],
                teams: ['L1', 'L2_BILLING', 'L2_DATACENTER', 'L3_SYSADMIN', 'MANAGEMENT'],
              }),
            })
          ).json()) as { id: string });
        const set = await api(`/api/users/${user.id}/password`, {
          method: 'POST',
          body: JSON.stringify({ password: TEST_STAFF_PASSWORD }),
        });
        if (!set.ok) throw new Error(`could not set ${address}'s password: ${await set.text()}`);
      }
      return tokenOf(address, TEST_STAFF_PASSWORD);
    });
  /** A staff change written by `by` or `from` in the body (who signs in), sent without them. */
  const post = (path: string, { by, from, ...body }: Record<string, unknown>) =>
    ((by ?? from) ? as(String(by ?? from)) : api)(path, { method: 'POST', body: JSON.stringify(body) });
  return { api, as, post };
}

/** The environment a `caseflow` command of a test runs with: signed in as the instance's admin. */
export const cliAdmin = (cf: { dataDir: string }) => ({
  CASEFLOW_DATA_DIR: cf.dataDir,
  CASEFLOW_ADMIN_EMAIL: TEST_ADMIN.email,
  CASEFLOW_ADMIN_PASSWORD: TEST_ADMIN.password,
});

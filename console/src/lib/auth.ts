import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from '../../security-headers';

/** Where the issuer sends the browser back with the code (registered with the console's client). */
export const CALLBACK_PATH = '/console/callback';

let manager: UserManager | undefined;
let config: ConsoleConfig | undefined;

/** The deployment's `/config.json`, as read at sign-in. */
export const consoleConfig = (): ConsoleConfig | undefined => config;

/**
 * Signs the browser in: authorization code with PKCE at the deployment's issuer (the local
 * issuer on `npm start`, Cognito on AWS). Resolves with the user, or never (the page goes to the
 * sign-in form). Tokens stay in this tab's session storage.
 */
export async function signIn(): Promise<User> {
  config = (await (await fetch('/config.json', { cache: 'no-store' })).json()) as ConsoleConfig;
  manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
  });
  if (location.pathname === CALLBACK_PATH) {
    const user = await manager.signinRedirectCallback();
    const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo ?? '/';
    history.replaceState(null, '', returnTo.startsWith('/') ? returnTo : '/');
    return user;
  }
  const user = await manager.getUser();
  if (user && !user.expired) return user;
  await manager.signinRedirect({ state: { returnTo: `${location.pathname}${location.search}` } });
  return new Promise<User>(() => undefined);
}

/** The current access token; an expired session signs in again. */
export async function accessToken(): Promise<string> {
  const user = await manager?.getUser();
  if (user && !user.expired) return user.access_token;
  return (await signIn()).access_token;
}

export async function signOut(): Promise<void> {
  await manager?.removeUser();
  await manager?.signoutRedirect().catch(() => location.assign('/'));
}

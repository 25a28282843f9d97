/**
 * Where the local issuer is and which app clients it knows: light constants the CLI, the demo and
 * the tests need without loading the issuer itself.
 */
export const ISSUER_PATH = '/oidc';
/** The app clients of the local issuer (Cognito has one app client per use as well). */
export const LOCAL_CLIENTS = { console: 'caseflow-console', cli: 'caseflow-cli' } as const;
export const cliRedirectUri = (httpUrl: string) => `${httpUrl}/cli/callback`;
export const consoleRedirectUri = (httpUrl: string) => `${httpUrl}/console/callback`;
/** Where a generated first-admin password is kept for the CLI (`caseflow login` without arguments). */
export const FIRST_ADMIN_FILE = 'identity/first-admin.json';

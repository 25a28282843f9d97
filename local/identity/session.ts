import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cliRedirectUri, FIRST_ADMIN_FILE, ISSUER_PATH, LOCAL_CLIENTS } from './local-clients';
import { passwordSignIn, refreshTokens } from './password-sign-in';

/**
 * The CLI's sign-in: `caseflow login` gets tokens from the instance's issuer (code + PKCE, as a
 * browser does) and keeps them per API URL in the data dir (0600); every API command sends the
 * access token and refreshes it when it has expired.
 */
export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

const sessionsFile = (dataDir: string) => join(dataDir, 'cli-sessions.json');
export const defaultDataDir = () => process.env.CASEFLOW_DATA_DIR || '.caseflow';
const base = (api: string) => api.replace(/\/+$/, '');

async function readSessions(dataDir: string): Promise<Record<string, Session>> {
  try {
    return JSON.parse(await readFile(sessionsFile(dataDir), 'utf8')) as Record<string, Session>;
  } catch {
    return {};
  }
}

async function saveSession(dataDir: string, api: string, session: Session | undefined): Promise<void> {
  const sessions = await readSessions(dataDir);
  if (session) sessions[base(api)] = session;
  else delete sessions[base(api)];
  const file = sessionsFile(dataDir);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(sessions, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
}

const asSession = (t: {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}) => ({
  accessToken: t.accessToken,
  idToken: t.idToken,
  refreshToken: t.refreshToken,
  expiresAt: Date.now() + t.expiresIn * 1000,
});

/** The first admin's generated password, which a fresh local instance keeps in its data dir (0600). */
export async function firstAdminCredentials(
  dataDir: string
): Promise<{ email: string; password: string } | undefined> {
  const file = join(dataDir, FIRST_ADMIN_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as { email: string; password: string };
}

export async function login(
  api: string,
  email: string,
  password: string,
  dataDir = defaultDataDir()
): Promise<Session> {
  const tokens = await passwordSignIn({
    issuer: `${base(api)}${ISSUER_PATH}`,
    clientId: LOCAL_CLIENTS.cli,
    redirectUri: cliRedirectUri(base(api)),
    email,
    password,
    source: 'cli',
  });
  const session = asSession(tokens);
  await saveSession(dataDir, api, session);
  return session;
}

export const logout = (api: string, dataDir = defaultDataDir()) => saveSession(dataDir, api, undefined);

/** A valid access token for this API, refreshed when it has (nearly) expired; undefined without a session. */
export async function accessToken(api: string, dataDir = defaultDataDir()): Promise<string | undefined> {
  const session = (await readSessions(dataDir))[base(api)];
  if (!session) return undefined;
  if (session.expiresAt - 60_000 > Date.now()) return session.accessToken;
  if (!session.refreshToken) return undefined;
  try {
    const renewed = asSession(
      await refreshTokens({
        issuer: `${base(api)}${ISSUER_PATH}`,
        clientId: LOCAL_CLIENTS.cli,
        refreshToken: session.refreshToken,
      })
    );
    await saveSession(dataDir, api, {
      ...renewed,
      refreshToken: renewed.refreshToken ?? session.refreshToken,
    });
    return renewed.accessToken;
  } catch {
    return undefined;
  }
}

/**
 * A token for scripts on this machine: the remembered session, else a sign-in as the admin named
 * by CASEFLOW_ADMIN_EMAIL / CASEFLOW_ADMIN_PASSWORD or, on a fresh instance, the first admin.
 */
export async function scriptToken(
  api: string,
  dataDir = defaultDataDir(),
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  const remembered = await accessToken(api, dataDir);
  if (remembered) return remembered;
  const named =
    env.CASEFLOW_ADMIN_EMAIL && env.CASEFLOW_ADMIN_PASSWORD
      ? { email: env.CASEFLOW_ADMIN_EMAIL, password: env.CASEFLOW_ADMIN_PASSWORD }
      : await firstAdminCredentials(dataDir);
  if (!named) throw new Error('sign in first: npx caseflow login --email <you> --password <…>');
  return (await login(api, named.email, named.password, dataDir)).accessToken;
}

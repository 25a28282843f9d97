import { createHash, randomBytes } from 'node:crypto';

export class SignInError extends Error {}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** Seconds. */
  expiresIn: number;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The cookies one sign-in collects, sent back to the same issuer (Node's fetch keeps none). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const discover = async (issuer: string): Promise<Discovery> => {
  const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new SignInError(`no OpenID issuer at ${issuer} (HTTP ${res.status})`);
  return (await res.json()) as Discovery;
};

const asTokens = (json: Record<string, unknown>): Tokens => ({
  accessToken: String(json.access_token),
  idToken: String(json.id_token ?? ''),
  refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : undefined,
  expiresIn: Number(json.expires_in) || 3600,
});

async function tokenRequest(endpoint: string, form: Record<string, string>): Promise<Tokens> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok)
    throw new SignInError(
      `the issuer refused: ${String(json.error_description ?? json.error ?? res.status)}`
    );
  return asTokens(json);
}

/**
 * Signs in with email and password through the authorization code flow with PKCE, as a browser
 * does: the authorize request, the issuer's login form, its redirects, then the code for tokens.
 */
export async function passwordSignIn(opts: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  email: string;
  password: string;
  source?: 'cli' | 'console';
}): Promise<Tokens> {
  const { authorization_endpoint, token_endpoint } = await discover(opts.issuer);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const jar = new CookieJar();
  const headers = () => ({ cookie: jar.header(), 'x-caseflow-client': opts.source ?? 'cli' });
  let url = authorize.href;
  let submitted = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(opts.redirectUri)) {
      const answer = new URL(url).searchParams;
      if (answer.get('error'))
        throw new SignInError(
          `the issuer refused: ${answer.get('error_description') ?? answer.get('error')}`
        );
      if (answer.get('state') !== state) throw new SignInError('the issuer answered another sign-in (state)');
      return tokenRequest(token_endpoint, {
        grant_type: 'authorization_code',
        code: answer.get('code') ?? '',
        redirect_uri: opts.redirectUri,
        client_id: opts.clientId,
        code_verifier: verifier,
      });
    }
    const res = await fetch(url, { headers: headers(), redirect: 'manual' });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).href;
      continue;
    }
    const page = await res.text();
    if (submitted || !/<form[^>]+method="post"/i.test(page))
      throw new SignInError(alertOf(page) ?? `the issuer answered HTTP ${res.status}`);
    // The login form: post the credentials where it says.
    const action = new URL(/<form[^>]+action="([^"]+)"/i.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? url, url)
      .href;
    const posted = await fetch(action, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: opts.email, password: opts.password }),
      redirect: 'manual',
    });
    jar.take(posted);
    submitted = true;
    if (posted.status < 300 || posted.status >= 400)
      throw new SignInError(alertOf(await posted.text()) ?? `sign-in failed (HTTP ${posted.status})`);
    url = new URL(posted.headers.get('location') ?? '', action).href;
  }
  throw new SignInError('the issuer redirected too often');
}

export async function refreshTokens(opts: {
  issuer: string;
  clientId: string;
  refreshToken: string;
}): Promise<Tokens> {
  const { token_endpoint } = await discover(opts.issuer);
  return tokenRequest(token_endpoint, {
    grant_type: 'refresh_token',
    refresh_token: opts.refreshToken,
    client_id: opts.clientId,
  });
}

function alertOf(page: string): string | undefined {
  const text =
    /<p role="alert">([^<]*)<\/p>/.exec(page)?.[1] ?? /<main>[\s\S]*?<p>([^<]*)<\/p>/.exec(page)?.[1];
  return text
    ?.replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

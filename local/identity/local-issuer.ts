import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from 'argon2';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { loginPage } from './login-page';
import { memoryAdapter } from './memory-adapter';
import { SignInLimits } from './sign-in-limits';
import { signingKeys } from './signing-keys';

export interface SignInAccount {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  /** argon2id; empty when no password was set (nothing signs in). */
  passwordHash: string;
  enabled: boolean;
}

export interface SignInDirectory {
  findForSignIn(email: string): Promise<SignInAccount | undefined>;
  findById(id: string): Promise<SignInAccount | undefined>;
}

export interface SignInAuditEntry {
  actor: string;
  action: 'sign-in' | 'sign-in-failed';
  source: 'console' | 'cli';
  detail?: string;
}

export interface LocalIssuerOptions {
  /** The issuer URL, e.g. http://127.0.0.1:3000/oidc; the listener serves that path. */
  issuer: string;
  keysFile: string;
  directory: SignInDirectory;
  clients: { clientId: string; redirectUris: string[]; postLogoutRedirectUris?: string[] }[];
  audit(entry: SignInAuditEntry): Promise<void>;
  /** Where a sign-in that failed for another reason than the credentials is reported. */
  onError?(message: string, error: Error): void;
}

export interface LocalIssuer {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** The one resource server: caseflow's API. Access tokens for it are JWTs, as Cognito's are. */
const API_RESOURCE = 'urn:caseflow:api';
const SCOPES = 'openid email profile';
const HOUR = 3600;
const WRONG = 'Email or password is not right.';
/** Verified against when the email is unknown, so the answer takes as long either way. */
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$hNzrrJJaYNlLSLGQ7LLJ8g$x+f8EthasXz0PxE9bDPTjXlStrkglskMBYUf6s1z7AQ';

/**
 * A local OpenID Connect issuer on `oidc-provider`, shaped like Amazon Cognito: authorization code
 * with PKCE (S256) for public clients, RS256 JWT access tokens carrying `token_use`, `client_id`,
 * `cognito:groups` and `username`, ID tokens with `email` and `cognito:groups`, rotating refresh
 * tokens, keys at `<issuer>/.well-known/jwks.json`. Sign-in is its own form, checked with argon2.
 */
export async function startLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const issuerPath = new URL(options.issuer).pathname.replace(/\/+$/, '');
  const limits = new SignInLimits();
  const account = async (id: string) => {
    const found = await options.directory.findById(id);
    return found?.enabled ? found : undefined;
  };

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      // Loopback http redirects are allowed for native (public) apps; these run on 127.0.0.1.
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    jwks: (await signingKeys(options.keysFile)) as Configuration['jwks'],
    adapter: memoryAdapter(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'cognito:groups', 'token_use'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    routes: { jwks: '/.well-known/jwks.json' },
    ttl: {
      AccessToken: HOUR,
      IdToken: HOUR,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * HOUR,
      Grant: 30 * 24 * HOUR,
      RefreshToken: 30 * 24 * HOUR,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: SCOPES,
          audience: API_RESOURCE,
          accessTokenTTL: HOUR,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    // First-party clients: no consent screen, and refresh tokens without offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    rotateRefreshToken: () => true,
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId || oidc.session?.grantIdFor(oidc.client?.clientId ?? '');
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client?.clientId,
        accountId: oidc.session?.accountId,
      });
      grant.addOIDCScope(SCOPES);
      grant.addOIDCClaims(['email', 'name', 'cognito:groups', 'token_use']);
      grant.addResourceScope(API_RESOURCE, SCOPES);
      await grant.save();
      return grant;
    },
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const found = await account(token.accountId ?? '');
      return {
        token_use: 'access',
        client_id: token.clientId,
        'cognito:groups': found?.roles ?? [],
        username: found?.email,
      };
    },
    findAccount: async (_ctx, sub) => {
      const found = await account(sub);
      if (!found) return undefined;
      return {
        accountId: sub,
        claims: async (use: string) => ({
          sub,
          email: found.email,
          email_verified: true,
          name: found.displayName,
          'cognito:groups': found.roles,
          ...(use === 'id_token' ? { token_use: 'id' } : {}),
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><title>Sign-in error</title><main><h1>Sign-in error</h1><p>${String(
        out.error_description ?? out.error
      ).replace(/[<>&"]/g, '')}</p></main></html>`;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const oidc = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const action = `${issuerPath}/interaction/${uid}`;
    const source = req.headers['x-caseflow-client'] === 'cli' ? 'cli' : 'console';
    if (details.prompt.name !== 'login') {
      // Consent for a first-party client: granted by loadExistingGrant; go on.
      return provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    }
    if (req.method !== 'POST') return send(res, 200, await loginPage(action, {}));
    const form = new URLSearchParams(await body(req));
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const password = form.get('password') ?? '';
    const from = req.socket.remoteAddress ?? 'unknown';
    const locked = limits.lockedFor(email, from);
    if (locked) {
      await options.audit({ actor: email, action: 'sign-in-failed', source, detail: 'locked' });
      const error = `Too many failed sign-ins; try again in ${locked} minute${locked === 1 ? '' : 's'}.`;
      return send(res, 429, await loginPage(action, { email, error }));
    }
    const found = await options.directory.findForSignIn(email);
    const hash = found?.passwordHash || DUMMY_HASH;
    const matches = await verify(hash, password).catch(() => false);
    if (!found?.passwordHash || !found.enabled || !matches) {
      limits.failed(email, from);
      await options.audit({
        actor: email,
        action: 'sign-in-failed',
        source,
        detail: !found ? 'unknown email' : !found.enabled ? 'disabled' : 'wrong password',
      });
      return send(res, 401, await loginPage(action, { email, error: WRONG }));
    }
    limits.succeeded(email);
    await options.audit({ actor: found.email, action: 'sign-in', source });
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: found.id } },
      { mergeWithLastSubmission: false }
    );
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const uid = new RegExp(`^${issuerPath}/interaction/([\\w-]+)/?$`).exec(url.split('?')[0] ?? '')?.[1];
    if (uid) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
      );
      interaction(req, res, uid).catch((error: Error) => {
        options.onError?.('sign-in failed', error);
        if (!res.headersSent)
          send(
            res,
            400,
            '<!doctype html><html lang="en"><title>Sign-in expired</title><main><h1>This sign-in has expired</h1><p>Start again from the app.</p></main></html>'
          );
      });
      return;
    }
    // oidc-provider is mounted at the issuer's path: it sees the rest, and the full URL as originalUrl.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(issuerPath.length) || '/';
    oidc(req, res);
  };
  return { listener, close: async () => undefined };
}

function send(res: ServerResponse, status: number, page: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page);
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('form too large');
  }
  return text;
}

import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { cliRedirectUri, ISSUER_PATH, LOCAL_CLIENTS } from '../../local/identity/local-clients';
import { passwordSignIn, refreshTokens } from '../../local/identity/password-sign-in';
import { eventually, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail } from '../support/smtp';
import { signIn, TEST_ADMIN, TEST_STAFF_PASSWORD, withToken } from '../support/staff';

/**
 * Staff identity from the outside, against `npm start`: every /api route needs a token, forged
 * tokens are refused, agents see their teams only, the actor comes from the token and is audited.
 */
let cf: RunningCaseflow;
beforeAll(async () => {
  cf = await startNpmStart();
}, 90_000);
afterAll(async () => {
  await cf?.stop();
});

/** Every route the app registers under /api, with its parameters filled in. */
function apiRoutes(): { method: string; path: string }[] {
  const app = createApp({} as never, {
    health: () => true,
    authenticate: {} as never,
    identity: {} as never,
    deliverability: {} as never,
  });
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => ({ method: r.method, path: r.path.replace(/:\w+/g, 'x1') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && !!seen.add(`${r.method} ${r.path}`));
}

const api = (path: string, init: RequestInit = {}) => fetch(`${cf.http}${path}`, init);
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function createUser(body: Record<string, unknown>): Promise<{ id: string; email: string }> {
  const res = await cf.api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ password: TEST_STAFF_PASSWORD, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; email: string };
}

async function openCase(
  subject: string,
  text: string
): Promise<{ id: string; reference: string; team: string }> {
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject,
    text,
  });
  return eventually(
    async () => {
      const { cases } = (await (await cf.api('/api/cases?limit=200')).json()) as {
        cases: { id: string; reference: string; team: string; subject: string }[];
      };
      return cases.find((c) => c.subject === subject);
    },
    20_000,
    `case "${subject}"`
  );
}

describe('staff access on npm start', () => {
  it('every /api route answers 401 without a token or with a junk one (the routes are read from the app)', async () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(40);
    for (const { method, path } of routes) {
      const init = {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      };
      const none = await api(path, init);
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      const junk = await api(path, {
        ...init,
        headers: { ...init.headers, authorization: 'Bearer not.a.token' },
      });
      expect(junk.status, `${method} ${path} with a junk token`).toBe(401);
    }
  });

  it('a forged token is refused: another key, alg none, expired, another client, an ID token', async () => {
    const token = await signIn(cf.http, TEST_ADMIN.email, TEST_ADMIN.password);
    expect((await api('/api/me', bearer(token))).status).toBe(200);
    const claims = decodeJwt(token);
    const [jwk] = (
      JSON.parse(await readFile(join(cf.dataDir, 'identity', 'jwks.json'), 'utf8')) as { keys: JWK[] }
    ).keys;
    const realKey = await importJWK(jwk as JWK, 'RS256');
    const sign = (payload: Record<string, unknown>, key: Parameters<SignJWT['sign']>[0] = realKey) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: jwk?.kid }).sign(key);
    const now = Math.floor(Date.now() / 1000);
    // The real key signs a good copy (so the forgeries below fail for their own reason).
    expect((await api('/api/me', bearer(await sign({ ...claims })))).status).toBe(200);
    const otherKey = (await generateKeyPair('RS256')).privateKey;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify(claims)
    ).toString('base64url')}.`;
    const forged: Record<string, string> = {
      'another key': await sign({ ...claims }, otherKey),
      'alg none': none,
      expired: await sign({ ...claims, iat: now - 7200, exp: now - 3600 }),
      'another client': await sign({ ...claims, client_id: 'someone-elses-app' }),
      'an ID token': await sign({ ...claims, token_use: 'id' }),
      'another issuer': await sign({ ...claims, iss: 'http://127.0.0.1:1/oidc' }),
    };
    for (const [what, bad] of Object.entries(forged)) {
      const res = await api('/api/me', bearer(bad));
      expect(res.status, what).toBe(401);
    }
  });

  it('an L1 agent: no L3 case and no roster change (403); the reply goes out with their name and signature; the audit log shows them; no body names another author', async () => {
    const agent = await createUser({
      email: 'ewa.l1@support.example.com',
      displayName: 'Ewa Kowalska',
      roles: ['agent'],
      teams: ['L1'],
      signature: 'Ewa Kowalska\nL1 support, caseflow demo desk',
    });
    const asAgent = withToken(cf.http, () => signIn(cf.http, agent.email, TEST_STAFF_PASSWORD));
    const l1 = await openCase('Password reset does not arrive', 'Hello, the reset mail never comes. Anna');
    const l3 = await openCase(
      'Firewall on our VPS blocks port 443',
      'The iptables rules on the VPS drop HTTPS. Anna'
    );
    expect([l1.team, l3.team]).toEqual(['L1', 'L3_SYSADMIN']);

    expect((await asAgent(`/api/cases/${l1.reference}`)).status).toBe(200);
    expect((await asAgent(`/api/cases/${l3.reference}`)).status).toBe(403);
    expect((await asAgent('/api/queue?team=L3_SYSADMIN')).status).toBe(403);
    const listed = (await (await asAgent('/api/cases?limit=200')).json()) as { cases: { id: string }[] };
    expect(listed.cases.map((c) => c.id)).toContain(l1.id);
    expect(listed.cases.map((c) => c.id)).not.toContain(l3.id);
    const override = await asAgent('/api/oncall/overrides', {
      method: 'POST',
      body: JSON.stringify({
        rotation: 'ops',
        person: 'ala',
        from: new Date().toISOString(),
        to: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    expect(override.status).toBe(403);
    expect((await asAgent('/api/users')).status).toBe(403);
    expect((await asAgent('/api/audit')).status).toBe(403);

    // A body that names an author is refused, whoever it names.
    for (const field of ['from', 'by']) {
      const named = await asAgent(`/api/cases/${l1.reference}/replies`, {
        method: 'POST',
        body: JSON.stringify({ [field]: 'lead@support.example.com', text: 'Signed as someone else.' }),
      });
      expect(named.status).toBe(400);
      expect(((await named.json()) as { error: string }).error).toContain(`"${field}"`);
    }
    // A form post (what another site could make a browser send) is not a change.
    const form = await asAgent(`/api/cases/${l1.reference}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=hello',
    });
    expect(form.status).toBe(415);

    const reply = await asAgent(`/api/cases/${l1.reference}/replies`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Please check your spam folder; we have re-sent the reset mail.' }),
    });
    expect(reply.status).toBe(201);
    const sent = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find((m) => m.text.includes('we have re-sent the reset mail')),
      5000,
      'the reply in the outbox'
    );
    expect(sent.to).toContain('anna.nowak@acme.example');
    expect(sent.subject).toContain(l1.reference);
    expect(sent.text).toContain('Ewa Kowalska\nL1 support, caseflow demo desk');
    const detail = (await (await cf.api(`/api/cases/${l1.reference}`)).json()) as {
      timeline: { actor?: string; type: string }[];
    };
    expect(detail.timeline.some((t) => t.actor === agent.email)).toBe(true);

    const audit = (await (await cf.api(`/api/audit?actor=${encodeURIComponent(agent.email)}`)).json()) as {
      records: { actor: string; action: string; caseId?: string; outcome: string; source: string }[];
    };
    expect(audit.records).toContainEqual(
      expect.objectContaining({
        actor: agent.email,
        action: 'case.reply',
        caseId: l1.id,
        outcome: 'ok',
        source: 'api',
      })
    );
    expect(audit.records).toContainEqual(expect.objectContaining({ action: 'sign-in', outcome: 'ok' }));
    expect(audit.records.some((r) => r.outcome === 'refused' && r.caseId === l3.id)).toBe(true);
    // Nothing in the audit log can be changed through the API.
    for (const method of ['PUT', 'DELETE', 'PATCH'])
      expect((await cf.api('/api/audit', { method })).status).toBeGreaterThanOrEqual(404);
  });

  it("tokens are shaped like Cognito's; a refresh works until the user is disabled; the signing key is for its owner only", async () => {
    const user = await createUser({
      email: 'claims@support.example.com',
      displayName: 'Claims',
      roles: ['agent', 'supervisor'],
      teams: ['L1'],
    });
    const tokens = await passwordSignIn({
      issuer: `${cf.http}${ISSUER_PATH}`,
      clientId: LOCAL_CLIENTS.cli,
      redirectUri: cliRedirectUri(cf.http),
      email: user.email,
      password: TEST_STAFF_PASSWORD,
    });
    const access = decodeJwt(tokens.accessToken);
    expect(access).toMatchObject({
      iss: `${cf.http}${ISSUER_PATH}`,
      sub: user.id,
      client_id: LOCAL_CLIENTS.cli,
      token_use: 'access',
      'cognito:groups': ['agent', 'supervisor'],
      username: user.email,
    });
    expect((access.exp ?? 0) - (access.iat ?? 0)).toBe(3600);
    expect(decodeJwt(tokens.idToken)).toMatchObject({
      token_use: 'id',
      email: user.email,
      aud: LOCAL_CLIENTS.cli,
    });
    expect(tokens.refreshToken).toBeTruthy();
    const refresh = (refreshToken: string) =>
      refreshTokens({ issuer: `${cf.http}${ISSUER_PATH}`, clientId: LOCAL_CLIENTS.cli, refreshToken });
    const renewed = await refresh(tokens.refreshToken as string);
    expect((await api('/api/me', bearer(renewed.accessToken))).status).toBe(200);
    await cf.api(`/api/users/${user.id}`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
    await expect(refresh(renewed.refreshToken as string)).rejects.toThrow();
    const keys = join(cf.dataDir, 'identity', 'jwks.json');
    expect((statSync(keys).mode & 0o777).toString(8)).toBe('600');
  });

  it('a disabled user is refused at once; a failed sign-in is audited; five failures lock the account', async () => {
    const user = await createUser({
      email: 'piotr.l2@support.example.com',
      displayName: 'Piotr',
      roles: ['agent'],
      teams: ['L2_BILLING'],
    });
    const token = await signIn(cf.http, user.email, TEST_STAFF_PASSWORD);
    expect((await api('/api/me', bearer(token))).status).toBe(200);
    const disabled = await cf.api(`/api/users/${user.id}`, {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    expect(disabled.status).toBe(200);
    expect((await api('/api/me', bearer(token))).status).toBe(401);
    await expect(signIn(cf.http, user.email, TEST_STAFF_PASSWORD)).rejects.toThrow();

    const target = await createUser({
      email: 'lock.me@support.example.com',
      displayName: 'Lock',
      roles: ['agent'],
      teams: ['L1'],
    });
    for (let i = 0; i < 5; i++)
      await expect(signIn(cf.http, target.email, 'Wrong-passw0rd!')).rejects.toThrow();
    await expect(signIn(cf.http, target.email, TEST_STAFF_PASSWORD)).rejects.toThrow(/too many/i);
    const audit = (await (await cf.api(`/api/audit?actor=${encodeURIComponent(target.email)}`)).json()) as {
      records: { action: string }[];
    };
    expect(audit.records.filter((r) => r.action === 'sign-in-failed').length).toBeGreaterThanOrEqual(5);
  });

  it("answers only to its own address: another Host is 421, another site's Origin on a change is 403", async () => {
    const token = await signIn(cf.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${cf.http}/api/me`);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method,
            headers: { authorization: `Bearer ${token}`, ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status({ host: 'evil.example' })).toBe(421);
    expect(await status({ host: `evil.example:${new URL(cf.http).port}` })).toBe(421);
    expect(await status({})).toBe(200);
    expect(await status({ origin: 'https://evil.example', 'content-type': 'application/json' }, 'POST')).toBe(
      403
    );
  });
});

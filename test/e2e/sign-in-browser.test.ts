import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRedirectUri, ISSUER_PATH, LOCAL_CLIENTS } from '../../local/identity/local-clients';
import { launchChromium, seriousViolations } from '../support/browser';
import { startTestCaseflow } from '../support/harness';
import { TEST_ADMIN } from '../support/staff';

/**
 * The console's sign-in as a browser does it (Debian's Chromium): authorization code + PKCE at
 * the local issuer, its login form, the redirect back with a code, the code for tokens.
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let browser: Browser;
beforeAll(async () => {
  cf = await startTestCaseflow();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cf?.cleanup();
});

describe('signing in to the console in a browser', () => {
  it('the login form (desktop and 390 px) refuses a wrong password, then returns a code that buys a working token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = consoleRedirectUri(cf.httpUrl);
    const authorize = new URL(`${cf.httpUrl}${ISSUER_PATH}/auth`);
    authorize.search = new URLSearchParams({
      client_id: LOCAL_CLIENTS.console,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'console-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    await tab.goto(authorize.href);
    await expect.poll(() => tab.locator('h1').textContent(), { timeout: 10_000 }).toBe('Sign in to caseflow');
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.screenshot({ path: join(tmpdir(), 'caseflow-sign-in.png') });
    await tab.setViewportSize({ width: 390, height: 844 });
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.screenshot({ path: join(tmpdir(), 'caseflow-sign-in-390.png'), fullPage: true });

    await tab.getByLabel('Email').fill(TEST_ADMIN.email);
    await tab.getByLabel('Password').fill('Not-the-passw0rd!');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => tab.getByRole('alert').textContent(), { timeout: 10_000 })
      .toBe('Email or password is not right.');
    expect(await tab.getByLabel('Email').inputValue()).toBe(TEST_ADMIN.email);
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.screenshot({ path: join(tmpdir(), 'caseflow-sign-in-refused-390.png'), fullPage: true });

    await tab.getByLabel('Password').fill(TEST_ADMIN.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    // Back at the console's address with a code (the console reads it there; this test reads the URL).
    await tab.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 10_000 });
    const returned = new URL(tab.url());
    expect(returned.searchParams.get('code')).toBeTruthy();
    expect(returned.searchParams.get('state')).toBe('console-state');
    await context.close();

    const discovery = (await (
      await fetch(`${cf.httpUrl}${ISSUER_PATH}/.well-known/openid-configuration`)
    ).json()) as {
      token_endpoint: string;
    };
    const tokens = (await (
      await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: returned.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          client_id: LOCAL_CLIENTS.console,
          code_verifier: verifier,
        }),
      })
    ).json()) as { access_token: string; id_token: string; refresh_token?: string; expires_in: number };
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();
    const me = await fetch(`${cf.httpUrl}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: TEST_ADMIN.email, roles: ['admin'] });
    // The ID token is not an access token: the API refuses it.
    const withId = await fetch(`${cf.httpUrl}/api/me`, {
      headers: { authorization: `Bearer ${tokens.id_token}` },
    });
    expect(withId.status).toBe(401);
  });
});

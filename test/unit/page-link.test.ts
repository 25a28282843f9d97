import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../functions/adapters/local/hmac-link-signer';
import { isExpired, pageLinkMessage, pageUrl, parsePageLink } from '../../functions/domain/page-link';
import type { Services } from '../../functions/use-cases/deps';
import { openPageLink } from '../../functions/use-cases/open-page-link';

describe('page links', () => {
  const signer = new HmacLinkSigner(randomBytes(32));
  const params = { pageId: 'AbCdEfGhIjKlMnOpQrStUv', exp: 1_900_000_000 };

  it('builds a link that carries id, expiry and signature, and no task token', async () => {
    const sig = await signer.sign(pageLinkMessage(params));
    const url = new URL(pageUrl('https://x.example/', params, sig));
    expect(url.pathname).toBe(`/pages/${params.pageId}`);
    expect(url.searchParams.get('exp')).toBe(String(params.exp));
    const parsed = parsePageLink(
      params.pageId,
      url.searchParams.get('exp') ?? undefined,
      url.searchParams.get('sig') ?? undefined
    );
    expect(parsed).not.toBeNull();
    expect(await signer.verify(pageLinkMessage(parsed!.params), parsed!.sig)).toBe(true);
  });

  it('rejects a changed expiry, another page id, another key', async () => {
    const sig = await signer.sign(pageLinkMessage(params));
    expect(await signer.verify(pageLinkMessage({ ...params, exp: params.exp + 1 }), sig)).toBe(false);
    expect(await signer.verify(pageLinkMessage({ ...params, pageId: 'AbCdEfGhIjKlMnOpQrStUw' }), sig)).toBe(
      false
    );
    expect(await new HmacLinkSigner(randomBytes(32)).verify(pageLinkMessage(params), sig)).toBe(false);
    expect(await signer.verify(pageLinkMessage(params), 'short')).toBe(false);
  });

  it('accepts one spelling of a signature only: padding, the other alphabet and stray bits are refused', async () => {
    const sig = await signer.sign(pageLinkMessage(params));
    const exp = String(params.exp);
    expect(parsePageLink(params.pageId, exp, sig)).not.toBeNull();
    const standard = Buffer.from(sig, 'base64url').toString('base64');
    const last = sig.at(-1) as string;
    // The last character carries 4 spare bits: a neighbour often decodes to the same 32 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = [...alphabet]
      .map((ch) => `${sig.slice(0, -1)}${ch}`)
      .filter((v) => v !== sig && Buffer.from(v, 'base64url').equals(Buffer.from(sig, 'base64url')));
    expect(sameBytes.length).toBeGreaterThan(0);
    for (const variant of [`${sig}=`, standard, `${sig}A`, sig.slice(0, -1), ...sameBytes])
      expect(parsePageLink(params.pageId, exp, variant), `${variant} (${last})`).toBeNull();
    // A leading zero or a zero expiry is not how we write one either.
    expect(parsePageLink(params.pageId, `0${exp}`, sig)).toBeNull();
  });

  it('junk and expired links never reach the verifier (on AWS each verification is a KMS call)', async () => {
    let verifications = 0;
    const counting = {
      sign: (m: string) => signer.sign(m),
      verify: async (m: string, sig: string) => {
        verifications++;
        return signer.verify(m, sig);
      },
    };
    const deps = {
      signer: counting,
      clock: { now: () => new Date(params.exp * 1000 + 1) },
    } as unknown as Pick<Services, 'clock' | 'cases' | 'paging' | 'signer'>;
    const sig = await signer.sign(pageLinkMessage(params));
    expect(await openPageLink(deps, params.pageId, String(params.exp), `${sig}=`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await openPageLink(deps, params.pageId, String(params.exp), 'x'.repeat(43))).toMatchObject({
      ok: false,
    });
    expect(await openPageLink(deps, params.pageId, String(params.exp), sig)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifications).toBe(0);
  });

  it('refuses malformed links before any crypto', () => {
    expect(parsePageLink('../etc/passwd', '1', 'x')).toBeNull();
    expect(parsePageLink(params.pageId, 'soon', 'x')).toBeNull();
    expect(parsePageLink(params.pageId, '123', undefined)).toBeNull();
  });

  it('expires at the instant on the link', () => {
    expect(isExpired(params, new Date(params.exp * 1000 - 1))).toBe(false);
    expect(isExpired(params, new Date(params.exp * 1000))).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../functions/adapters/local/hmac-link-signer';
import { isExpired, pageLinkMessage, pageUrl, parsePageLink } from '../../functions/domain/page-link';

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

/**
 * Page links (DESIGN "Clocks and workflows"): a link names the page by its random id and carries
 * an expiry and an HMAC over both. The task token never leaves the database. GET shows a page;
 * only POST acts, because mail scanners open links.
 */

export interface PageLinkParams {
  pageId: string;
  /** Expiry, Unix seconds. */
  exp: number;
}

/** The exact bytes that are signed. */
export function pageLinkMessage(params: PageLinkParams): string {
  return `caseflow-page-link:v1:${params.pageId}:${params.exp}`;
}

export function pageUrl(baseUrl: string, params: PageLinkParams, sig: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/pages/${encodeURIComponent(params.pageId)}?exp=${params.exp}&sig=${encodeURIComponent(sig)}`;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'bad-signature' };

/**
 * The one spelling of an HMAC-SHA-256 signature we issue: 32 bytes as unpadded base64url, 43
 * characters whose last one carries no stray bits. Anything else (padding, `+` or `/`, another
 * length, a variant that decodes to the same bytes) is no link of ours, and costs no verification.
 */
export function isCanonicalSignature(sig: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(sig) && Buffer.from(sig, 'base64url').toString('base64url') === sig;
}

/** Parses the query of a page link; null when it cannot be a link we issued. */
export function parsePageLink(
  pageId: string,
  exp: string | undefined,
  sig: string | undefined
): { params: PageLinkParams; sig: string } | null {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(pageId)) return null;
  if (!exp || !/^[1-9]\d{0,11}$/.test(exp) || !sig || !isCanonicalSignature(sig)) return null;
  return { params: { pageId, exp: Number(exp) }, sig };
}

export function isExpired(params: PageLinkParams, now: Date): boolean {
  return now.getTime() >= params.exp * 1000;
}

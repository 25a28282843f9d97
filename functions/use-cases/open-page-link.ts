import type { CaseRecord, Page } from '../domain/case';
import { isExpired, pageLinkMessage, parsePageLink } from '../domain/page-link';
import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'cases' | 'paging' | 'signer'>;

export type PageLinkAccess =
  | { ok: true; page: Page; case: CaseRecord; exp: number; sig: string }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a page link and loads its page and case. The cheap checks come first (its shape, one
 * canonical signature spelling, expiry), so junk never costs a KMS VerifyMac call.
 */
export async function openPageLink(
  deps: Deps,
  pageId: string,
  exp?: string,
  sig?: string
): Promise<PageLinkAccess> {
  const link = parsePageLink(pageId, exp, sig);
  if (!link) return { ok: false, reason: 'invalid' };
  if (isExpired(link.params, deps.clock.now())) return { ok: false, reason: 'expired' };
  if (!(await deps.signer.verify(pageLinkMessage(link.params), link.sig)))
    return { ok: false, reason: 'invalid' };
  const page = await deps.paging.getPage(pageId);
  if (!page) return { ok: false, reason: 'invalid' };
  const c = await deps.cases.getCase(page.caseId);
  if (!c) return { ok: false, reason: 'invalid' };
  return { ok: true, page, case: c, exp: link.params.exp, sig: link.sig };
}

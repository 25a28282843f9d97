import { escalationSteps } from '../config/oncall';
import { type PageScreen, pageScreen } from '../domain/page-screen';
import type { Services } from './deps';
import { openPageLink } from './open-page-link';

type Deps = Pick<Services, 'config' | 'clock' | 'cases' | 'paging' | 'signer'>;

export type PageScreenResult =
  | { ok: true; screen: PageScreen; now: Date; exp: number; sig: string }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * What the page behind a page link shows: the link is checked first, then the case is read
 * with its messages and timeline (who was paged, how the notifications went, the customer's
 * first mail) and handed to the pure screen model with the instant.
 */
export async function loadPageScreen(
  deps: Deps,
  pageId: string,
  exp?: string,
  sig?: string
): Promise<PageScreenResult> {
  const access = await openPageLink(deps, pageId, exp, sig);
  if (!access.ok) return access;
  const detail = await deps.cases.getCaseDetail(access.case.id);
  const now = deps.clock.now();
  const screen = pageScreen({
    c: detail?.case ?? access.case,
    page: access.page,
    messages: detail?.messages ?? [],
    timeline: detail?.timeline ?? [],
    steps: escalationSteps(deps.config),
    people: deps.config.oncall.people,
    now,
  });
  return { ok: true, screen, now, exp: access.exp, sig: access.sig };
}

import { isActive } from '../domain/case';
import type { Services } from './deps';
import { openPageLink } from './open-page-link';

type Deps = Pick<Services, 'clock' | 'store' | 'signer' | 'workflows' | 'events' | 'log'>;

export type AcknowledgeOutcome =
  | { outcome: 'acknowledged'; caseId: string; by: string }
  | { outcome: 'already-acknowledged'; caseId: string; by: string }
  | { outcome: 'case-closed'; caseId: string }
  | { outcome: 'invalid' | 'expired' };

/**
 * An on-call engineer pressed "Acknowledge" (POST). The first acknowledgement wins (conditional
 * write on the case); the waiting workflow is then resumed with the token kept on the case. If
 * the task already timed out the workflow still sees the acknowledgement on its next decision.
 */
export async function acknowledgePage(
  deps: Deps,
  pageId: string,
  exp?: string,
  sig?: string
): Promise<AcknowledgeOutcome> {
  const access = await openPageLink(deps, pageId, exp, sig);
  if (!access.ok) return { outcome: access.reason };
  const { page, case: c } = access;
  if (!isActive(c.status) || !c.sev1) return { outcome: 'case-closed', caseId: c.id };
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.recordPageAcknowledged(c.id, page.recipient, at))) {
    const current = await deps.store.getCase(c.id);
    return { outcome: 'already-acknowledged', caseId: c.id, by: current?.sev1?.acknowledgedBy ?? 'someone' };
  }
  await deps.store.appendTimeline(c.id, [
    {
      at,
      type: 'page.acknowledged',
      summary: `page acknowledged by ${page.levelName} ${page.recipient}; escalation stopped`,
      actor: page.recipient,
      data: { pageId },
    },
  ]);
  await deps.events.publish({ type: 'page.acknowledged', caseId: c.id, pageId, by: page.recipient, at });
  const token = await deps.store.getWaitToken(c.id, 'ack');
  if (token) {
    const resumed = await deps.workflows.resume(token, { acknowledgedBy: page.recipient, at });
    deps.log.info('page acknowledged', { caseId: c.id, pageId, workflow: resumed });
  }
  return { outcome: 'acknowledged', caseId: c.id, by: page.recipient };
}

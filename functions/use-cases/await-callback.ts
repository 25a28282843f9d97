import { isActive } from '../domain/case';
import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'cases' | 'paging' | 'workflows'>;

/**
 * The workflow's `AwaitCallback` task: park the token until the engineer confirms the callback.
 * A confirmation that landed between `Decide` and this step read no token (or the previous one), so
 * the step looks again after parking and wakes itself: token first, then the case, one of the two
 * always sees the other.
 */
export async function awaitCallback(deps: Deps, caseId: string, taskToken: string): Promise<void> {
  await deps.paging.setWaitToken(caseId, 'callback', taskToken, deps.clock.now().toISOString());
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1 || c.sev1.calledBackAt || !isActive(c.status))
    await deps.workflows.resume(taskToken, { woken: 'already-done' });
}

import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'cases' | 'paging' | 'workflows' | 'log'>;

/**
 * Continue-as-new for a long incident: the next attempt's execution takes over and this one ends.
 * The attempt is raised on the case first, so the watchdog (which checks the case's attempt)
 * starts the new execution itself should this step die before starting it.
 */
export async function continueSev1Workflow(deps: Deps, caseId: string): Promise<void> {
  const c = await deps.cases.getCase(caseId);
  if (!c?.sev1) return;
  const attempt = c.sev1.attempt + 1;
  await deps.paging.setSev1Attempt(caseId, attempt);
  await deps.workflows.startSev1Callback(caseId, attempt);
  await deps.cases.appendTimeline(caseId, [
    {
      at: deps.clock.now().toISOString(),
      type: 'workflow.continued',
      summary: `Sev-1 workflow continued as execution ${attempt} (long incident: keeps the history small)`,
      actor: 'caseflow',
      data: { attempt },
    },
  ]);
  deps.log.info('sev1 workflow continued as new', { caseId, attempt });
}

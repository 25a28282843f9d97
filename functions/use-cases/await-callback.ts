import type { Services } from './deps';

type Deps = Pick<Services, 'clock' | 'paging'>;

/** The workflow's `AwaitCallback` task: park the token until the engineer confirms the callback. */
export async function awaitCallback(deps: Deps, caseId: string, taskToken: string): Promise<void> {
  await deps.paging.setWaitToken(caseId, 'callback', taskToken, deps.clock.now().toISOString());
}

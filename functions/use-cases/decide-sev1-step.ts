import { decideSev1, type Sev1Decision } from '../domain/sev1';
import type { Services } from './deps';

type Deps = Pick<Services, 'config' | 'clock' | 'store'>;

/** The workflow's `Decide` step: re-read the case and say what comes next. */
export async function decideSev1Step(deps: Deps, caseId: string): Promise<Sev1Decision> {
  const c = await deps.store.getCase(caseId);
  if (!c) return { next: 'DONE', timeoutSeconds: 1, dueLevels: [], why: 'case not found' };
  return decideSev1(c, deps.config.oncall.escalation, deps.clock.now());
}

import { type ClockStepResult, caseClockStep } from './case-clock';
import { closeUnansweredResolution } from './resolution';

type Deps = Parameters<typeof caseClockStep>[0] & Parameters<typeof closeUnansweredResolution>[0];

/**
 * One wake-up of a case's clock (workflows/case-clock.ts). Primary course:
 * 1. The clock step does what is due and says when to wake next.
 * 2. When it finds the confirmation period of a proposed resolution over, the resolution use-case
 *    closes the case (R-SEV1-5) and the clock stops; if staff resolved it meanwhile, the lapsed
 *    proposal is dropped and the clock step runs on.
 */
export async function wakeCaseClock(
  deps: Deps,
  caseId: string,
  generation: number
): Promise<ClockStepResult> {
  const step = await caseClockStep(deps, caseId, generation);
  if (step.next !== 'CLOSE_UNANSWERED_RESOLUTION') return step;
  if (await closeUnansweredResolution(deps, caseId))
    return { next: 'DONE', wakeAt: deps.clock.now().toISOString() };
  return caseClockStep(deps, caseId, generation, { resolutionSettled: true });
}

import { continueWhenLong } from '../domain/sev1';
import { awaitCallback } from './await-callback';
import { continueSev1Workflow } from './continue-sev1';
import { decideSev1Step } from './decide-sev1-step';
import { pageOnCall } from './page-on-call';
import { recordCallbackBreach } from './record-callback-breach';
import { awaitUpdate } from './sev1-updates';

/** What a task of the sev1-callback state machine asks for (workflows/sev1-callback.ts). */
export type Sev1StepInput =
  | { action: 'decide' | 'record-breach' | 'continue'; caseId: string; loops: number }
  | {
      action: 'await-ack' | 'await-callback' | 'await-update';
      caseId: string;
      taskToken: string;
      timeoutSeconds: number;
    };

/** What the steps of a Sev-1 workflow use, together. */
export type Sev1StepDeps = Parameters<typeof decideSev1Step>[0] &
  Parameters<typeof recordCallbackBreach>[0] &
  Parameters<typeof continueSev1Workflow>[0] &
  Parameters<typeof pageOnCall>[0] &
  Parameters<typeof awaitCallback>[0] &
  Parameters<typeof awaitUpdate>[0];

/** What `Decide` and `RecordBreach` return; the state machine's ResultSelector reads these fields. */
export interface StepResult {
  /** Decide → wait loops in this execution, for continue-as-new. */
  loops: number;
  next: string;
  timeoutSeconds: number;
}

/** One step of a Sev-1 callback workflow: decide what is due, record a breach, continue as new, or park a task. */
export async function runSev1Step(
  services: Sev1StepDeps,
  input: Sev1StepInput
): Promise<StepResult | { parked: true } | { continued: true }> {
  switch (input.action) {
    case 'decide': {
      const decision = continueWhenLong(
        await decideSev1Step(services, input.caseId),
        input.loops,
        services.config.oncall.workflowLoopsBeforeContinue
      );
      const { next, timeoutSeconds } = decision;
      return { loops: input.loops + 1, next, timeoutSeconds };
    }
    case 'record-breach':
      await recordCallbackBreach(services, input.caseId);
      return { loops: input.loops, next: 'DECIDE', timeoutSeconds: 1 };
    case 'continue':
      await continueSev1Workflow(services, input.caseId);
      return { continued: true };
    case 'await-ack':
      await pageOnCall(services, input.caseId, input.taskToken);
      return { parked: true };
    case 'await-callback':
      await awaitCallback(services, input.caseId, input.taskToken);
      return { parked: true };
    case 'await-update':
      await awaitUpdate(services, input.caseId, input.taskToken);
      return { parked: true };
  }
}

import { sev1ExecutionName } from '../../domain/sev1';
import { caseClockExecutionName } from '../../domain/sla';
import type { Workflows } from '../../ports';

/** The slice of the local Step Functions service this adapter uses (local/step-functions). */
export interface LocalStepFunctionsClient {
  start(machine: string, name: string, input: unknown): Promise<'started' | 'exists'>;
  status(name: string): Promise<string>;
  sendTaskSuccess(token: string, output: unknown): Promise<'resumed' | 'gone'>;
}

export const SEV1_CALLBACK_MACHINE = 'sev1-callback';
export const CASE_CLOCK_MACHINE = 'case-clock';

export class LocalWorkflows implements Workflows {
  constructor(private readonly sfn: LocalStepFunctionsClient) {}

  async startSev1Callback(caseId: string, attempt: number): Promise<void> {
    await this.sfn.start(SEV1_CALLBACK_MACHINE, sev1ExecutionName(caseId, attempt), { caseId });
  }

  async isSev1CallbackRunning(caseId: string, attempt: number): Promise<boolean> {
    return (await this.sfn.status(sev1ExecutionName(caseId, attempt))) === 'RUNNING';
  }

  async startCaseClock(caseId: string, generation: number, wakeAt?: string): Promise<void> {
    await this.sfn.start(CASE_CLOCK_MACHINE, caseClockExecutionName(caseId, generation), {
      caseId,
      generation,
      ...(wakeAt ? { wakeAt } : {}),
    });
  }

  async isCaseClockRunning(caseId: string, generation: number): Promise<boolean> {
    return (await this.sfn.status(caseClockExecutionName(caseId, generation))) === 'RUNNING';
  }

  resume(token: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'> {
    return this.sfn.sendTaskSuccess(token, output);
  }
}

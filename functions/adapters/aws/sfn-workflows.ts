import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { sev1ExecutionName } from '../../domain/sev1';
import { caseClockExecutionName } from '../../domain/sla';
import type { Workflows } from '../../ports';

/** A function's workflows: the state machines it starts or asks about (the others are not configured). */
export const sfnWorkflows = (
  stateMachines: { sev1Callback?: string; caseClock?: string } = {}
): SfnWorkflows => new SfnWorkflows(new SFNClient({}), stateMachines);

export class SfnWorkflows implements Workflows {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachines: { sev1Callback?: string; caseClock?: string }
  ) {}

  private arn(which: 'sev1Callback' | 'caseClock'): string {
    const arn = this.stateMachines[which];
    if (!arn) throw new Error(`the ${which} state machine is not configured for this function`);
    return arn;
  }

  startSev1Callback(caseId: string, attempt: number): Promise<void> {
    return this.start(this.arn('sev1Callback'), sev1ExecutionName(caseId, attempt), { caseId });
  }

  isSev1CallbackRunning(caseId: string, attempt: number): Promise<boolean> {
    return this.isRunning(this.arn('sev1Callback'), sev1ExecutionName(caseId, attempt));
  }

  startCaseClock(caseId: string, generation: number, wakeAt?: string): Promise<void> {
    return this.start(this.arn('caseClock'), caseClockExecutionName(caseId, generation), {
      caseId,
      generation,
      ...(wakeAt ? { wakeAt } : {}),
    });
  }

  isCaseClockRunning(caseId: string, generation: number): Promise<boolean> {
    return this.isRunning(this.arn('caseClock'), caseClockExecutionName(caseId, generation));
  }

  private async start(stateMachineArn: string, name: string, input: unknown): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) })
      );
    } catch (error) {
      // Same name already started (running or finished): the timer exists, nothing to do.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }

  private async isRunning(stateMachineArn: string, name: string): Promise<boolean> {
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return out.status === 'RUNNING';
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return false;
      throw error;
    }
  }

  async resume(token: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'> {
    try {
      await this.client.send(
        new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })
      );
      return 'resumed';
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken)
        return 'gone';
      throw error;
    }
  }
}

import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { sev1ExecutionName } from '../../domain/sev1';
import type { Workflows } from '../../ports';

export class SfnWorkflows implements Workflows {
  constructor(
    private readonly client: SFNClient,
    private readonly sev1StateMachineArn: string
  ) {}

  async startSev1Callback(caseId: string, attempt: number): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.sev1StateMachineArn,
          name: sev1ExecutionName(caseId, attempt),
          input: JSON.stringify({ caseId }),
        })
      );
    } catch (error) {
      // Same name already started (running or finished): the chain exists, nothing to do.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }

  async isSev1CallbackRunning(caseId: string, attempt: number): Promise<boolean> {
    const executionArn = `${this.sev1StateMachineArn.replace(':stateMachine:', ':execution:')}:${sev1ExecutionName(caseId, attempt)}`;
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

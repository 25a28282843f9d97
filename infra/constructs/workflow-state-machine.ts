import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

export interface WorkflowStateMachineProps {
  /** Suffix of the state machine's name: `<stackName>-<name>`. */
  readonly name: string;
  /** The ASL from workflows/, with `${…}` placeholders. */
  readonly definitionJson: string;
  readonly substitutions: Record<string, string>;
  /** The one function its tasks invoke. */
  readonly stepFunctionArn: string;
}

export interface WorkflowStateMachine {
  readonly stateMachine: sfn.StateMachine;
  /** ARN pattern of its executions (`…:execution:<name>:*`), for DescribeExecution grants. */
  readonly executionsArn: string;
}

/**
 * A workflow's ARN built from its fixed name, not a reference: its own step function may start it
 * (continue-as-new) without a dependency cycle.
 */
export function workflowArnByName(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: `${Stack.of(scope).stackName}-${name}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A Standard state machine deployed exactly as written in workflows/ (one definition for CDK and
 * the local runner), logging every transition to its own log group without payloads (they may
 * carry task tokens), traced, and allowed to invoke its one step function and nothing else.
 * Its parts (`Logs`, `StateMachine`) are created in the capability's own construct.
 */
export function deployWorkflow(scope: Construct, props: WorkflowStateMachineProps): WorkflowStateMachine {
  // A fixed name keeps execution ARNs readable and lets IAM name them without a lookup.
  const stateMachineName = `${Stack.of(scope).stackName}-${props.name}`;
  // Not named: log groups outlive the stack (RETAIN), and a fixed name would block redeploying it.
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(props.definitionJson),
    definitionSubstitutions: props.substitutions,
    // Every transition is logged, but not the payloads: a task token in a log is as good as an
    // acknowledgement to whoever can read the log. Ids are in the execution names.
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
  });
  // fromString() does not see the tasks, so nothing is granted for them: the ASL names the
  // unqualified function ARN, and that is all the role may invoke.
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.stepFunctionArn] })
  );
  acknowledge(
    stateMachine.role,
    'AwsSolutions-IAM5[Resource::*]',
    'Step Functions log delivery (logs:CreateLogDelivery etc.) and X-Ray support no resource-level permissions'
  );
  const executionsArn = Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return { stateMachine, executionsArn };
}

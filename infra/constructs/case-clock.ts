import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CaseClockStepEnvSchema } from '../../functions/config/env';
import { type CaseClockSubstitution, caseClockDefinitionJson } from '../../workflows/case-clock';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';

export interface CaseClockProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
}

/**
 * SLA clocks (R-SLA-1…4, R-ESC-2/3/6): the Standard `case-clock` state machine from
 * workflows/case-clock.ts, deployed as written, and the step function behind it, which sends
 * warnings, breach notices and the customer's hand-over notice.
 */
export class CaseClock extends Construct {
  readonly step: CaseflowFunction<typeof CaseClockStepEnvSchema>;
  readonly stateMachine: sfn.StateMachine;
  private readonly executions: string;

  constructor(scope: Construct, id: string, props: CaseClockProps) {
    super(scope, id);
    this.step = new CaseflowFunction(this, 'Step', {
      entry: 'functions/handlers/case-clock-step.ts',
      description: 'Case clock step: warnings, breaches, tier escalation and notices, once each',
      platform: props.platform,
      envSchema: CaseClockStepEnvSchema,
      environment: {},
      timeout: Duration.seconds(60),
    });
    props.mail.grantSend(this.step);

    const stateMachineName = `${Stack.of(this).stackName}-case-clock`;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    const substitutions: Record<CaseClockSubstitution, string> = {
      CaseClockStepFunctionArn: this.step.lambdaFunction.functionArn,
    };
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(caseClockDefinitionJson()),
      definitionSubstitutions: substitutions,
      // Payloads are case ids and instants; logged without them all the same, like the Sev-1 machine.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.step.lambdaFunction.functionArn],
      })
    );
    acknowledge(
      this.stateMachine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery etc.) and X-Ray support no resource-level permissions'
    );
    this.executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    new cloudwatch.Alarm(this, 'FailedAlarm', {
      alarmDescription:
        'A case clock execution failed: an SLA target may not be watched. The watchdog re-arms it.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Lets a function (re-)arm case clocks: start executions and look them up by name. */
  grantArm(fn: { role: iam.Role; grantPrincipal: iam.IPrincipal }): void {
    this.stateMachine.grantStartExecution(fn.grantPrincipal);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [this.executions] })
    );
    acknowledge(
      fn.role,
      wildcardResourceFinding(this, this.executions),
      'DescribeExecution on executions of the one case-clock state machine; names carry case ids known only at run time'
    );
  }
}

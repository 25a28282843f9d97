import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CaseClockStepEnvSchema } from '../../functions/config/env';
import { type CaseClockSubstitution, caseClockDefinitionJson } from '../../workflows/case-clock';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';
import { deployWorkflow } from './workflow-state-machine';

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
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer (135 KB) and the SES client.
      maxBundleKb: 710,
    });
    props.mail.grantSend(this.step);

    const substitutions: Record<CaseClockSubstitution, string> = {
      CaseClockStepFunctionArn: this.step.lambdaFunction.functionArn,
    };
    ({ stateMachine: this.stateMachine, executionsArn: this.executions } = deployWorkflow(this, {
      name: 'case-clock',
      definitionJson: caseClockDefinitionJson(),
      substitutions,
      stepFunctionArn: this.step.lambdaFunction.functionArn,
    }));

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

import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { Sev1StepEnvSchema } from '../../functions/config/env';
import { type Sev1CallbackSubstitution, sev1CallbackDefinitionJson } from '../../workflows/sev1-callback';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge } from './nag';
import type { PageLinkKey } from './page-links';

export interface Sev1WorkflowProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
  readonly pageLinks: PageLinkKey;
  /** Where page links point: the HTTP API's endpoint or a custom domain in front of it. */
  readonly publicBaseUrl: string;
}

/**
 * The Sev-1 callback workflow (R-SEV1-1, R-SEV1-2): the Standard state machine from
 * workflows/sev1-callback.ts, deployed as written (one definition for CDK and the local runner),
 * and the sev1-step function behind every one of its tasks.
 */
export class Sev1Workflow extends Construct {
  readonly step: CaseflowFunction<typeof Sev1StepEnvSchema>;
  readonly stateMachine: sfn.StateMachine;
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: Sev1WorkflowProps) {
    super(scope, id);
    const { platform } = props;

    this.step = new CaseflowFunction(this, 'Sev1Step', {
      entry: 'functions/handlers/sev1-step.ts',
      description: 'Sev-1 callback steps: decide, page on-call, register waits, record a breach',
      platform,
      envSchema: Sev1StepEnvSchema,
      environment: {
        PUBLIC_BASE_URL: props.publicBaseUrl,
        PAGE_LINK_KEY_ID: props.pageLinks.keyArn,
      },
      // The state machine gives a step 900 s (STEP_TIMEOUT_SECONDS); the function gives up long before.
      timeout: Duration.seconds(60),
    });
    props.mail.grantSend(this.step);
    props.pageLinks.grantSign(this.step);

    // A fixed name keeps execution ARNs (`…:execution:<name>:sev1-<caseId>-<attempt>`) readable
    // and lets IAM name them without looking the name up.
    const stateMachineName = `${Stack.of(this).stackName}-sev1-callback`;
    // Not named: log groups outlive the stack (RETAIN), and a fixed name would block redeploying it.
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });

    const substitutions: Record<Sev1CallbackSubstitution, string> = {
      Sev1StepFunctionArn: this.step.lambdaFunction.functionArn,
    };
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(sev1CallbackDefinitionJson()),
      definitionSubstitutions: substitutions,
      // Every transition is logged, but not the payloads: they carry the task tokens, and a token in
      // a log is as good as an acknowledgement to whoever can read the log. Ids are in the names.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // fromString() does not see the tasks, so nothing is granted for them. The ASL names the
    // unqualified function ARN, and that is all the role may invoke.
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

    this.failedAlarm = new cloudwatch.Alarm(this, 'FailedAlarm', {
      alarmDescription:
        'A Sev-1 callback execution failed or timed out: a Sev-1 case may have no running clock. ' +
        'The watchdog re-arms it within 5 minutes; check the execution history.',
      metric: new cloudwatch.MathExpression({
        label: 'failed + timed out',
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: this.stateMachine.metricFailed(),
          timedOut: this.stateMachine.metricTimedOut(),
        },
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

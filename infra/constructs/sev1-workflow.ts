import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { Sev1StepEnvSchema } from '../../functions/config/env';
import { type Sev1CallbackSubstitution, sev1CallbackDefinitionJson } from '../../workflows/sev1-callback';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import type { PageLinkKey } from './page-links';
import { deployWorkflow, workflowArnByName } from './workflow-state-machine';

/** `<stackName>-sev1-callback`. */
const WORKFLOW_NAME = 'sev1-callback';

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
  /** ARN pattern of its executions, for DescribeExecution grants. */
  readonly executionsArn: string;
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: Sev1WorkflowProps) {
    super(scope, id);
    const { platform } = props;

    const ownArn = workflowArnByName(this, WORKFLOW_NAME);
    this.step = new CaseflowFunction(this, 'Sev1Step', {
      entry: 'functions/handlers/sev1-step.ts',
      description:
        'Sev-1 callback steps: decide, page on-call, register waits, record a breach, continue as new',
      platform,
      envSchema: Sev1StepEnvSchema,
      environment: {
        PUBLIC_BASE_URL: props.publicBaseUrl,
        PAGE_LINK_KEY_ID: props.pageLinks.keyArn,
        SEV1_STATE_MACHINE_ARN: ownArn,
      },
      // The state machine gives a step 900 s (STEP_TIMEOUT_SECONDS); the function gives up long before.
      timeout: Duration.seconds(60),
      // A page waits on its cold start.
      importBudget: 1,
      // Over the 600 KB goal by the pages it sends: nodemailer's MIME composer (135 KB), the SES, SNS
      // and KMS clients; a status it sets rewrites the case's search copies (2 KB).
      maxBundleKb: 775,
    });
    props.mail.grantSend(this.step);
    props.pageLinks.grantSign(this.step);
    // Continue-as-new: a long incident's next execution is started by the step itself.
    this.step.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [ownArn] })
    );
    // SMS pages go straight to a phone number, which is no resource: Publish is allowed to anything
    // that is not a topic, so the role can never post to one of the account's SNS topics.
    this.step.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] })
    );

    const substitutions: Record<Sev1CallbackSubstitution, string> = {
      Sev1StepFunctionArn: this.step.lambdaFunction.functionArn,
    };
    ({ stateMachine: this.stateMachine, executionsArn: this.executionsArn } = deployWorkflow(this, {
      name: WORKFLOW_NAME,
      definitionJson: sev1CallbackDefinitionJson(),
      substitutions,
      stepFunctionArn: this.step.lambdaFunction.functionArn,
    }));

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

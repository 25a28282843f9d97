import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WatchdogEnvSchema } from '../../functions/config/env';
import type { CaseClock } from './case-clock';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';

export interface WatchdogProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
  readonly sev1StateMachine: sfn.StateMachine;
  readonly caseClock: CaseClock;
}

/** How often the watchdog looks; also the longest a lost Sev-1 clock stays lost. */
export const WATCHDOG_RATE = Duration.minutes(5);

/**
 * The watchdog (DESIGN "Clocks and workflows"): every 5 minutes it checks that each open Sev-1
 * has a running callback execution and starts the next attempt where one is missing. One at a
 * time (reserved concurrency 1), so two runs never re-arm the same case.
 */
export class Watchdog extends Construct {
  readonly watchdog: CaseflowFunction<typeof WatchdogEnvSchema>;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: WatchdogProps) {
    super(scope, id);
    const { sev1StateMachine } = props;

    this.watchdog = new CaseflowFunction(this, 'Watchdog', {
      entry: 'functions/handlers/watchdog.ts',
      description: 'Watchdog: re-arms Sev-1 callback workflows that are not running',
      platform: props.platform,
      envSchema: WatchdogEnvSchema,
      environment: {
        SEV1_STATE_MACHINE_ARN: sev1StateMachine.stateMachineArn,
        CASE_CLOCK_STATE_MACHINE_ARN: props.caseClock.stateMachine.stateMachineArn,
      },
      reservedConcurrentExecutions: 1,
      timeout: Duration.minutes(2),
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer (135 KB) and the SES client.
      maxBundleKb: 710,
    });
    sev1StateMachine.grantStartExecution(this.watchdog);
    // Looks executions up by name (sev1-<caseId>-<attempt>); names are known only at run time.
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${sev1StateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.watchdog.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] })
    );
    acknowledge(
      this.watchdog.role,
      wildcardResourceFinding(this, executions),
      'DescribeExecution on executions of the one Sev-1 state machine; execution names carry case ids known only at run time'
    );
    props.mail.grantSend(this.watchdog);
    props.caseClock.grantArm(this.watchdog);

    // Scheduler's own role, here rather than CDK's shared one, so its permissions sit with the schedule.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'caseflow: EventBridge Scheduler invokes the watchdog',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'caseflow watchdog: re-arm lost Sev-1 clocks',
      schedule: scheduler.ScheduleExpression.rate(WATCHDOG_RATE),
      target: new targets.LambdaInvoke(this.watchdog.lambdaFunction, {
        role: scheduleRole,
        retryAttempts: 2,
        // A run older than the next one is worthless.
        maxEventAge: Duration.minutes(4),
      }),
    });

    acknowledge(
      scheduleRole,
      wildcardResourceFinding(this, `${this.watchdog.lambdaFunction.functionArn}:*`),
      'grantInvoke also names versions and aliases (function:*) of the one watchdog function; nothing else'
    );

    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The watchdog failed: lost Sev-1 clocks are not being re-armed',
      metric: this.watchdog.lambdaFunction.metricErrors({ period: Duration.minutes(15) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

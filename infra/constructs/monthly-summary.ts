import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { MonthlySummaryEnvSchema } from '../../functions/config/env';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';

export interface MonthlySummaryProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
}

/**
 * The monthly SLA and availability summary (docs/reports.md): EventBridge Scheduler invokes the
 * function every day at 07:00 Europe/Warsaw; it sends only on the first working day of a month
 * (and catch-up days after a missed run), once per customer and month (the notice ledger), so a
 * repeated or retried run sends nothing twice.
 */
export class MonthlySummary extends Construct {
  readonly summary: CaseflowFunction<typeof MonthlySummaryEnvSchema>;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: MonthlySummaryProps) {
    super(scope, id);
    this.summary = new CaseflowFunction(this, 'MonthlySummary', {
      entry: 'functions/handlers/monthly-summary.ts',
      description:
        "Monthly summary: mails each customer's TAM the previous month's availability, SLA compliance and cases",
      platform: props.platform,
      envSchema: MonthlySummaryEnvSchema,
      environment: {},
      // One run at a time: two would race for the same ledger claims (harmless, but pointless).
      reservedConcurrentExecutions: 1,
      timeout: Duration.minutes(5),
      // A failed send gives its ledger claim back (DeleteItem) so the next run sends it.
      deletesItems: true,
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer and the SES client (as the watchdog).
      maxBundleKb: 710,
    });
    props.mail.grantSend(this.summary);

    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'caseflow: EventBridge Scheduler invokes the monthly summary',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'caseflow monthly summary: daily check for the first working day of the month',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '7',
        timeZone: TimeZone.EUROPE_WARSAW,
      }),
      target: new targets.LambdaInvoke(this.summary.lambdaFunction, {
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });
    acknowledge(
      scheduleRole,
      wildcardResourceFinding(this, `${this.summary.lambdaFunction.functionArn}:*`),
      'grantInvoke also names versions and aliases (function:*) of the one summary function; nothing else'
    );

    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: "The monthly summary failed: customers may not have had last month's report",
      metric: this.summary.lambdaFunction.metricErrors({ period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

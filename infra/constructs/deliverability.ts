import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import {
  BlacklistCheckEnvSchema,
  SendingEventsEnvSchema,
  WarmupProgressEnvSchema,
} from '../../functions/config/env';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { CaseflowHttpApi } from './http-api';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';

export interface DeliverabilityProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
  /** The desk's API routes are added to this API (same function, IAM-authorized). */
  readonly httpApi: CaseflowHttpApi;
}

/** SES event types counted for warm-up and scanned for block codes. */
const SES_EVENTS = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.REJECT,
];
/** The detail-types SES gives those events on EventBridge. */
export const SES_DETAIL_TYPES = [
  'Email Sent',
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Delivery Delayed',
  'Email Rejected',
];

/**
 * The deliverability desk (R-DLV-1…4):
 * - `blacklist-check`: every `deliverability.blacklist.intervalMinutes` (15) by EventBridge Scheduler,
 *   one at a time (reserved concurrency 1), timeout above the cycle's own time budget;
 * - `warmup-progress`: daily at `deliverability.warmup.dailyAt` UTC: warm-up decisions and
 *   remediation follow-ups;
 * - `sending-events`: SES sending events (a configuration set publishing to the default event bus,
 *   plus a rule for every configuration set that does) and `case.opened` from the caseflow bus;
 * - PUT/DELETE routes of /api/deliverability on the HTTP API (GET and POST are already routed
 *   to the same function under /api/{proxy+}).
 */
export class Deliverability extends Construct {
  readonly blacklistCheck: CaseflowFunction<typeof BlacklistCheckEnvSchema>;
  readonly warmupProgress: CaseflowFunction<typeof WarmupProgressEnvSchema>;
  readonly sendingEvents: CaseflowFunction<typeof SendingEventsEnvSchema>;
  readonly blacklistSchedule: scheduler.Schedule;
  readonly dailySchedule: scheduler.Schedule;
  readonly sendingConfigurationSet: ses.ConfigurationSet;
  readonly sesEventsRule: events.Rule;
  readonly caseOpenedRule: events.Rule;

  constructor(scope: Construct, id: string, props: DeliverabilityProps) {
    super(scope, id);
    const { platform } = props;
    const settings = platform.config.deliverability;
    const stack = Stack.of(this);

    const budget = settings.blacklist.cycleBudgetSeconds;
    this.blacklistCheck = new CaseflowFunction(this, 'BlacklistCheck', {
      entry: 'functions/handlers/blacklist-check.ts',
      description:
        'Blacklist monitoring: self-tests the DNSBL zones, checks every sending IP and domain, opens cases',
      platform,
      envSchema: BlacklistCheckEnvSchema,
      environment: {},
      // Queries still in flight at the budget finish within one query timeout × attempts.
      timeout: Duration.seconds(Math.min(900, budget + 60)),
      reservedConcurrentExecutions: 1,
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer (135 KB) and the SES
      // client; a status it sets rewrites the case's search copies (2 KB).
      maxBundleKb: 725,
    });
    this.warmupProgress = new CaseflowFunction(this, 'WarmupProgress', {
      entry: 'functions/handlers/warmup-progress.ts',
      description: 'Daily IP warm-up progression and remediation follow-ups',
      platform,
      envSchema: WarmupProgressEnvSchema,
      environment: {},
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer (135 KB) and the SES client.
      maxBundleKb: 680,
    });
    this.sendingEvents = new CaseflowFunction(this, 'SendingEvents', {
      entry: 'functions/handlers/sending-events.ts',
      description: 'SES sending events and opened cases: warm-up counters and bounce-code recognition',
      platform,
      envSchema: SendingEventsEnvSchema,
      environment: {},
      timeout: Duration.seconds(60),
      // Over the 600 KB goal by the mail it sends: nodemailer's MIME composer (135 KB) and the SES client.
      maxBundleKb: 680,
    });
    for (const fn of [this.blacklistCheck, this.warmupProgress, this.sendingEvents]) props.mail.grantSend(fn);

    // Schedules, each with its own role (as the watchdog's), limited to its one function.
    const schedule = (
      name: string,
      fn: { lambdaFunction: lambda.IFunction },
      expression: scheduler.ScheduleExpression,
      description: string,
      maxEventAge: Duration
    ) => {
      const role = new iam.Role(this, `${name}ScheduleRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
        description: `caseflow: EventBridge Scheduler invokes ${name}`,
      });
      const s = new scheduler.Schedule(this, `${name}Schedule`, {
        description,
        schedule: expression,
        target: new schedulerTargets.LambdaInvoke(fn.lambdaFunction, { role, retryAttempts: 2, maxEventAge }),
      });
      acknowledge(
        role,
        wildcardResourceFinding(this, `${fn.lambdaFunction.functionArn}:*`),
        `grantInvoke also names versions and aliases (function:*) of the one ${name} function; nothing else`
      );
      return s;
    };
    const interval = settings.blacklist.intervalMinutes;
    this.blacklistSchedule = schedule(
      'BlacklistCheck',
      this.blacklistCheck,
      scheduler.ScheduleExpression.rate(Duration.minutes(interval)),
      `caseflow blacklist check every ${interval} minutes (R-DLV-3)`,
      // A run older than the next one is worthless.
      Duration.minutes(Math.max(1, interval - 1))
    );
    const [hour = '00', minute = '15'] = settings.warmup.dailyAt.split(':');
    this.dailySchedule = schedule(
      'WarmupProgress',
      this.warmupProgress,
      scheduler.ScheduleExpression.cron({ hour: String(Number(hour)), minute: String(Number(minute)) }),
      `caseflow daily warm-up progression at ${settings.warmup.dailyAt} UTC (R-DLV-2)`,
      Duration.hours(6)
    );

    // SES sending events → the default bus → sending-events. Customers' sending uses this
    // configuration set (or any set with an EventBridge destination: the rule matches them all).
    this.sendingConfigurationSet = new ses.ConfigurationSet(this, 'SendingConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    new CfnOutput(this, 'SendingConfigurationSetName', {
      description:
        'SES configuration set whose sending events feed the warm-up counters (use it for warmed IPs)',
      value: this.sendingConfigurationSet.configurationSetName,
    });
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    new ses.ConfigurationSetEventDestination(this, 'SendingEventsToEventBridge', {
      configurationSet: this.sendingConfigurationSet,
      destination: ses.EventDestination.eventBus(defaultBus),
      events: SES_EVENTS,
    });
    this.sesEventsRule = new events.Rule(this, 'SesEventsRule', {
      description: 'caseflow: SES sending events for warm-up counters and bounce-code recognition',
      eventBus: defaultBus,
      eventPattern: { source: ['aws.ses'], detailType: SES_DETAIL_TYPES },
      targets: [
        new eventTargets.LambdaFunction(this.sendingEvents.lambdaFunction, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    this.caseOpenedRule = new events.Rule(this, 'CaseOpenedRule', {
      description: 'caseflow: opened cases are scanned for quoted bounce codes (R-DLV-4)',
      eventBus: platform.bus,
      // Only cases whose mail quotes bounce codes: the rest would cost an invocation and a read each.
      eventPattern: {
        source: ['caseflow'],
        detailType: ['case.opened'],
        detail: { quotesBounceCodes: [true] },
      },
      targets: [
        new eventTargets.LambdaFunction(this.sendingEvents.lambdaFunction, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    // The desk's writes that are not POST (PUT accounts/plans/stage tables, DELETE accounts).
    props.httpApi.addStaffRoutes('/deliverability/{proxy+}', [apigw.HttpMethod.PUT, apigw.HttpMethod.DELETE]);

    for (const [name, fn, what] of [
      [
        'BlacklistCheckErrors',
        this.blacklistCheck,
        'The blacklist check failed: listings are not being detected',
      ],
      ['WarmupProgressErrors', this.warmupProgress, 'The warm-up progression failed: no decisions today'],
      [
        'SendingEventsErrors',
        this.sendingEvents,
        'Sending events failed: warm-up counters or bounce codes are being lost',
      ],
    ] as const) {
      new cloudwatch.Alarm(this, name, {
        alarmDescription: what,
        metric: fn.lambdaFunction.metricErrors({ period: Duration.minutes(15) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }
}

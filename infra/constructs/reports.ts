import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { ReportAggregatorEnvSchema } from '../../functions/config/env';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';

export interface ReportsProps {
  readonly platform: CaseflowPlatform;
}

/** The domain events a report counts something from (functions/use-cases/reports/case-facts.ts). */
export const REPORTED_EVENTS = [
  'case.opened',
  'sla.breached',
  'page.acknowledged',
  'callback.completed',
  'staff.acted',
];

/**
 * Reports (docs/reports.md): the aggregator Lambda and the rule that feeds it the events about
 * cases from the `caseflow` bus. EventBridge delivers at least once; the aggregator counts each
 * fact once, so retries are safe. The reports themselves are read by the API.
 */
export class Reports extends Construct {
  readonly aggregator: CaseflowFunction<typeof ReportAggregatorEnvSchema>;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);
    this.aggregator = new CaseflowFunction(this, 'Aggregator', {
      entry: 'functions/handlers/report-aggregator.ts',
      description: 'Reports: adds the facts of each case event to the day aggregates',
      platform: props.platform,
      envSchema: ReportAggregatorEnvSchema,
      environment: {},
      timeout: Duration.seconds(30),
    });
    this.rule = new events.Rule(this, 'CaseEventsRule', {
      description: 'caseflow: events about cases feed the report aggregates (R-REP-1..3)',
      eventBus: props.platform.bus,
      eventPattern: { source: ['caseflow'], detailType: REPORTED_EVENTS },
      targets: [
        new eventTargets.LambdaFunction(this.aggregator.lambdaFunction, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The report aggregator failed: run `caseflow reports rebuild` for the days affected',
      metric: this.aggregator.lambdaFunction.metricErrors({ period: Duration.minutes(15) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

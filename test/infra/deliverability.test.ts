import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SES_DETAIL_TYPES } from '../../infra/constructs/deliverability';
import { actionsOf, build, cleanUpTempDirs, logicalId, statementsOf } from './synth';

/** The deliverability desk's infrastructure (R-DLV-2…4): schedules, functions, event routing, IAM. */
cleanUpTempDirs();

describe('deliverability construct', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  beforeAll(() => {
    built = build();
    template = built.template;
  });
  const d = () => built.stack.deliverability;

  it('schedules the blacklist check every 15 minutes and the warm-up daily at 00:15 UTC', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(d().blacklistCheck.lambdaFunction), 'Arn'] },
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 0 * * ? *)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(d().warmupProgress.lambdaFunction), 'Arn'] },
      }),
    });
  });

  it('runs one blacklist check and one progression at a time, the check longer than its budget', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      ReservedConcurrentExecutions: 1,
      Timeout: built.config.deliverability.blacklist.cycleBudgetSeconds + 60,
    });
  });

  it('routes SES sending events from the default bus and case.opened from the caseflow bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'deliveryDelay', 'reject'],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': SES_DETAIL_TYPES },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(d().sendingEvents.lambdaFunction), 'Arn'] } }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(built.stack.events.bus) },
      EventPattern: {
        source: ['caseflow'],
        'detail-type': ['case.opened'],
        detail: { quotesBounceCodes: [true] },
      },
    });
  });

  it('adds PUT and DELETE routes for the desk: staff tokens on /api, IAM on /ops/api', () => {
    for (const method of ['PUT', 'DELETE']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${method} /api/deliverability/{proxy+}`,
        AuthorizationType: 'JWT',
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${method} /ops/api/deliverability/{proxy+}`,
        AuthorizationType: 'AWS_IAM',
      });
    }
  });

  it('gives each function least privilege: logs, tracing, the table, the bus and sending mail only', () => {
    for (const fn of [d().blacklistCheck, d().warmupProgress, d().sendingEvents]) {
      const specific = [...new Set(actionsOf(statementsOf(template, logicalId(fn.role))))].filter(
        (a) =>
          !a.startsWith('dynamodb:') &&
          !a.startsWith('logs:') &&
          !a.startsWith('xray:') &&
          a !== 'events:PutEvents'
      );
      expect(specific).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    }
  });
});

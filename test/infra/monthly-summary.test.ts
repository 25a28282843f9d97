import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { asArray, build, cleanUpTempDirs, logicalId, statementsOf } from './synth';

/** The monthly summary: a daily schedule at 07:00 Warsaw, one function, nothing it does not use. */
cleanUpTempDirs();

let built: ReturnType<typeof build>;
let template: Template;
beforeAll(() => {
  built = build();
  template = built.template;
}, 120_000);

describe('monthly summary', () => {
  it('is invoked every day at 07:00 Europe/Warsaw, with retries, one run at a time', () => {
    const fn = built.stack.monthlySummary.summary.lambdaFunction;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Warsaw',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Description: Match.stringLikeRegexp('Monthly summary'),
    });
  });

  it('its schedule role may invoke only that function', () => {
    const fn = built.stack.monthlySummary.summary.lambdaFunction;
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { Description: 'caseflow: EventBridge Scheduler invokes the monthly summary' },
    });
    const [roleId] = Object.keys(roles);
    expect(roleId).toBeDefined();
    const statements = statementsOf(template, roleId as string);
    expect(statements.flatMap((s) => asArray(s.Action))).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(statements.map((s) => s.Resource))).toContain(logicalId(fn));
  });

  it('the function reads and writes the table and sends mail: no scan, no other service', () => {
    const role = built.stack.monthlySummary.summary.role;
    const actions = statementsOf(template, logicalId(role)).flatMap((s) => asArray(s.Action));
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('dynamodb:DeleteItem');
    expect(actions.some((a) => a.startsWith('ses:Send'))).toBe(true);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => !/^(dynamodb|ses|events|logs|xray|kms):/.test(a))).toEqual([]);
  });

  it('leaves no unacknowledged cdk-nag finding on its construct', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stack.monthlySummary);
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)
    ).toEqual([]);
  });
});

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIVE_DETAIL_TYPES } from '../../infra/constructs/live-updates';
import { actionsOf, asArray, build, cleanUpTempDirs, logicalId, statementsOf } from './synth';

/**
 * The console's live channel on AWS: an AppSync Events API whose connections and subscriptions
 * take the staff user pool's tokens, publishing only IAM (the publisher function's role), a
 * subscribe check per team, fed from the bus, and the console told where it is (config and CSP).
 * The synth itself runs cdk-nag: an unacknowledged finding fails `build()`.
 */
cleanUpTempDirs();

describe('live updates (AppSync Events)', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  beforeAll(() => {
    built = build();
    template = built.template;
  });

  it('has one Event API: connect and subscribe with the staff user pool, publish with IAM only', () => {
    template.resourceCountIs('AWS::AppSync::Api', 1);
    const pool = logicalId(built.stack.identity.userPool);
    template.hasResourceProperties('AWS::AppSync::Api', {
      EventConfig: {
        AuthProviders: Match.arrayEquals([
          {
            AuthType: 'AMAZON_COGNITO_USER_POOLS',
            CognitoConfig: Match.objectLike({ UserPoolId: { Ref: pool } }),
          },
          { AuthType: 'AWS_IAM' },
        ]),
        ConnectionAuthModes: [{ AuthType: 'AMAZON_COGNITO_USER_POOLS' }],
        DefaultSubscribeAuthModes: [{ AuthType: 'AMAZON_COGNITO_USER_POOLS' }],
        DefaultPublishAuthModes: [{ AuthType: 'AWS_IAM' }],
        LogConfig: Match.objectLike({ LogLevel: 'ERROR' }),
      },
    });
  });

  it('has the `cases` namespace: subscribe by user pool through the team check, publish by IAM', () => {
    template.resourceCountIs('AWS::AppSync::ChannelNamespace', 1);
    const check = logicalId(built.stack.live.subscribeCheck.lambdaFunction);
    template.hasResourceProperties('AWS::AppSync::ChannelNamespace', {
      Name: 'cases',
      SubscribeAuthModes: [{ AuthType: 'AMAZON_COGNITO_USER_POOLS' }],
      PublishAuthModes: [{ AuthType: 'AWS_IAM' }],
      HandlerConfigs: {
        OnSubscribe: {
          Behavior: 'DIRECT',
          Integration: Match.objectLike({ DataSourceName: Match.anyValue() }),
        },
      },
    });
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Type: 'AWS_LAMBDA',
      LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [check, 'Arn'] } },
    });
  });

  it('lets only the publisher publish, on the one namespace, and nothing else on the API', () => {
    const publisherRole = logicalId(built.stack.live.publisher.role);
    const appsyncStatements = statementsOf(template, publisherRole).filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('appsync:'))
    );
    expect(actionsOf(appsyncStatements)).toEqual(['appsync:EventPublish']);
    expect(JSON.stringify(appsyncStatements[0]?.Resource)).toContain('/channelNamespace/cases');
    // No other role of the stack may publish or subscribe on it.
    const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter((r) => r !== publisherRole);
    for (const role of roles)
      expect(actionsOf(statementsOf(template, role)).filter((a) => a.startsWith('appsync:'))).toEqual([]);
  });

  it('feeds the publisher the domain events about cases from the caseflow bus', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(built.stack.events.bus) },
      EventPattern: { source: ['caseflow'], 'detail-type': LIVE_DETAIL_TYPES },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(built.stack.live.publisher.lambdaFunction), 'Arn'] },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LIVE_EVENTS_HTTP_DOMAIN: { 'Fn::GetAtt': [logicalId(built.stack.live.api), 'Dns.Http'] },
        }),
      },
    });
  });

  it("tells the console where to connect: config.json's live and the CSP's connect-src", () => {
    const api = logicalId(built.stack.live.api);
    const csp = JSON.stringify(
      Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]
    );
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('wss://');
    expect(csp).toContain(`"${api}","Dns.Realtime"`);
    // config.json is written at deploy time with the API's domains filled in (the deployment's markers).
    const deployments = JSON.stringify(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toContain(`"${api}","Dns.Realtime"`);
    expect(deployments).toContain(`"${api}","Dns.Http"`);
  });
});

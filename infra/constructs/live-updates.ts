import { Duration } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '../../console/security-headers';
import { LivePublishEnvSchema, LiveSubscribeEnvSchema } from '../../functions/config/env';
import { EVENT_SOURCE } from '../../functions/domain/events';
import { LIVE_NAMESPACE } from '../../functions/domain/live-channels';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import { acknowledge, wildcardResourceFinding } from './nag';

/** The domain events that change what a queue or a case view shows (functions/domain/live-channels.ts). */
export const LIVE_DETAIL_TYPES = [
  'case.opened',
  'case.message.received',
  'case.presence.changed',
  'page.sent',
  'page.acknowledged',
  'callback.completed',
  'sla.breached',
  'staff.acted',
];

export interface LiveUpdatesProps {
  readonly platform: CaseflowPlatform;
  /** The staff user pool: its tokens open the connection and subscribe. */
  readonly userPool: cognito.IUserPool;
}

/**
 * The console's live channel (docs/live-updates.md): an AppSync Events API whose connections and
 * subscriptions take the staff user pool's tokens and whose publishing takes IAM only; one channel
 * namespace, `cases`, whose subscribe handler (a function) lets a staff member have only the
 * channels of the teams they see. An EventBridge rule sends the domain events about cases to a
 * function that publishes each to its case's channel over the HTTP endpoint, signed by its role,
 * which may publish and do nothing else on the API.
 */
export class LiveUpdates extends Construct {
  readonly api: appsync.EventApi;
  readonly namespace: appsync.ChannelNamespace;
  readonly publisher: CaseflowFunction<typeof LivePublishEnvSchema>;
  readonly subscribeCheck: CaseflowFunction<typeof LiveSubscribeEnvSchema>;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: LiveUpdatesProps) {
    super(scope, id);
    const { platform } = props;

    this.api = new appsync.EventApi(this, 'Api', {
      apiName: 'caseflow-live',
      authorizationConfig: {
        authProviders: [
          {
            authorizationType: appsync.AppSyncAuthorizationType.USER_POOL,
            cognitoConfig: { userPool: props.userPool },
          },
          { authorizationType: appsync.AppSyncAuthorizationType.IAM },
        ],
        connectionAuthModeTypes: [appsync.AppSyncAuthorizationType.USER_POOL],
        defaultSubscribeAuthModeTypes: [appsync.AppSyncAuthorizationType.USER_POOL],
        defaultPublishAuthModeTypes: [appsync.AppSyncAuthorizationType.IAM],
      },
    });
    this.logErrors();

    this.subscribeCheck = new CaseflowFunction(this, 'SubscribeCheck', {
      entry: 'functions/handlers/live-subscribe.ts',
      description: 'Live channel subscribe check: a staff member gets only the channels of their teams',
      platform,
      envSchema: LiveSubscribeEnvSchema,
      environment: {},
      timeout: Duration.seconds(5),
    });
    const subscribeCheck = this.api.addLambdaDataSource(
      'SubscribeCheck',
      this.subscribeCheck.lambdaFunction,
      {
        description: 'caseflow: who may subscribe to which team channel',
      }
    );
    acknowledge(
      subscribeCheck,
      wildcardResourceFinding(this, `${this.subscribeCheck.lambdaFunction.functionArn}:*`),
      "AppSync's data source role may invoke the one subscribe-check function and its versions (CDK grants <arn>:*)"
    );

    this.namespace = this.api.addChannelNamespace('Cases', {
      channelNamespaceName: LIVE_NAMESPACE,
      authorizationConfig: {
        subscribeAuthModeTypes: [appsync.AppSyncAuthorizationType.USER_POOL],
        publishAuthModeTypes: [appsync.AppSyncAuthorizationType.IAM],
      },
      subscribeHandlerConfig: { direct: true, dataSource: subscribeCheck },
    });

    this.publisher = new CaseflowFunction(this, 'Publisher', {
      entry: 'functions/handlers/live-publish.ts',
      description: "Live channel publisher: each domain event about a case, to its case's channel",
      platform,
      envSchema: LivePublishEnvSchema,
      environment: { LIVE_EVENTS_HTTP_DOMAIN: this.api.httpDns },
      timeout: Duration.seconds(10),
    });
    this.api.grant(
      this.publisher,
      appsync.AppSyncEventResource.ofChannelNamespace(LIVE_NAMESPACE),
      'appsync:EventPublish'
    );

    this.rule = new events.Rule(this, 'ToLiveChannels', {
      description: 'caseflow: domain events about cases, to the console live channels',
      eventBus: platform.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: LIVE_DETAIL_TYPES },
      targets: [
        new eventTargets.LambdaFunction(this.publisher.lambdaFunction, {
          // A live message is worth something for seconds; the console's slow poll covers a loss.
          retryAttempts: 2,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });
  }

  /**
   * Errors of the API to its log group, kept three months, written by a role of its own (CDK's
   * logConfig would attach an AWS managed policy and a log-retention function).
   */
  private logErrors() {
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const role = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
      description: 'caseflow live channel: AppSync Events writes its errors to its log group',
    });
    logGroup.grantWrite(role);
    (this.api.node.defaultChild as appsync.CfnApi).addPropertyOverride('EventConfig.LogConfig', {
      CloudWatchLogsRoleArn: role.roleArn,
      // Errors only: a message names a case reference and a team, never who or what was said.
      LogLevel: 'ERROR',
    });
  }

  /** What the console reads to connect (`/config.json`'s `live`). */
  get consoleLive(): NonNullable<ConsoleConfig['live']> {
    return { realtimeUrl: `wss://${this.api.realtimeDns}/event/realtime`, host: this.api.httpDns };
  }

  /** The origin the console's CSP lets it connect to. */
  get realtimeOrigin(): string {
    return `wss://${this.api.realtimeDns}`;
  }
}

import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiEnvSchema } from '../../functions/config/env';
import { FUNCTION_MEMORY_MB } from '../function-memory';
import type { CaseClock } from './case-clock';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge } from './nag';
import type { PageLinkKey } from './page-links';
import type { StaffIdentity } from './staff-identity';

export interface CaseflowHttpApiProps {
  readonly platform: CaseflowPlatform;
  readonly pageLinks: PageLinkKey;
  /** Replies and resolutions re-arm the case's SLA clock. */
  readonly caseClock: CaseClock;
  /** Staff replies go to customers by mail. */
  readonly mail: MailSending;
  /** Where page links point. @default - this API's own endpoint */
  readonly publicBaseUrl?: string;
  /** Whose access tokens the staff routes accept. */
  readonly identity: StaffIdentity;
}

/** Page routes are public: the signed, expiring link is their authorization. */
const PUBLIC_PAGE_REASON =
  'Page links are opened from mail by on-call engineers without AWS credentials; each link carries its own ' +
  'authorization (page id + expiry + KMS HMAC, verified by the function), GET never acknowledges, and the stage is throttled';

/**
 * Requests per second (and burst) per public route. Page links are opened by a handful of on-call
 * engineers; anything near these rates is someone trying links. A link with a malformed or
 * non-canonical signature, or an expired one, is refused before any KMS call.
 */
export const PUBLIC_ROUTE_THROTTLES: Record<string, { rateLimit: number; burstLimit: number }> = {
  'GET /health': { rateLimit: 5, burstLimit: 10 },
  'GET /pages/{id}': { rateLimit: 10, burstLimit: 20 },
  'GET /pages/assets/countdown.js': { rateLimit: 10, burstLimit: 20 },
  'POST /pages/{id}': { rateLimit: 5, burstLimit: 10 },
  'POST /pages/{id}/callback': { rateLimit: 5, burstLimit: 10 },
  'POST /pages/{id}/take-over': { rateLimit: 5, burstLimit: 10 },
};

/**
 * The HTTP API, served by one function (the same Hono app `npm start` serves locally):
 * - `GET /health`: public liveness;
 * - `GET|POST /pages/{id}` and `POST /pages/{id}/callback`: the ack pages, public (signed links);
 *   `GET /pages/assets/countdown.js`: their countdown script (the same for everyone, no data);
 * - `GET|POST /api/{proxy+}`: the staff API, for Cognito access tokens (JWT authorizer; the function
 *   verifies the token again and takes the actor from it);
 * - `GET|POST /ops/api/{proxy+}`: the same routes for machine callers, IAM-authorized (SigV4; grant
 *   `execute-api:Invoke` on `operatorRoutesArn` to operators only).
 */
export class CaseflowHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: CaseflowFunction<typeof ApiEnvSchema>;
  /** The execute-api ARN pattern of the IAM-protected operator routes, for `execute-api:Invoke` grants. */
  readonly operatorRoutesArn: string;
  /** What page links start with. */
  readonly publicBaseUrl: string;
  private readonly staffRoutes: {
    jwt: HttpJwtAuthorizer;
    iam: HttpIamAuthorizer;
    integration: HttpLambdaIntegration;
  };

  constructor(scope: Construct, id: string, props: CaseflowHttpApiProps) {
    super(scope, id);

    // The default stage is made below, with access logs and throttling.
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'caseflow: ack pages and the case API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // The staff API's budget; the public routes get their own, smaller ones (PUBLIC_ROUTE_THROTTLES),
      // so a flood of junk page links cannot take the staff API's requests.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No source IP: the design keeps personal data out of logs; the request id ties a line to the function's logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            caller: '$context.identity.userArn',
          })
        ),
      },
    });
    this.publicBaseUrl = props.publicBaseUrl ?? this.api.apiEndpoint;
    // Per-route throttles (the L2 stage has no setting for them; the L1 property is raw JSON, so the
    // names are CloudFormation's): each public route on its own budget.
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = Object.fromEntries(
      Object.entries(PUBLIC_ROUTE_THROTTLES).map(([route, t]) => [
        route,
        { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit },
      ])
    );

    this.handler = new CaseflowFunction(this, 'Handler', {
      entry: 'functions/handlers/api.ts',
      description: 'HTTP API: ack pages, callback confirmation, case API, health',
      platform: props.platform,
      envSchema: ApiEnvSchema,
      environment: {
        PUBLIC_BASE_URL: this.publicBaseUrl,
        PAGE_LINK_KEY_ID: props.pageLinks.keyArn,
        CASE_CLOCK_STATE_MACHINE_ARN: props.caseClock.stateMachine.stateMachineArn,
        IDENTITY_ISSUER: props.identity.issuerUrl,
        IDENTITY_CLIENT_IDS: props.identity.consoleClient.userPoolClientId,
        USER_POOL_ID: props.identity.userPool.userPoolId,
      },
      // Over the 600 KB goal: everything staff do, so every port (the intake's MIME parsing among
      // them), the Cognito and SQS clients and the HTTP app; since reports, search, labels and mail
      // settings joined it, 1,479 KB; with SLA and agent reports, the customer summary and ETags,
      // 1,503 KB.
      maxBundleKb: 1520,
      memorySize: FUNCTION_MEMORY_MB.api,
      deletesItems: true,
      // API Gateway waits at most 30 s for an integration.
      timeout: Duration.seconds(29),
    });
    props.pageLinks.grantSignAndVerify(this.handler);
    props.caseClock.grantArm(this.handler);
    props.mail.grantSend(this.handler);
    props.identity.grantUserAdministration(this.handler);

    const integration = new HttpLambdaIntegration('Handler', this.handler.lambdaFunction);
    const publicRoutes = [
      ...this.api.addRoutes({ path: '/health', methods: [apigw.HttpMethod.GET], integration }),
      ...this.api.addRoutes({
        path: '/pages/{id}',
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST],
        integration,
      }),
      ...this.api.addRoutes({ path: '/pages/{id}/callback', methods: [apigw.HttpMethod.POST], integration }),
      ...this.api.addRoutes({ path: '/pages/{id}/take-over', methods: [apigw.HttpMethod.POST], integration }),
      ...this.api.addRoutes({
        path: '/pages/assets/countdown.js',
        methods: [apigw.HttpMethod.GET],
        integration,
      }),
    ];
    for (const route of publicRoutes) {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        route.path === '/health'
          ? 'GET /health answers {"status":"ok"} only and reads no data'
          : route.path?.startsWith('/pages/assets/')
            ? "The page screens' countdown script: the same static text for everyone, no data"
            : PUBLIC_PAGE_REASON
      );
    }
    // Staff routes: Cognito access tokens of the console's client. Machine callers: IAM, under /ops.
    const jwt = new HttpJwtAuthorizer('StaffTokens', props.identity.issuerUrl, {
      jwtAudience: [props.identity.consoleClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    this.staffRoutes = { jwt, iam: new HttpIamAuthorizer(), integration };
    this.addStaffRoutes('/{proxy+}', [apigw.HttpMethod.GET, apigw.HttpMethod.POST]);
    this.operatorRoutesArn = this.api.arnForExecuteApi('*', '/ops/api/*', this.stage.stageName);
  }

  /**
   * Routes of the staff API under /api (Cognito access tokens) and the same under /ops/api (IAM,
   * machine callers), e.g. `addStaffRoutes('/deliverability/{proxy+}', [PUT, DELETE])`.
   */
  addStaffRoutes(path: string, methods: apigw.HttpMethod[]): void {
    const { jwt, iam, integration } = this.staffRoutes;
    this.api.addRoutes({ path: `/api${path}`, methods, integration, authorizer: jwt });
    this.api.addRoutes({ path: `/ops/api${path}`, methods, integration, authorizer: iam });
  }
}

import { join, resolve } from 'node:path';
import { App, CfnOutput, Lazy, ReferenceStrength, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { CfnUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { demoConfig } from '../functions/config/demo-config';
import { parseConfig, readConfigFile } from '../functions/config/load';
import type { Config } from '../functions/config/schema';
import { CaseClock } from './constructs/case-clock';
import { CaseStore } from './constructs/case-store';
import { type CaseflowPlatform, repoRoot } from './constructs/caseflow-function';
import { Deliverability } from './constructs/deliverability';
import { EdgeFirewall } from './constructs/edge-firewall';
import { CaseflowEventBus } from './constructs/event-bus';
import { CaseflowHttpApi } from './constructs/http-api';
import { LiveUpdates } from './constructs/live-updates';
import { MailIntake } from './constructs/mail-intake';
import { type HostedZoneRef, MailSending } from './constructs/mail-sending';
import { MonthlySummary } from './constructs/monthly-summary';
import { PageLinkKey } from './constructs/page-links';
import { PublicEdge } from './constructs/public-edge';
import { Reports } from './constructs/reports';
import { ReceiptRuleSetActivation } from './constructs/rule-set-activation';
import { Sev1Workflow } from './constructs/sev1-workflow';
import { StaffIdentity } from './constructs/staff-identity';
import { Watchdog } from './constructs/watchdog';

/** SES receives mail in a few regions only; eu-west-1 is one of them. Context `region` changes it. */
export const DEFAULT_REGION = 'eu-west-1';
export const DEFAULT_STACK_NAME = 'caseflow';

export interface CaseflowStackProps extends StackProps {
  /** The deployment's config, validated: support addresses, domain, plans, on-call chain. */
  readonly config: Config;
  /** Make the receipt rule set the region's active one. @default false */
  readonly activateRuleSet?: boolean;
  /** Where page links and the console are. @default - the public edge's CloudFront address */
  readonly publicBaseUrl?: string;
  /** The edge firewall's web ACL (scope CLOUDFRONT, us-east-1): see `CaseflowEdgeStack`. */
  readonly webAclArn: string;
  /** Route 53 zone of the support domain, for the DKIM records. @default - records printed as outputs */
  readonly hostedZone?: HostedZoneRef;
  /** The staff sign-in pages' domain prefix. @default caseflow-<account> */
  readonly loginDomainPrefix?: string;
}

/**
 * caseflow on AWS, one construct per capability:
 * case store (DynamoDB + backup), event bus, mail sending (SES identity), page-link key (KMS HMAC),
 * HTTP API, Sev-1 workflow (Step Functions), mail intake (SES receipt rules + S3 + intake) and the watchdog.
 */
export class CaseflowStack extends Stack {
  readonly caseStore: CaseStore;
  readonly events: CaseflowEventBus;
  readonly mail: MailSending;
  readonly pageLinks: PageLinkKey;
  readonly caseClock: CaseClock;
  readonly httpApi: CaseflowHttpApi;
  readonly edge: PublicEdge;
  readonly identity: StaffIdentity;
  readonly live: LiveUpdates;
  readonly sev1: Sev1Workflow;
  readonly intake: MailIntake;
  readonly watchdog: Watchdog;
  readonly monthlySummary: MonthlySummary;
  readonly reports: Reports;
  readonly deliverability: Deliverability;

  constructor(scope: Construct, id: string, props: CaseflowStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.caseStore = new CaseStore(this, 'CaseStore');
    this.events = new CaseflowEventBus(this, 'Events');
    const platform: CaseflowPlatform = { config, table: this.caseStore.table, bus: this.events.bus };

    this.mail = new MailSending(this, 'MailSending', { domain: config.domain, hostedZone: props.hostedZone });
    this.pageLinks = new PageLinkKey(this, 'PageLinks');
    this.caseClock = new CaseClock(this, 'CaseClock', { platform, mail: this.mail });
    this.identity = new StaffIdentity(this, 'StaffIdentity', {
      platform,
      // The console is served from the API's address: set below, once that is known.
      consoleCallbackUrls: ['https://localhost/console/callback'],
      domainPrefix: props.loginDomainPrefix ?? `caseflow-${this.account}`,
    });
    this.httpApi = new CaseflowHttpApi(this, 'HttpApi', {
      platform,
      identity: this.identity,
      pageLinks: this.pageLinks,
      caseClock: this.caseClock,
      mail: this.mail,
      // The edge is built on the API, and page links point at the edge: its address comes later.
      publicBaseUrl: props.publicBaseUrl ?? Lazy.string({ produce: () => this.edge.url }),
    });
    this.live = new LiveUpdates(this, 'LiveUpdates', { platform, userPool: this.identity.userPool });
    this.edge = new PublicEdge(this, 'Edge', {
      httpApi: this.httpApi,
      webAclArn: props.webAclArn,
      signInOrigins: [
        this.identity.loginDomain.baseUrl(),
        `https://cognito-idp.${this.region}.${this.urlSuffix}`,
      ],
      liveOrigins: [this.live.realtimeOrigin],
      consoleConfig: {
        authority: this.identity.issuerUrl,
        clientId: this.identity.consoleClient.userPoolClientId,
        live: this.live.consoleLive,
      },
      consoleDist: join(repoRoot, 'console', 'dist'),
    });
    (this.identity.consoleClient.node.defaultChild as CfnUserPoolClient).callbackUrLs = [
      `${this.httpApi.publicBaseUrl}/console/callback`,
    ];
    this.sev1 = new Sev1Workflow(this, 'Sev1', {
      platform,
      mail: this.mail,
      pageLinks: this.pageLinks,
      publicBaseUrl: this.httpApi.publicBaseUrl,
    });
    // Acknowledging a page or confirming a callback resumes the waiting task.
    this.sev1.stateMachine.grantTaskResponse(this.httpApi.handler);

    this.intake = new MailIntake(this, 'MailIntake', {
      platform,
      mail: this.mail,
      caseClock: this.caseClock,
      sev1StateMachine: this.sev1.stateMachine,
      pageLinks: this.pageLinks,
    });
    // A staff mail reply "ack 20" to a page acknowledges it from the intake function.
    this.sev1.stateMachine.grantTaskResponse(this.intake.intake);
    this.intake.grantReplayAndAttachments(this.httpApi.handler, this.sev1.stateMachine);
    if (props.activateRuleSet) {
      new ReceiptRuleSetActivation(this, 'ActivateRuleSet', {
        ruleSet: this.intake.ruleSet,
        after: this.intake.rules,
      });
    }
    this.watchdog = new Watchdog(this, 'Watchdog', {
      platform,
      mail: this.mail,
      caseClock: this.caseClock,
      sev1StateMachine: this.sev1.stateMachine,
    });
    this.monthlySummary = new MonthlySummary(this, 'MonthlySummary', { platform, mail: this.mail });
    this.deliverability = new Deliverability(this, 'Deliverability', {
      platform,
      mail: this.mail,
      httpApi: this.httpApi,
    });
    this.reports = new Reports(this, 'Reports', { platform });

    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.api.apiEndpoint });
    new CfnOutput(this, 'PublicBaseUrl', { value: this.httpApi.publicBaseUrl });
    new CfnOutput(this, 'ConsoleBucketName', { value: this.edge.consoleBucket.bucketName });
    new CfnOutput(this, 'OperatorApiInvokeArn', {
      description:
        'Grant execute-api:Invoke on this ARN only to operators: /ops/api/* acts with admin rights',
      value: this.httpApi.operatorRoutesArn,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.identity.consoleClient.userPoolClientId });
    new CfnOutput(this, 'IdentityIssuer', { value: this.identity.issuerUrl });
    new CfnOutput(this, 'LoginDomain', { value: this.identity.loginDomain.baseUrl() });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.intake.ruleSet.receiptRuleSetName });
    new CfnOutput(this, 'RawMailBucketName', { value: this.intake.rawMailBucket.bucketName });
    // `caseflow mail redrive` re-drives that queue through the API (docs/reliability.md).
    new CfnOutput(this, 'IntakeFailureQueueUrl', { value: this.intake.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'IntakeFunctionName', { value: this.intake.intake.lambdaFunction.functionName });
    new CfnOutput(this, 'TableName', { value: this.caseStore.table.tableName });
    new CfnOutput(this, 'Sev1StateMachineArn', { value: this.sev1.stateMachine.stateMachineArn });
    new CfnOutput(this, 'CaseClockStateMachineArn', { value: this.caseClock.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
  }
}

/** Deploy-time knobs, from CDK context (`cdk.json` or `-c key=value`); documented in docs/deploy.md. */
export interface CaseflowContext {
  readonly configFile?: string;
  readonly region: string;
  readonly stackName: string;
  readonly activateRuleSet: boolean;
  readonly publicBaseUrl?: string;
  readonly hostedZone?: HostedZoneRef;
}

export function readCaseflowContext(scope: Construct): CaseflowContext {
  const str = (key: string): string | undefined => {
    const value = scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string')
      throw new Error(`context ${key} must be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  const bool = (key: string): boolean => {
    const value = scope.node.tryGetContext(key);
    if (value === undefined || value === false || value === 'false') return false;
    if (value === true || value === 'true') return true;
    throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
  };

  const publicBaseUrl = str('publicBaseUrl')?.replace(/\/+$/, '');
  if (publicBaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(publicBaseUrl);
    } catch {
      throw new Error(`context publicBaseUrl is not a URL: ${publicBaseUrl}`);
    }
    if (url.protocol !== 'https:') throw new Error(`context publicBaseUrl must be https: ${publicBaseUrl}`);
  }

  const hostedZoneId = str('hostedZoneId');
  const hostedZoneName = str('hostedZoneName');
  if ((hostedZoneId === undefined) !== (hostedZoneName === undefined)) {
    throw new Error('context hostedZoneId and hostedZoneName go together: give both or neither');
  }

  return {
    configFile: str('configFile'),
    region: str('region') ?? DEFAULT_REGION,
    stackName: str('stackName') ?? DEFAULT_STACK_NAME,
    activateRuleSet: bool('activateRuleSet'),
    publicBaseUrl,
    hostedZone: hostedZoneId && hostedZoneName ? { hostedZoneId, zoneName: hostedZoneName } : undefined,
  };
}

/** The config file named by context `configFile` (relative to the working directory), else the demo config. */
export function loadDeploymentConfig(configFile: string | undefined): Config {
  return configFile ? readConfigFile(resolve(configFile)) : parseConfig(demoConfig, 'built-in demo config');
}

export interface BuildCaseflowAppOptions {
  /** Context for the app (tests); the CDK CLI passes its own through the environment. */
  readonly context?: Record<string, unknown>;
  /** Where the cloud assembly goes. @default - the CLI's, or a temporary directory */
  readonly outdir?: string;
}

export interface CaseflowApp {
  readonly app: App;
  readonly stack: CaseflowStack;
  readonly edgeStack: CaseflowEdgeStack;
  readonly config: Config;
}

/** CloudFront takes web ACLs from us-east-1 only. */
export const EDGE_REGION = 'us-east-1';

/**
 * The edge firewall (AWS WAF, scope CLOUDFRONT), in us-east-1 whatever the deployment's region;
 * `cdk deploy --all` deploys it before the main stack, which reads its web ACL's ARN.
 */
export class CaseflowEdgeStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.firewall = new EdgeFirewall(this, 'Firewall');
    // A weak reference: the main stack reads the ARN across regions (Fn::GetStackOutput), with no
    // custom resource in between.
    this.firewall.webAcl.applyCrossStackReferenceStrength(ReferenceStrength.WEAK);
  }
}

/**
 * The caseflow CDK app, shared by infra/app.ts and the infra tests: reads context, validates the
 * config (a bad config fails synth with the list of problems), builds the stack and registers
 * the cdk-nag AwsSolutions checks, which fail synthesis on any finding not acknowledged.
 */
export function buildCaseflowApp(options: BuildCaseflowAppOptions = {}): CaseflowApp {
  const app = new App({ context: options.context, outdir: options.outdir });
  const context = readCaseflowContext(app);
  const config = loadDeploymentConfig(context.configFile);

  // The region is fixed (SES receiving exists in a few regions only); the account comes from
  // the CLI's credentials when there are any, so synth works offline without them.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const edgeStack = new CaseflowEdgeStack(app, `${context.stackName}-edge`, {
    description: 'caseflow edge firewall: AWS WAF for the CloudFront distribution (us-east-1)',
    env: { account, region: EDGE_REGION },
  });
  const stack = new CaseflowStack(app, context.stackName, {
    description: 'caseflow: support cases from mail (SES, Lambda, Step Functions, DynamoDB, EventBridge)',
    env: { account, region: context.region },
    webAclArn: edgeStack.firewall.webAcl.attrArn,
    config,
    activateRuleSet: context.activateRuleSet,
    publicBaseUrl: context.publicBaseUrl,
    hostedZone: context.hostedZone,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, edgeStack, config };
}

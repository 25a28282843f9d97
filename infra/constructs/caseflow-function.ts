import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type * as z from 'zod';
import type { ConstructProvidedEnv } from '../../functions/config/env';
import type { Config } from '../../functions/config/schema';
import { FUNCTION_MEMORY_MB } from '../function-memory';
import { lambdaBundling, repoRoot } from './bundling';
import { acknowledge, wildcardResourceFinding, XRAY_REASON } from './nag';

export { repoRoot } from './bundling';

/** What every caseflow function works with: the deployment config, the case table and the event bus. */
export interface CaseflowPlatform {
  readonly config: Config;
  readonly table: dynamodb.ITableV2;
  readonly bus: events.IEventBus;
}

/** The template metadata key of a function's BundleBudget. */
export const BUNDLE_BUDGET_METADATA = 'caseflow:bundle-budget';

/** The size a function's bundle (index.mjs) should stay within, unless it says why it cannot. */
export const BUNDLE_SIZE_BUDGET_KB = 600;

/** What a function's bundle may weigh and cost to import; recorded in its template resource for the bench. */
export interface BundleBudget {
  /** Handler file relative to the repository root. */
  readonly entry: string;
  /** Checked by test/infra/bundle-budgets.test.ts. */
  readonly maxKb: number;
  /** Import time of the bundle as a multiple of a bare Node start-up (bench/cold-start.ts). */
  readonly importRatio: number;
}

/** Variables the construct fills from the platform, for every function alike. */
type PlatformEnv = 'TABLE_NAME' | 'EVENT_BUS_NAME' | 'SUPPORT_DOMAIN';

export interface CaseflowFunctionProps<T extends z.ZodObject> {
  /** Handler file relative to the repository root (exports `handler`), e.g. `functions/handlers/intake.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly platform: CaseflowPlatform;
  /** The handler's environment schema (functions/config/env.ts); the handler validates the same one at cold start. */
  readonly envSchema: T;
  /** Everything the schema needs beyond what the construct provides: a missing variable is a compile error. */
  readonly environment: Omit<z.input<T>, ConstructProvidedEnv | PlatformEnv>;
  /**
   * How long importing its bundle may take, as a multiple of a bare Node start-up, measured by
   * bench/cold-start.ts: 1 for the functions a customer waits on (intake, the Sev-1 steps).
   * @default 1.5
   */
  readonly importBudget?: number;
  /**
   * The largest its bundle (index.mjs) may be, in KB; a function over BUNDLE_SIZE_BUDGET_KB says
   * why where it sets this.
   * @default BUNDLE_SIZE_BUDGET_KB
   */
  readonly maxBundleKb?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Whether it deletes items of the case table (the API: roster overrides, accounts, warm-up plans).
   * @default false
   */
  readonly deletesItems?: boolean;
}

/**
 * What every function does with the case table: reads, queries, batch reads, writes and
 * transactions (TransactWriteItems is authorized per item: Put, Update, ConditionCheck). No
 * function scans it or batch-writes it; the one-off backfill runs with the operator's credentials.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * One Lambda function of caseflow, built the same way for all of them (after Innovation Sandbox's
 * IsbLambdaFunction and Powertools' FunctionWithLogGroup):
 * - Node.js 22 on ARM64, active X-Ray tracing, an explicit log group (no log-retention custom resource);
 * - its own role that may write only to that log group (no AWS-managed basic execution policy);
 * - on the case table only the actions it uses (TABLE_ACTIONS; DeleteItem for the API), and
 *   PutEvents on the bus: every function records what it did;
 * - an ESM bundle by esbuild with the deployment config baked in (./bundling.ts), within its
 *   budget of size and import time.
 */
export class CaseflowFunction<T extends z.ZodObject> extends Construct implements iam.IGrantable {
  readonly lambdaFunction: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly grantPrincipal: iam.IPrincipal;
  readonly bundleBudget: BundleBudget;

  constructor(scope: Construct, id: string, props: CaseflowFunctionProps<T>) {
    super(scope, id);
    const { platform } = props;

    const environment: Record<string, string> = {
      ...(props.environment as Record<string, string>),
      TABLE_NAME: platform.table.tableName,
      EVENT_BUS_NAME: platform.bus.eventBusName,
      SUPPORT_DOMAIN: platform.config.domain,
      POWERTOOLS_SERVICE_NAME: 'caseflow',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // Stack traces through the bundled source map.
      NODE_OPTIONS: '--enable-source-maps',
    };
    // The types already demand every variable; this catches a stray one the schema does not know.
    const known = new Set([...Object.keys(props.envSchema.shape), 'NODE_OPTIONS']);
    const unknown = Object.keys(environment).filter((k) => !known.has(k));
    if (unknown.length)
      throw new Error(`${this.node.path}: variables not in the env schema: ${unknown.join(', ')}`);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `caseflow ${id}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.lambdaFunction = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? FUNCTION_MEMORY_MB.default,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment,
      bundling: lambdaBundling(platform.config),
    });
    this.grantPrincipal = this.lambdaFunction.grantPrincipal;
    this.bundleBudget = {
      entry: props.entry,
      maxKb: props.maxBundleKb ?? BUNDLE_SIZE_BUDGET_KB,
      importRatio: props.importBudget ?? 1.5,
    };
    (this.lambdaFunction.node.defaultChild as lambda.CfnFunction).addMetadata(
      BUNDLE_BUDGET_METADATA,
      this.bundleBudget
    );

    platform.table.grant(this, ...TABLE_ACTIONS, ...(props.deletesItems ? ['dynamodb:DeleteItem'] : []));
    platform.bus.grantPutEventsTo(this);

    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', XRAY_REASON);
    acknowledge(
      this.role,
      wildcardResourceFinding(this, `${platform.table.tableArn}/index/*`),
      'Queries use both GSIs of the case table; index/* covers only the indexes of this one table'
    );
    acknowledge(
      this.lambdaFunction,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the handlers are bundled (esbuild target node22) and tested for; moving to a newer one is a deliberate upgrade'
    );
  }
}

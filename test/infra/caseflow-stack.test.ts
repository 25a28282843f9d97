import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseTableDefinition } from '../../functions/adapters/aws/table-definition';
import { CaseflowFunction } from '../../infra/constructs/caseflow-function';
import { MIN_REASON_LENGTH } from '../../infra/constructs/nag';
import { USER_ADMIN_ACTIONS } from '../../infra/constructs/staff-identity';
import { caseClockDefinitionJson } from '../../workflows/case-clock';
import { sev1CallbackDefinitionJson } from '../../workflows/sev1-callback';
import {
  acknowledgements,
  actionsOf,
  asArray,
  build,
  cleanUpTempDirs,
  logicalId,
  type Statement,
  statementsOf,
} from './synth';

/** The whole stack as `cdk synth` makes it with the demo config and no context: synthesized once. */
cleanUpTempDirs();

describe('caseflow stack (demo config, defaults)', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  beforeAll(() => {
    built = build();
    template = built.template;
  });

  it('is in eu-west-1 unless context says otherwise', () => {
    expect(built.stack.region).toBe('eu-west-1');
    expect(built.stack.stackName).toBe('caseflow');
  });

  describe('SES receiving', () => {
    it('has one rule per support address: S3 (inbound/) then the intake function, async', () => {
      const intake = logicalId(built.stack.intake.intake.lambdaFunction);
      const bucket = logicalId(built.stack.intake.rawMailBucket);
      expect(built.config.supportAddresses.length).toBeGreaterThan(1);
      template.resourceCountIs('AWS::SES::ReceiptRule', built.config.supportAddresses.length);
      for (const { address } of built.config.supportAddresses) {
        template.hasResourceProperties('AWS::SES::ReceiptRule', {
          RuleSetName: { Ref: logicalId(built.stack.intake.ruleSet) },
          Rule: {
            Recipients: [address],
            Enabled: true,
            ScanEnabled: true,
            TlsPolicy: 'Require',
            Actions: [
              { S3Action: { BucketName: { Ref: bucket }, ObjectKeyPrefix: 'inbound/' } },
              { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [intake, 'Arn'] }, InvocationType: 'Event' } },
            ],
          },
        });
      }
    });

    it('lets SES invoke intake only for this account and this rule set', () => {
      const sesPermissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
        (p) => p.Properties.Principal === 'ses.amazonaws.com'
      );
      expect(sesPermissions).toHaveLength(1);
      expect(sesPermissions[0]?.Properties).toMatchObject({
        FunctionName: { 'Fn::GetAtt': [logicalId(built.stack.intake.intake.lambdaFunction), 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(JSON.stringify(sesPermissions[0]?.Properties.SourceArn)).toMatch(
        /receipt-rule-set\/[^"]*-inbound:receipt-rule\/\*/
      );
    });

    it('does not activate the rule set unless asked', () => {
      template.resourceCountIs('Custom::SesActiveReceiptRuleSet', 0);
    });

    it('has a sending identity for the domain with a TLS-only configuration set', () => {
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: built.config.domain,
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
      });
      template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      });
    });

    it('prints the three DKIM records to publish when there is no hosted zone', () => {
      template.resourceCountIs('AWS::Route53::RecordSet', 0);
      expect(Object.keys(template.findOutputs('*')).filter((k) => k.includes('DkimRecord'))).toHaveLength(3);
    });
  });

  describe('raw mail bucket', () => {
    it('blocks public access, encrypts, versions and logs access to a separate bucket', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(built.stack.intake.accessLogBucket) },
        },
      });
    });

    it('lets SES write under inbound/ for this account only, and refuses plain HTTP', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(built.stack.intake.rawMailBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 's3:PutObject',
              Principal: { Service: 'ses.amazonaws.com' },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              },
              Resource: {
                'Fn::Join': [
                  '',
                  [{ 'Fn::GetAtt': [logicalId(built.stack.intake.rawMailBucket), 'Arn'] }, '/inbound/*'],
                ],
              },
            }),
          ]),
        },
      });
    });
  });

  describe('case table', () => {
    it('is built from caseTableDefinition: keys, both GSIs, TTL, on-demand', () => {
      const d = caseTableDefinition;
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: d.partitionKey, KeyType: 'HASH' },
          { AttributeName: d.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: d.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: d.globalSecondaryIndexes.map((gsi) =>
          Match.objectLike({
            IndexName: gsi.indexName,
            KeySchema: [
              { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
              { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
            ],
            Projection: Match.anyValue(),
          })
        ),
      });
      const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as {
        Properties: { AttributeDefinitions: { AttributeName: string; AttributeType: string }[] };
      }[];
      expect(table?.Properties.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    });

    it('projects each index lean: keys only, gsi1 adds ttl for the held-mail filter; no index projects ALL', () => {
      const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as {
        Properties: {
          GlobalSecondaryIndexes: {
            IndexName: string;
            KeySchema: { AttributeName: string; KeyType: string }[];
            Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
          }[];
        };
      }[];
      const indexes = Object.fromEntries(
        (table?.Properties.GlobalSecondaryIndexes ?? []).map((g) => [
          g.IndexName,
          { keys: g.KeySchema.map((k) => `${k.KeyType}:${k.AttributeName}`), projection: g.Projection },
        ])
      );
      expect(indexes).toEqual({
        gsi1: {
          keys: ['HASH:gsi1pk', 'RANGE:gsi1sk'],
          projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['ttl'] },
        },
        gsi2: { keys: ['HASH:gsi2pk', 'RANGE:gsi2sk'], projection: { ProjectionType: 'KEYS_ONLY' } },
        gsi3: { keys: ['HASH:gsi3pk', 'RANGE:gsi3sk'], projection: { ProjectionType: 'KEYS_ONLY' } },
      });
    });

    it('has PITR and deletion protection, is retained, and is backed up daily', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: {
          Replicas: [
            Match.objectLike({
              PointInTimeRecoverySpecification: {
                PointInTimeRecoveryEnabled: true,
                RecoveryPeriodInDays: 35,
              },
              DeletionProtectionEnabled: true,
            }),
          ],
        },
      });
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanRule: [
            Match.objectLike({
              ScheduleExpression: 'cron(0 5 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
            }),
          ],
        },
      });
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: {
          Resources: [{ 'Fn::GetAtt': [logicalId(built.stack.caseStore.table), 'Arn'] }],
        },
      });
    });
  });

  describe('Sev-1 state machine', () => {
    it('is STANDARD and deploys exactly the definition in workflows/', () => {
      const machine = template.findResources('AWS::StepFunctions::StateMachine')[
        logicalId(built.stack.sev1.stateMachine)
      ] as
        | {
            Properties: {
              StateMachineType: string;
              DefinitionString: unknown;
              DefinitionSubstitutions: unknown;
            };
          }
        | undefined;
      expect(machine?.Properties.StateMachineType).toBe('STANDARD');
      expect(typeof machine?.Properties.DefinitionString).toBe('string');
      expect(JSON.parse(machine?.Properties.DefinitionString as string)).toEqual(
        JSON.parse(sev1CallbackDefinitionJson())
      );
      expect(machine?.Properties.DefinitionSubstitutions).toEqual({
        Sev1StepFunctionArn: { 'Fn::GetAtt': [logicalId(built.stack.sev1.step.lambdaFunction), 'Arn'] },
      });
    });

    it('logs ALL to its own log group, without payloads (they carry task tokens), and traces', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: [
            {
              CloudWatchLogsLogGroup: {
                LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Sev1Logs'), 'Arn'] },
              },
            },
          ],
        },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('may invoke the sev1-step function, and only that', () => {
      const role = logicalId(built.stack.sev1.stateMachine.role);
      const invoke = statementsOf(template, role).filter((s) =>
        asArray(s.Action).includes('lambda:InvokeFunction')
      );
      expect(invoke).toEqual([
        expect.objectContaining({
          Resource: { 'Fn::GetAtt': [logicalId(built.stack.sev1.step.lambdaFunction), 'Arn'] },
        }),
      ]);
    });

    it('has an alarm on failed and timed-out executions', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({
            Id: 'failed',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsFailed' }) }),
          }),
          Match.objectLike({
            Id: 'timedOut',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsTimedOut' }) }),
          }),
        ]),
      });
    });
  });

  describe('case-clock state machine', () => {
    it('is STANDARD, deploys exactly the definition in workflows/, logs without payloads, traces', () => {
      const machine = template.findResources('AWS::StepFunctions::StateMachine')[
        logicalId(built.stack.caseClock.stateMachine)
      ] as {
        Properties: {
          StateMachineType: string;
          DefinitionString: string;
          DefinitionSubstitutions: unknown;
          LoggingConfiguration: unknown;
          TracingConfiguration: unknown;
        };
      };
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      expect(JSON.parse(machine.Properties.DefinitionString)).toEqual(JSON.parse(caseClockDefinitionJson()));
      expect(machine.Properties.DefinitionSubstitutions).toEqual({
        CaseClockStepFunctionArn: {
          'Fn::GetAtt': [logicalId(built.stack.caseClock.step.lambdaFunction), 'Arn'],
        },
      });
      expect(machine.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    });

    it('may invoke the case-clock step, and only that', () => {
      const invoke = statementsOf(template, logicalId(built.stack.caseClock.stateMachine.role)).filter((st) =>
        asArray(st.Action).includes('lambda:InvokeFunction')
      );
      expect(invoke).toEqual([
        expect.objectContaining({
          Resource: { 'Fn::GetAtt': [logicalId(built.stack.caseClock.step.lambdaFunction), 'Arn'] },
        }),
      ]);
    });
  });

  describe('functions', () => {
    it('are the CaseflowFunctions, on Node.js 22, ARM64, traced, each with its own log group', () => {
      const ours = built.stack.node
        .findAll()
        .filter((c): c is CaseflowFunction<never> => c instanceof CaseflowFunction)
        .map((f) => logicalId(f.lambdaFunction))
        .sort();
      expect(ours.length).toBeGreaterThanOrEqual(5);
      // Besides ours, only CDK's helper that copies the console into its bucket at deploy time.
      const all = Object.keys(template.findResources('AWS::Lambda::Function'));
      const helpers = all.filter((id) => id.startsWith('CustomCDKBucketDeployment'));
      expect(helpers).toHaveLength(1);
      expect(all.filter((id) => !helpers.includes(id)).sort()).toEqual(ours);
      const functions = Object.entries(template.findResources('AWS::Lambda::Function'))
        .filter(([id]) => !helpers.includes(id))
        .map(([, fn]) => fn) as {
        Properties: Record<string, unknown>;
      }[];
      for (const fn of functions) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        });
      }
    });

    it('get the environment their schema asks for', () => {
      const s = built.stack;
      const base = {
        TABLE_NAME: { Ref: logicalId(s.caseStore.table) },
        EVENT_BUS_NAME: { Ref: logicalId(s.events.bus) },
        SUPPORT_DOMAIN: built.config.domain,
      };
      const envOf = (fn: IConstruct) =>
        (template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables ?? {}) as Record<
          string,
          unknown
        >;
      expect(envOf(s.intake.intake.lambdaFunction)).toMatchObject({
        ...base,
        RAW_MAIL_BUCKET: { Ref: logicalId(s.intake.rawMailBucket) },
        RAW_MAIL_PREFIX: 'inbound/',
        SEV1_STATE_MACHINE_ARN: { Ref: logicalId(s.sev1.stateMachine) },
      });
      // Page links point at the public edge (CloudFront), not at the API's own address.
      const endpoint = {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(s.edge.distribution), 'DomainName'] }]],
      };
      const key = { 'Fn::GetAtt': [logicalId(s.pageLinks.key), 'Arn'] };
      expect(envOf(s.sev1.step.lambdaFunction)).toMatchObject({
        ...base,
        PUBLIC_BASE_URL: endpoint,
        PAGE_LINK_KEY_ID: key,
      });
      expect(envOf(s.httpApi.handler.lambdaFunction)).toMatchObject({
        ...base,
        PUBLIC_BASE_URL: endpoint,
        PAGE_LINK_KEY_ID: key,
        RAW_MAIL_PREFIX: 'inbound/',
        INTAKE_FAILURE_QUEUE_URL: { Ref: logicalId(s.intake.deadLetterQueue) },
      });
      expect(envOf(s.watchdog.watchdog.lambdaFunction)).toMatchObject({
        ...base,
        SEV1_STATE_MACHINE_ARN: { Ref: logicalId(s.sev1.stateMachine) },
      });
    });

    it('intake: two async retries, then an encrypted SSL-only queue, with alarms on depth and errors', () => {
      const queue = logicalId(built.stack.intake.deadLetterQueue);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(built.stack.intake.intake.lambdaFunction) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: logicalId(built.stack.intake.intake.lambdaFunction) } },
        ],
      });
    });

    it('have least-privilege roles: what each one may do, beyond logs, table and bus', () => {
      const s = built.stack;
      const common = new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'events:PutEvents',
      ]);
      const specific = (role: IConstruct) =>
        [...new Set(actionsOf(statementsOf(template, logicalId(role))))].filter(
          (a) => !common.has(a) && !a.startsWith('dynamodb:')
        );
      expect(specific(s.intake.intake.role)).toEqual([
        'kms:GenerateMac', // signs new cases' reply addresses, and checks one by signing again
        's3:GetObject',
        's3:PutObject',
        's3:PutObjectTagging',
        'ses:SendEmail',
        'ses:SendRawEmail',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'states:DescribeExecution',
        'states:SendTaskFailure',
        'states:SendTaskHeartbeat',
        'states:SendTaskSuccess',
        'states:StartExecution',
      ]);
      expect(specific(s.sev1.step.role)).toEqual([
        'kms:GenerateMac',
        'ses:SendEmail',
        'ses:SendRawEmail',
        'sns:Publish',
        'states:StartExecution', // continue-as-new, on its own state machine only (below)
      ]);
      const startsOwn = statementsOf(template, logicalId(s.sev1.step.role)).filter(
        (st) => st.Action === 'states:StartExecution'
      );
      expect(JSON.stringify(startsOwn.map((st) => st.Resource))).toMatch(/stateMachine:[^"]*-sev1-callback"/);
      expect(specific(s.caseClock.step.role)).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(specific(s.httpApi.handler.role).sort()).toEqual(
        [
          ...USER_ADMIN_ACTIONS, // users are created, disabled and signed out in Cognito
          'kms:GenerateMac',
          'kms:VerifyMac',
          's3:GetObject',
          's3:PutObject',
          's3:PutObjectTagging',
          'ses:SendEmail',
          'ses:SendRawEmail',
          // re-drives the intake on-failure queue (below: that queue only)
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'states:DescribeExecution',
          'states:SendTaskFailure',
          'states:SendTaskHeartbeat',
          'states:SendTaskSuccess',
          'states:StartExecution',
        ].sort()
      );
      const queueStatements = statementsOf(template, logicalId(s.httpApi.handler.role)).filter((st) =>
        [st.Action].flat().some((a) => String(a).startsWith('sqs:'))
      );
      expect(queueStatements.map((st) => st.Resource)).toEqual([
        { 'Fn::GetAtt': [logicalId(s.intake.deadLetterQueue), 'Arn'] },
      ]);
      expect(specific(s.identity.signInAudit.role)).toEqual([]);
      expect(specific(s.watchdog.watchdog.role)).toEqual([
        'ses:SendEmail',
        'ses:SendRawEmail',
        'states:DescribeExecution',
        'states:StartExecution',
      ]);
    });

    it('use Resource "*" only for actions that have no resource-level permissions', () => {
      const allowed = new Set([
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ]);
      const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
        Properties: { PolicyDocument: { Statement: Statement[] } };
      }[];
      const starActions = policies
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((s) => s.Effect === 'Allow' && asArray(s.Resource).includes('*'))
        .flatMap((s) => asArray(s.Action));
      expect(starActions.filter((a) => !allowed.has(a))).toEqual([]);
    });

    it('use the case table only as they need: nobody scans or batch-writes it; only the API deletes', () => {
      const s = built.stack;
      const tableActions = (role: IConstruct) =>
        [...new Set(actionsOf(statementsOf(template, logicalId(role))))].filter((a) =>
          a.startsWith('dynamodb:')
        );
      const roles = [
        s.intake.intake.role,
        s.sev1.step.role,
        s.caseClock.step.role,
        s.watchdog.watchdog.role,
        s.httpApi.handler.role,
      ];
      for (const role of roles) {
        const actions = tableActions(role);
        expect(actions).toContain('dynamodb:UpdateItem');
        expect(actions).not.toContain('dynamodb:Scan');
        expect(actions).not.toContain('dynamodb:BatchWriteItem');
        expect(actions.includes('dynamodb:DeleteItem'), role.node.path).toBe(role === s.httpApi.handler.role);
      }
    });

    it('publish SMS pages to phone numbers only: never to an SNS topic', () => {
      const publish = (
        Object.values(template.findResources('AWS::IAM::Policy')) as {
          Properties: { PolicyDocument: { Statement: (Statement & { NotResource?: unknown })[] } };
        }[]
      )
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((st) => asArray(st.Action).includes('sns:Publish'));
      expect(publish.length).toBeGreaterThan(0);
      for (const st of publish) {
        expect(st.Resource).toBeUndefined();
        expect(st.NotResource).toBe('arn:aws:sns:*:*:*');
      }
    });
  });

  describe('staff identity', () => {
    it('is a user pool of admin-created users, email as the username, strong passwords and TOTP required', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
        LambdaConfig: { PostAuthentication: Match.anyValue() },
      });
      for (const role of ['agent', 'supervisor', 'admin'])
        template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    });

    it('has a public console client: authorization code with PKCE, no secret, one-hour tokens', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        GenerateSecret: false,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes', IdToken: 'minutes' }),
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
      });
    });
  });

  describe('page-link key', () => {
    it('is a KMS HMAC key for generating and verifying MACs', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeySpec: 'HMAC_256',
        KeyUsage: 'GENERATE_VERIFY_MAC',
      });
    });
  });

  describe('HTTP API', () => {
    it('serves /api to Cognito access tokens, /ops/api to IAM callers, pages and health publicly, and nothing else open', () => {
      const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: Match.stringLikeRegexp('StaffIdentityUsersConsole') }],
          Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        },
      });
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
        Properties: { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown };
      }[];
      const publicRoutes = new Set([
        'GET /health',
        'GET /pages/{id}',
        'POST /pages/{id}',
        'POST /pages/{id}/callback',
        'POST /pages/{id}/take-over',
        'GET /pages/assets/countdown.js',
      ]);
      const keys = routes.map((r) => r.Properties.RouteKey);
      for (const key of [
        'GET /api/{proxy+}',
        'POST /api/{proxy+}',
        'GET /ops/api/{proxy+}',
        'POST /ops/api/{proxy+}',
        ...publicRoutes,
      ])
        expect(keys).toContain(key);
      // Every route, whoever added it: public ones are the six above; /api is JWT; /ops/api is IAM.
      for (const r of routes) {
        const { RouteKey: key, AuthorizationType: type } = r.Properties;
        if (publicRoutes.has(key)) expect(type, key).toBe('NONE');
        else if (key.includes(' /api/')) {
          expect(type, key).toBe('JWT');
          expect(r.Properties.AuthorizerId, key).toEqual({ Ref: authorizerId });
        } else if (key.includes(' /ops/api/')) expect(type, key).toBe('AWS_IAM');
        else expect.fail(`route ${key} is neither public, staff nor operator`);
      }
    });

    it("tells the function whose tokens to accept, and lets it administer only that pool's users", () => {
      const fn = built.stack.httpApi.handler;
      const env = (
        Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
          JSON.stringify(f).includes('IDENTITY_ISSUER')
        ) as { Properties: { Environment: { Variables: Record<string, unknown> } } }
      ).Properties.Environment.Variables;
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(['IDENTITY_ISSUER', 'IDENTITY_CLIENT_IDS', 'USER_POOL_ID'])
      );
      const cognito = statementsOf(template, logicalId(fn.role)).filter((st) =>
        asArray(st.Action).some((a) => String(a).startsWith('cognito-idp:'))
      );
      expect(cognito).toHaveLength(1);
      expect(asArray(cognito[0]?.Action).sort()).toEqual([...USER_ADMIN_ACTIONS].sort());
      expect(cognito[0]?.Resource).toEqual({
        'Fn::GetAtt': [logicalId(built.stack.identity.userPool), 'Arn'],
      });
    });
    it('logs access on the throttled default stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context.requestId'),
        },
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
    });

    it("gives every public route a throttle of its own, below the staff API's", () => {
      const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
      const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
      const publicRoutes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
        .map((r) => r.Properties.RouteKey as string)
        .filter((key) => !key.includes('/api/'));
      expect(publicRoutes.length).toBeGreaterThan(0);
      for (const route of publicRoutes) {
        expect(settings[route], route).toBeDefined();
        expect(settings[route]?.ThrottlingRateLimit).toBeLessThan(50);
      }
    });
  });

  describe('events and schedules', () => {
    it('has the caseflow bus with a year-long archive', () => {
      template.hasResourceProperties('AWS::Events::EventBus', { Name: 'caseflow' });
      template.hasResourceProperties('AWS::Events::Archive', {
        SourceArn: { 'Fn::GetAtt': [logicalId(built.stack.events.bus), 'Arn'] },
        RetentionDays: 365,
      });
    });

    it('runs the watchdog every 5 minutes, with retries, one at a time', () => {
      const watchdog = built.stack.watchdog.watchdog.lambdaFunction;
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [logicalId(watchdog), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 240 },
        },
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        ReservedConcurrentExecutions: 1,
        Description: Match.stringLikeRegexp('Watchdog'),
      });
    });
  });

  describe('cdk-nag', () => {
    it('has no unacknowledged AwsSolutions finding (errors or warnings)', () => {
      const report = new AwsSolutionsChecks().validateScope(built.app);
      const findings = report.violations.map(
        (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`
      );
      expect(findings).toEqual([]);
    });

    it('gives every acknowledgement a real reason', () => {
      const acks = acknowledgements(built.app);
      expect(acks.length).toBeGreaterThan(0);
      const weak = acks.filter(([, , reason]) => reason.trim().length < MIN_REASON_LENGTH);
      expect(weak).toEqual([]);
    });

    it('leaves no CDK warnings or errors on the stack', () => {
      expect(Annotations.fromStack(built.stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(built.stack).findError('*', Match.anyValue())).toEqual([]);
    });
  });
});

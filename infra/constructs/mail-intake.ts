import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type * as z from 'zod';
import type { ApiEnvSchema } from '../../functions/config/env';
import { IntakeEnvSchema } from '../../functions/config/env';
import { FOLDER_TAG, SPAM_RETENTION_DAYS } from '../../functions/domain/held-mail';
import { FUNCTION_MEMORY_MB } from '../function-memory';
import type { CaseClock } from './case-clock';
import { CaseflowFunction, type CaseflowPlatform } from './caseflow-function';
import type { MailSending } from './mail-sending';
import { acknowledge, wildcardResourceFinding } from './nag';
import type { PageLinkKey } from './page-links';

/** Where the SES S3 action writes raw mail: `inbound/<SES message id>`. */
export const RAW_MAIL_PREFIX = 'inbound/';
/** Attachment content, by case and SHA-256 (functions/domain/attachments.ts). */
export const ATTACHMENT_PREFIX = 'attachments/';

export interface MailIntakeProps {
  readonly platform: CaseflowPlatform;
  readonly mail: MailSending;
  readonly sev1StateMachine: sfn.IStateMachine;
  readonly caseClock: CaseClock;
  /** Signs each new case's reply address (and checks one by signing again): docs/staff-mail.md. */
  readonly pageLinks: PageLinkKey;
}

/**
 * Receiving mail (R-IN-1): an SES receipt rule per support address (which also matches its
 * plus-addressed forms, the cases' signed reply addresses) stores the raw MIME in S3,
 * then invokes the intake function asynchronously (the Lambda action gets no body: AWS's
 * pattern is S3 first, then Lambda). SES scans for spam and viruses, requires TLS from the
 * sending server, and puts the verdicts in the event.
 *
 * The rule set is not activated here: only one rule set can be active per region
 * (see ReceiptRuleSetActivation and docs/deploy.md).
 */
export class MailIntake extends Construct {
  readonly rawMailBucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rules: ses.ReceiptRule[] = [];
  readonly intake: CaseflowFunction<typeof IntakeEnvSchema>;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);
    const { platform } = props;
    const stackName = Stack.of(this).stackName;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogBucket,
      'AwsSolutions-S1',
      'This is the server access log bucket itself; logging its own access would log the logging'
    );

    // Raw mail is the record of what customers sent: versioned, kept on stack deletion. No
    // Object Lock: SES cannot write to a bucket with a default retention period.
    this.rawMailBucket = new s3.Bucket(this, 'RawMail', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'raw-mail/',
      lifecycleRules: [
        {
          id: 'tidy-versions-and-uploads',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // R-BOX-10: spam is deleted 90 days after receipt. Intake tags its raw object; the bucket
        // is versioned, so the version the expiration leaves behind goes a day later.
        {
          id: 'expire-spam',
          tagFilters: { [FOLDER_TAG]: 'spam' },
          expiration: Duration.days(SPAM_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'IntakeFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination of the intake function (Lambda on-failure destination)'
    );

    this.intake = new CaseflowFunction(this, 'Intake', {
      entry: 'functions/handlers/intake.ts',
      description: 'Mail intake: raw MIME from S3 to a case, auto-acknowledgement, Sev-1 start',
      platform,
      envSchema: IntakeEnvSchema,
      environment: {
        RAW_MAIL_BUCKET: this.rawMailBucket.bucketName,
        RAW_MAIL_PREFIX,
        SEV1_STATE_MACHINE_ARN: props.sev1StateMachine.stateMachineArn,
        CASE_CLOCK_STATE_MACHINE_ARN: props.caseClock.stateMachine.stateMachineArn,
        PAGE_LINK_KEY_ID: props.pageLinks.keyArn,
      },
      memorySize: FUNCTION_MEMORY_MB.intake,
      timeout: Duration.seconds(60),
      // A customer's acknowledgement (and a Sev-1 page) waits on its cold start.
      importBudget: 1,
      // Over the 600 KB goal: MIME in and out (postal-mime, html-to-text with its entity tables,
      // nodemailer: about 350 KB) and six AWS clients (S3 alone is 100 KB).
      maxBundleKb: 1210,
    });
    // SES invokes asynchronously: Lambda retries twice (its default, kept), then the event goes
    // to the queue with its error, for replay once the fault is fixed.
    this.intake.lambdaFunction.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    this.grantMailStorage(this.intake, false);
    props.sev1StateMachine.grantStartExecution(this.intake);
    props.caseClock.grantArm(this.intake);
    props.mail.grantSend(this.intake);
    props.pageLinks.grantSign(this.intake);

    const ruleSetName = `${stackName}-inbound`;
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });
    // SES may write raw mail and invoke intake only for this account's rules of this rule set
    // (aws:SourceAccount and aws:SourceArn): no other rule, in this account or another, can.
    const stack = Stack.of(this);
    const rulesArn = `arn:${stack.partition}:ses:${stack.region}:${stack.account}:receipt-rule-set/${ruleSetName}:receipt-rule/*`;
    this.rawMailBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        resources: [this.rawMailBucket.arnForObjects(`${RAW_MAIL_PREFIX}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': rulesArn },
        },
      })
    );
    // The Lambda action adds its own permission (account only) unless one named AllowSes exists.
    this.intake.lambdaFunction.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: stack.account,
      sourceArn: rulesArn,
    });
    const s3Action: ses.IReceiptRuleAction = {
      bind: () => ({
        s3Action: { bucketName: this.rawMailBucket.bucketName, objectKeyPrefix: RAW_MAIL_PREFIX },
      }),
    };
    const lambdaAction = new actions.Lambda({
      function: this.intake.lambdaFunction,
      invocationType: actions.LambdaInvocationType.EVENT,
    });
    const seen = new Set<string>();
    for (const { address } of platform.config.supportAddresses) {
      if (seen.has(address)) throw new Error(`support address ${address} is configured twice`);
      seen.add(address);
      const name = ruleName(address);
      const rule = this.ruleSet.addRule(name, {
        receiptRuleName: name,
        recipients: [address],
        actions: [s3Action, lambdaAction],
        scanEnabled: true,
        tlsPolicy: ses.TlsPolicy.REQUIRE,
        enabled: true,
      });
      // SES checks both grants when the rule is created: they come first.
      if (this.rawMailBucket.policy) rule.node.addDependency(this.rawMailBucket.policy);
      this.rules.push(rule);
    }

    new cloudwatch.Alarm(this, 'IntakeFailuresAlarm', {
      alarmDescription:
        'Mail could not be turned into a case after retries; the SES events wait in the intake failure queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, 'IntakeErrorsAlarm', {
      alarmDescription: 'The intake function failed (it is retried; see its logs)',
      metric: this.intake.lambdaFunction.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * What intake (and the API, which replays failed mail and serves attachments) may do in the raw
   * mail bucket: read raw mail and tag it with its folder (spam, quarantine) under inbound/, write
   * attachments under attachments/ (the API also reads them). No listing, nothing else.
   */
  private grantMailStorage(fn: CaseflowFunction<z.ZodObject>, readAttachments: boolean): void {
    const rawMail = this.rawMailBucket.arnForObjects(`${RAW_MAIL_PREFIX}*`);
    const attachments = this.rawMailBucket.arnForObjects(`${ATTACHMENT_PREFIX}*`);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObjectTagging'], resources: [rawMail] })
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: readAttachments ? ['s3:PutObject', 's3:GetObject'] : ['s3:PutObject'],
        resources: [attachments],
      })
    );
    acknowledge(
      fn.role,
      wildcardResourceFinding(this, rawMail),
      'Raw mail is read and tagged by SES message id, known only at run time; the grant is GetObject and PutObjectTagging under inbound/ only'
    );
    acknowledge(
      fn.role,
      wildcardResourceFinding(this, attachments),
      'Attachments are keyed by case id and SHA-256, known only at run time; the grant is under attachments/ only'
    );
  }

  /**
   * The staff API replays failed mail through the same intake use-case and serves attachments:
   * it gets the bucket, the Sev-1 workflow to start, and the same storage grants.
   */
  grantReplayAndAttachments(api: CaseflowFunction<typeof ApiEnvSchema>, sev1: sfn.IStateMachine): void {
    api.lambdaFunction.addEnvironment('RAW_MAIL_BUCKET', this.rawMailBucket.bucketName);
    api.lambdaFunction.addEnvironment('RAW_MAIL_PREFIX', RAW_MAIL_PREFIX);
    api.lambdaFunction.addEnvironment('SEV1_STATE_MACHINE_ARN', sev1.stateMachineArn);
    this.grantMailStorage(api, true);
    sev1.grantStartExecution(api);
    // `POST /api/intake/redrive` reads the on-failure queue, runs intake, deletes what went through.
    api.lambdaFunction.addEnvironment('INTAKE_FAILURE_QUEUE_URL', this.deadLetterQueue.queueUrl);
    api.lambdaFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
        ],
        resources: [this.deadLetterQueue.queueArn],
      })
    );
  }
}

/** A receipt rule name from an address: letters, digits, `-`, `.`, `_`; at most 64 characters. */
function ruleName(address: string): string {
  return address
    .toLowerCase()
    .replace('@', '-at-')
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 64);
}

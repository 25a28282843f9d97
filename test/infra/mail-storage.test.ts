import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { asArray, build, cleanUpTempDirs, logicalId, type Statement, statementsOf } from './synth';

/** Spam expiry, attachment storage and the intake failure path, as CDK synthesizes them. */
cleanUpTempDirs();

describe('mail storage in the caseflow stack', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  beforeAll(() => {
    built = build();
    template = built.template;
  });

  const grants = (role: Parameters<typeof logicalId>[0]) =>
    statementsOf(template, logicalId(role)).filter((s: Statement) =>
      asArray(s.Action).some((a) => a.startsWith('s3:'))
    );
  const objectArn = (prefix: string) => ({
    'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(built.stack.intake.rawMailBucket), 'Arn'] }, `/${prefix}*`]],
  });

  it('expires raw mail tagged caseflow-folder=spam 90 days after receipt, old versions a day later', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'expire-spam',
            Status: 'Enabled',
            TagFilters: [{ Key: 'caseflow-folder', Value: 'spam' }],
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
        ]),
      },
    });
  });

  it('lets intake read and tag raw mail under inbound/ and write attachments under attachments/, nothing more', () => {
    expect(grants(built.stack.intake.intake.role)).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObjectTagging'],
        Resource: objectArn('inbound/'),
      }),
      expect.objectContaining({ Action: 's3:PutObject', Resource: objectArn('attachments/') }),
    ]);
  });

  it('lets the API replay failed mail and serve attachments with the same narrow grants', () => {
    expect(grants(built.stack.httpApi.handler.role)).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObjectTagging'],
        Resource: objectArn('inbound/'),
      }),
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: objectArn('attachments/'),
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^HTTP API'),
      Environment: {
        Variables: Match.objectLike({
          RAW_MAIL_BUCKET: { Ref: logicalId(built.stack.intake.rawMailBucket) },
          SEV1_STATE_MACHINE_ARN: { Ref: logicalId(built.stack.sev1.stateMachine) },
        }),
      },
    });
  });

  it('sends intake events that failed every retry to the failure queue, with an alarm on it', () => {
    const queue = logicalId(built.stack.intake.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(built.stack.intake.intake.lambdaFunction) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
    });
  });
});

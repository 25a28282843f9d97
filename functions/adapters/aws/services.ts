import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { loadConfig } from '../../config/load';
import type { AttachmentStore, LinkSigner, RawMailBucket } from '../../ports';
import type { Services } from '../../use-cases/deps';
import { PostalMimeCodec } from '../mime';
import { RandomIds, SystemClock } from '../random-ids';
import { DynamoCaseStore } from './dynamo-case-store';
import { DynamoHeldMailStore } from './dynamo-held-mail-store';
import { DynamoNoticeLedger } from './dynamo-notice-ledger';
import { EventBridgeBus } from './eventbridge-bus';
import { KmsLinkSigner } from './kms-link-signer';
import { S3AttachmentStore } from './s3-attachment-store';
import { S3RawMailBucket } from './s3-raw-mail-bucket';
import { SesMailer } from './ses-mailer';
import { SfnWorkflows } from './sfn-workflows';
import { SnsSms } from './sns-sms';

/** What every function's environment has; each function adds its own parts. */
export interface AwsServiceEnv {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  SUPPORT_DOMAIN: string;
  RAW_MAIL_BUCKET?: string;
  SEV1_STATE_MACHINE_ARN?: string;
  CASE_CLOCK_STATE_MACHINE_ARN?: string;
  PUBLIC_BASE_URL?: string;
  PAGE_LINK_KEY_ID?: string;
}

const unavailable = <T extends object>(what: string): T =>
  new Proxy({} as T, {
    get() {
      throw new Error(`${what} is not configured for this function`);
    },
  });

/**
 * The composition root on AWS: the same use-cases, with AWS adapters. A function gets only the
 * clients its environment names; touching another is a clear error (and IAM would refuse anyway).
 */
export function awsServices(env: AwsServiceEnv, log: Services['log']): Services {
  const region = process.env.AWS_REGION ?? 'eu-west-1';
  const dynamo = new DynamoDBClient({});
  const s3 = env.RAW_MAIL_BUCKET ? new S3Client({}) : undefined;
  return {
    config: loadConfig(),
    clock: new SystemClock(),
    store: new DynamoCaseStore(dynamo, env.TABLE_NAME),
    held: new DynamoHeldMailStore(dynamo, env.TABLE_NAME),
    notices: new DynamoNoticeLedger(dynamo, env.TABLE_NAME),
    mailer: new SesMailer(new SESv2Client({}), region, env.SUPPORT_DOMAIN),
    codec: new PostalMimeCodec(),
    bucket:
      s3 && env.RAW_MAIL_BUCKET
        ? new S3RawMailBucket(s3, env.RAW_MAIL_BUCKET)
        : unavailable<RawMailBucket>('the raw mail bucket'),
    // Attachments live in the raw mail bucket under attachments/.
    attachments:
      s3 && env.RAW_MAIL_BUCKET
        ? new S3AttachmentStore(s3, env.RAW_MAIL_BUCKET)
        : unavailable<AttachmentStore>('the attachment store'),
    workflows: new SfnWorkflows(new SFNClient({}), {
      sev1Callback: env.SEV1_STATE_MACHINE_ARN,
      caseClock: env.CASE_CLOCK_STATE_MACHINE_ARN,
    }),
    events: new EventBridgeBus(new EventBridgeClient({}), env.EVENT_BUS_NAME),
    signer: env.PAGE_LINK_KEY_ID
      ? new KmsLinkSigner(new KMSClient({}), env.PAGE_LINK_KEY_ID)
      : unavailable<LinkSigner>('page link signing'),
    sms: new SnsSms(new SNSClient({})),
    ids: new RandomIds(),
    log,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? 'https://invalid.example',
  };
}

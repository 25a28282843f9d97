import { GetObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { FOLDER_TAG, type HeldFolder } from '../../domain/held-mail';
import type { AttachmentStore, RawMailBucket } from '../../ports';
import { S3AttachmentStore } from './s3-attachment-store';

/** A function's mail storage: the raw mail bucket, whose attachments/ prefix holds the attachments. */
export function s3MailStorage(bucketName: string): { bucket: RawMailBucket; attachments: AttachmentStore } {
  const client = new S3Client({});
  return {
    bucket: new S3RawMailBucket(client, bucketName),
    attachments: new S3AttachmentStore(client, bucketName),
  };
}

/** Raw MIME as the SES S3 action stored it. */
export class S3RawMailBucket implements RawMailBucket {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string
  ) {}

  async get(key: string): Promise<Uint8Array> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
    if (!out.Body) throw new Error(`raw mail ${key} has no body`);
    return out.Body.transformToByteArray();
  }

  /** The bucket's lifecycle rule expires objects tagged `caseflow-folder=spam` after 90 days. */
  async tagFolder(key: string, folder: HeldFolder): Promise<void> {
    await this.client.send(
      new PutObjectTaggingCommand({
        Bucket: this.bucketName,
        Key: key,
        Tagging: { TagSet: [{ Key: FOLDER_TAG, Value: folder }] },
      })
    );
  }
}

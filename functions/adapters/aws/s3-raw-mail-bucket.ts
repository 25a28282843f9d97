import { GetObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { FOLDER_TAG, type HeldFolder } from '../../domain/held-mail';
import type { RawMailBucket } from '../../ports';

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

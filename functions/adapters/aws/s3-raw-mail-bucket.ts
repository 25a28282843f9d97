import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
}

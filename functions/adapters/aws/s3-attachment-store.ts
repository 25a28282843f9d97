import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AttachmentStore } from '../../ports';

/** Attachment content in the raw mail bucket, under `attachments/` (keys from domain/attachments.ts). */
export class S3AttachmentStore implements AttachmentStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string
  ) {}

  async put(key: string, content: Uint8Array, mimeType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucketName, Key: key, Body: content, ContentType: mimeType })
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
      return out.Body ? out.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

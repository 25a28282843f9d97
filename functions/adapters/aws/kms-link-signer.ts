import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { LinkSigner } from '../../ports';

/** A function's link signer: the page-link key in KMS. */
export const kmsLinkSigner = (keyId: string): KmsLinkSigner => new KmsLinkSigner(new KMSClient({}), keyId);

/** HMAC-SHA-256 with a KMS HMAC key: the key never leaves KMS. Signatures are base64url. */
export class KmsLinkSigner implements LinkSigner {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string
  ) {}

  async sign(message: string): Promise<string> {
    const out = await this.client.send(
      new GenerateMacCommand({
        KeyId: this.keyId,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: Buffer.from(message),
      })
    );
    if (!out.Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(out.Mac).toString('base64url');
  }

  async verify(message: string, signature: string): Promise<boolean> {
    const mac = Buffer.from(signature, 'base64url');
    if (mac.length !== 32) return false;
    try {
      const out = await this.client.send(
        new VerifyMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: Buffer.from(message),
          Mac: mac,
        })
      );
      return out.MacValid === true;
    } catch (error) {
      if ((error as Error).name === 'KMSInvalidMacException') return false;
      throw error;
    }
  }
}

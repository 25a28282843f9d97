import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkSigner } from '../../ports';

/** HMAC-SHA-256 with a local key (the embedded default keeps it in the data dir). */
export class HmacLinkSigner implements LinkSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('page link key must be at least 32 bytes');
  }

  async sign(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message).digest('base64url');
  }

  async verify(message: string, signature: string): Promise<boolean> {
    const expected = createHmac('sha256', this.key).update(message).digest();
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

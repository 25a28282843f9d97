import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutboundMail } from '../../ports';
import { composeMime } from '../mime';

/**
 * The local stand-in for SES sending: every outbound mail is written to the outbox as a raw
 * RFC 5322 `.eml` file (write to a temp name, then rename, so readers never see half a file).
 */
export class OutboxMailer implements Mailer {
  private counter = 0;

  constructor(
    private readonly outboxDir: string,
    private readonly messageDomain: string
  ) {}

  async send(mail: OutboundMail): Promise<{ messageId: string }> {
    const { raw, messageId } = await composeMime(mail, this.messageDomain);
    await mkdir(this.outboxDir, { recursive: true });
    this.counter = (this.counter + 1) % 1_000_000;
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${this.counter.toString().padStart(6, '0')}-${messageId.slice(1, 9)}.eml`;
    const tmp = join(this.outboxDir, `.${name}.tmp`);
    await writeFile(tmp, raw);
    await rename(tmp, join(this.outboxDir, name));
    return { messageId };
  }
}

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutboundMail } from '../../ports';
import { composeMime } from '../mime';

/**
 * The local stand-in for SES sending: every outbound mail is written to the outbox as a raw
 * RFC 5322 `.eml` file (write to a temp name, then rename, so readers never see half a file).
 * The Date header and the file name come from the same clock as the mail's text (`now`).
 */
export class OutboxMailer implements Mailer {
  private counter = 0;

  constructor(
    private readonly outboxDir: string,
    private readonly messageDomain: string,
    private readonly now: () => Date = () => new Date()
  ) {}

  async send(mail: OutboundMail): Promise<{ messageId: string }> {
    const at = this.now();
    const { raw, messageId } = await composeMime(mail, this.messageDomain, at);
    await mkdir(this.outboxDir, { recursive: true });
    this.counter = (this.counter + 1) % 1_000_000;
    const name = `${at.toISOString().replace(/[:.]/g, '-')}-${this.counter.toString().padStart(6, '0')}-${messageId.slice(1, 9)}.eml`;
    const tmp = join(this.outboxDir, `.${name}.tmp`);
    await writeFile(tmp, raw);
    await rename(tmp, join(this.outboxDir, name));
    return { messageId };
  }
}

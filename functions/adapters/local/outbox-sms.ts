import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SmsSender } from '../../ports';

/**
 * The local stand-in for SMS through SNS: every text message is written to the outbox as a
 * `.sms.json` file ({ to, text, at }) beside the `.eml` mails, named and stamped by `now`.
 */
export class OutboxSms implements SmsSender {
  private counter = 0;

  constructor(
    private readonly outboxDir: string,
    private readonly now: () => Date = () => new Date()
  ) {}

  async send(to: string, text: string): Promise<{ id: string }> {
    await mkdir(this.outboxDir, { recursive: true });
    this.counter = (this.counter + 1) % 1_000_000;
    const id = randomBytes(8).toString('hex');
    const at = this.now();
    const name = `${at.toISOString().replace(/[:.]/g, '-')}-${this.counter.toString().padStart(6, '0')}-${id}.sms.json`;
    const tmp = join(this.outboxDir, `.${name}.tmp`);
    await writeFile(tmp, `${JSON.stringify({ to, text, at: at.toISOString() })}\n`);
    await rename(tmp, join(this.outboxDir, name));
    return { id };
  }
}

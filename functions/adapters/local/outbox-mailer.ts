import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutboundMail } from '../../ports';
import { composeMime } from '../compose-mime';

/**
 * The local stand-in for SES sending: every outbound mail is written to the outbox as a raw
 * RFC 5322 `.eml` file (write to a temp name, then rename, so readers never see half a file).
 * The Date header and the file name come from the same clock as the mail's text (`now`).
 *
 * A mail composed with a fixed Message-ID (an acknowledgement sent from its record) is written
 * once: sending it again — a redelivery finishing a crashed intake — finds it already there.
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
    let name = `${at.toISOString().replace(/[:.]/g, '-')}-${this.counter.toString().padStart(6, '0')}-${messageId.slice(1, 9)}.eml`;
    if (mail.messageId) {
      // The marker names the file before the file exists, so no crash can leave two copies.
      const marker = join(this.outboxDir, '.sent', createHash('sha256').update(mail.messageId).digest('hex'));
      await mkdir(join(this.outboxDir, '.sent'), { recursive: true });
      const claimed = await writeFile(marker, name, { flag: 'wx' }).then(
        () => true,
        () => false
      );
      if (!claimed) {
        // Sent before (or being sent right now): at most the same file is written again.
        name = (await readFile(marker, 'utf8')) || name;
        if (existsSync(join(this.outboxDir, name))) return { messageId };
      }
    }
    // A temporary name of this writer's own: two sends of one mail at once each write theirs, and
    // the second rename puts the same content in place again.
    const tmp = join(this.outboxDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, raw);
    await rename(tmp, join(this.outboxDir, name));
    return { messageId };
  }
}

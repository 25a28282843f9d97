import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundMail } from '../../ports';
import { composeMime } from '../mime';

/**
 * Sends through SESv2 as raw MIME, which keeps full control of In-Reply-To and References.
 * SES replaces our Message-ID with its own, so the one it assigns is the one we return and
 * store for threading replies.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly region: string,
    private readonly messageDomain: string,
    private readonly configurationSetName?: string
  ) {}

  async send(mail: OutboundMail): Promise<{ messageId: string }> {
    const { raw } = await composeMime(mail, this.messageDomain);
    const out = await this.client.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: this.configurationSetName,
      })
    );
    return { messageId: `<${out.MessageId}@${this.region}.amazonses.com>` };
  }
}

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundMail } from '../../ports';
import { composeMime } from '../compose-mime';

/**
 * The domain of the Message-ID SES gives a mail it sends: `email.amazonses.com` in us-east-1,
 * `<region>.amazonses.com` in every other region, as the Message-ID header of mail SES sends shows.
 */
export function sesMessageIdDomain(region: string): string {
  return region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
}

/**
 * Sends through SESv2 as raw MIME, which keeps full control of In-Reply-To and References.
 * SES replaces our Message-ID with its own, so the one it assigns is the one we return and
 * store for threading replies; ours is returned too, for a reply that quotes it anyway.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly region: string,
    private readonly messageDomain: string,
    private readonly configurationSetName?: string
  ) {}

  async send(mail: OutboundMail): Promise<{ messageId: string; composedMessageId: string }> {
    const { raw, messageId: composedMessageId } = await composeMime(mail, this.messageDomain);
    const out = await this.client.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: this.configurationSetName,
      })
    );
    return { messageId: `<${out.MessageId}@${sesMessageIdDomain(this.region)}>`, composedMessageId };
  }
}

/** A function's mailer: SES in the function's own region. */
export const sesMailer = (messageDomain: string): SesMailer =>
  new SesMailer(new SESv2Client({}), process.env.AWS_REGION ?? 'eu-west-1', messageDomain);

import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../../ports';

/** A function's SMS sender: SNS in the function's own region. */
export const snsSms = (): SnsSms => new SnsSms(new SNSClient({}));

/** SMS through Amazon SNS (transactional: pages must not be dropped as marketing). */
export class SnsSms implements SmsSender {
  constructor(private readonly sns: SNSClient) {}

  async send(to: string, text: string): Promise<{ id: string }> {
    const out = await this.sns.send(
      new PublishCommand({
        PhoneNumber: to,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      })
    );
    return { id: out.MessageId ?? '' };
  }
}

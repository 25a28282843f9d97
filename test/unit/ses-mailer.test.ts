import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesMailer, sesMessageIdDomain } from '../../functions/adapters/aws/ses-mailer';

/** SES replaces the Message-ID of what it sends; the one it assigns is what replies quote. */
describe('the Message-ID SES gives sent mail', () => {
  it('is on email.amazonses.com in us-east-1 and <region>.amazonses.com elsewhere', () => {
    expect(sesMessageIdDomain('us-east-1')).toBe('email.amazonses.com');
    expect(sesMessageIdDomain('eu-west-1')).toBe('eu-west-1.amazonses.com');
    expect(sesMessageIdDomain('eu-central-1')).toBe('eu-central-1.amazonses.com');
  });

  it('send returns SES’s id for threading and the one we composed, with the Reply-To in the MIME', async () => {
    const sent: Uint8Array[] = [];
    const client = {
      send: async (command: { input: { Content: { Raw: { Data: Uint8Array } } } }) => {
        sent.push(command.input.Content.Raw.Data);
        return { MessageId: '0100018c-aaaa-bbbb-000000' };
      },
    } as unknown as SESv2Client;
    const mailer = new SesMailer(client, 'us-east-1', 'support.example.com');
    const out = await mailer.send({
      from: { address: 'support@support.example.com' },
      to: ['anna.nowak@acme.example'],
      subject: '[CF-1] Test',
      text: 'Hello',
      replyTo: 'support+cf-1.a1b2c3d4e5f60718293a@support.example.com',
    });
    expect(out.messageId).toBe('<0100018c-aaaa-bbbb-000000@email.amazonses.com>');
    expect(out.composedMessageId).toMatch(/^<[0-9a-f]+@support\.example\.com>$/);
    const raw = Buffer.from(sent[0] ?? []).toString();
    expect(raw).toContain(`Message-ID: ${out.composedMessageId}`);
    expect(raw).toContain('Reply-To: support+cf-1.a1b2c3d4e5f60718293a@support.example.com');
  });
});

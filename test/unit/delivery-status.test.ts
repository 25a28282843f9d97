import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeCodec } from '../../functions/adapters/mime';
import { describeRecipient, parseDeliveryReport } from '../../functions/domain/delivery-status';

const FIXTURES = join(import.meta.dirname, '../fixtures/mail');
const ORIGINAL = '<7f3a9c1e2b4d6f8a0c1e3b5d@support.example.com>';
const codec = new PostalMimeCodec();

async function report(file: string, envelopeFrom = '') {
  return parseDeliveryReport(await codec.parse(await readFile(join(FIXTURES, file))), envelopeFrom);
}

describe('delivery-status notifications', () => {
  it('reads a Postfix RFC 3464 report with the returned message', async () => {
    expect(await report('dsn-postfix-rfc3464.eml')).toEqual({
      format: 'rfc3464',
      originalMessageId: ORIGINAL,
      reportingMta: 'mx.acme.example',
      recipients: [
        {
          recipient: 'jan.kowalski@acme.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic:
            'smtp; 550 5.1.1 <jan.kowalski@acme.example>: Recipient address rejected: User unknown in local recipient table',
        },
      ],
    });
  });

  it('reads an Exchange report that returns only the headers (text/rfc822-headers)', async () => {
    const r = await report('dsn-exchange-headers-only.eml', 'postmaster@globex.example');
    expect(r).toMatchObject({
      format: 'rfc3464',
      originalMessageId: ORIGINAL,
      recipients: [{ recipient: 'ops-old@globex.example', action: 'failed', status: '5.1.10' }],
    });
  });

  it('keeps a delay apart from a failure', async () => {
    const r = await report('dsn-delayed.eml');
    expect(r?.recipients).toEqual([
      expect.objectContaining({ recipient: 'anna.nowak@acme.example', action: 'delayed', status: '4.4.1' }),
    ]);
    expect(r?.originalMessageId).toBe(ORIGINAL);
  });

  it('reads a free-text qmail bounce with the original quoted', async () => {
    const r = await report('dsn-qmail-free-text.eml');
    expect(r).toMatchObject({
      format: 'free-text',
      originalMessageId: ORIGINAL,
      recipients: [
        {
          recipient: 'piotr@old-isp.example',
          action: 'failed',
          status: '5.2.1',
          diagnostic: 'Remote host said: 550 5.2.1 Mailbox disabled for this recipient',
        },
      ],
    });
  });

  it('reads a free-text Exim bounce', async () => {
    expect(await report('dsn-exim-free-text.eml')).toMatchObject({
      format: 'free-text',
      originalMessageId: ORIGINAL,
      recipients: [
        {
          recipient: 'marek@hosting-customer.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 No such user here',
        },
      ],
    });
  });

  it('an inline returned message loses its Message-ID in parsing; the recipient is still read', async () => {
    expect(await report('dsn-inline-original.eml')).toMatchObject({
      format: 'free-text',
      originalMessageId: null,
      recipients: [{ recipient: 'ewa@legacy.example', action: 'failed', status: '5.1.1' }],
    });
  });

  it("falls back to the report's own In-Reply-To", async () => {
    const raw = (await readFile(join(FIXTURES, 'dsn-inline-original.eml'), 'utf8')).replace(
      'MIME-Version: 1.0',
      `In-Reply-To: ${ORIGINAL}\r\nMIME-Version: 1.0`
    );
    expect(parseDeliveryReport(await codec.parse(Buffer.from(raw)), '')?.originalMessageId).toBe(ORIGINAL);
  });

  it('reports the original it names even when we never sent it', async () => {
    expect((await report('dsn-unknown-original.eml'))?.originalMessageId).toBe(
      '<never-sent-by-caseflow@elsewhere.example>'
    );
  });

  it.each([
    'auto-ooo-outlook.eml',
    'auto-read-receipt.eml',
    'auto-noreply-sender.eml',
    'auto-human-auto-submitted-no.eml',
  ])('%s is not a delivery report', async (file) => {
    expect(await report(file, 'someone@acme.example')).toBeNull();
  });

  it('a person writing about an undelivered parcel is no bounce', async () => {
    const parsed = await codec.parse(
      Buffer.from(
        'From: anna.nowak@acme.example\r\nTo: support@support.example.com\r\nSubject: Undelivered parcel\r\n\r\nMy parcel was not delivered.\r\n'
      )
    );
    expect(parseDeliveryReport(parsed, 'anna.nowak@acme.example')).toBeNull();
  });

  it('describes a recipient in one line', () => {
    expect(
      describeRecipient({
        recipient: 'a@b.example',
        action: 'failed',
        status: '5.1.1',
        diagnostic: 'smtp; 550',
      })
    ).toBe('a@b.example: failed 5.1.1 (smtp; 550)');
  });
});
